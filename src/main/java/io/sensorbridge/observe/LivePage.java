package io.sensorbridge.observe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live chart page on camel-main's own HTTP server: {@code /} and its assets, served from a fixed list of
 * classpath resources (no part of a request ever names a file), and {@code /live/events} ({@link LiveFeed}). The
 * routes go on Camel's Vert.x router directly, not through a {@code platform-http} route, which buffers a stream in
 * Camel 4.17 (CAMEL-23804). Nothing on the page comes from another origin: uPlot is the WebJar's copy.
 */
public final class LivePage implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(LivePage.class);
    /** The WebJar of uPlot the pom names (org.webjars.npm:uplot); its files are served as /uplot.min.*. */
    private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";
    private static final String SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private record Asset(String type, Buffer content) {
    }

    private final String host;
    private final int port;
    private final LiveFeed feed;
    private final Map<String, Asset> assets = new LinkedHashMap<>();

    public LivePage(String host, int port, LiveFeed feed) {
        this.host = host;
        this.port = port;
        this.feed = feed;
        asset("/", "live/index.html", "text/html; charset=utf-8");
        asset("/live.js", "live/live.js", "text/javascript; charset=utf-8");
        asset("/live.css", "live/live.css", "text/css; charset=utf-8");
        asset("/uplot.min.js", UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8");
        asset("/uplot.min.css", UPLOT + "uPlot.min.css", "text/css; charset=utf-8");
    }

    private void asset(String path, String resource, String type) {
        try (InputStream in = LivePage.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the live page's " + resource + " is not on the classpath");
            }
            assets.put(path, new Asset(type, Buffer.buffer(in.readAllBytes())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Called once the HTTP server has started, before the routes start. */
    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        Router router = VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            LOG.warn("No HTTP server on port {}: the live page is not served", port);
            return;
        }
        assets.forEach((path, asset) -> router.get(path).handler(request -> request.response()
                .putHeader("Content-Type", asset.type())
                .putHeader("Content-Security-Policy", SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Cache-Control", "no-cache")
                .end(asset.content())));
        router.get("/live/events").handler(feed::serve);
        // the address the server listens on (camel-main's own summary says 0.0.0.0 whatever camel.server.host is)
        String address = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        LOG.info("Live chart: {}/  health: {}/observe/health  metrics: {}/observe/metrics", address, address, address);
    }
}
