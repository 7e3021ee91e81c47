package io.sensorbridge;

import java.net.BindException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.sensorbridge.broker.EmbeddedBroker;
import io.sensorbridge.settings.Settings;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.impl.TCPServerBase;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What must hold before any MQTT client connects: the embedded broker listens (when it runs) and the HTTP server
 * listens on http.port (when it runs). A port another process took after {@link FreePortCheck} passed (two bridges
 * started at the same moment) is found here, and the start stops in one line naming its key: Camel 4.17 does not
 * stop when its HTTP server cannot listen (its Vert.x thread throws the BindException, logged as a long stack trace,
 * and the start goes on without health, metrics or page), and a client that connected anyway would reach whatever
 * holds the broker's port: another bridge's broker, whose clients of the same ids it would push off.
 * <p>
 * The MQTT clients wait for {@link #opened()} (see {@code DurableOptions}); this listener opens it once Camel has
 * started the HTTP server, or fails it. A Vert.x of our own, with a handler for what its threads throw, goes in the
 * registry for camel-main's server, so that a lost bind is this one line and not also the stack trace.
 */
final class StartGate implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(StartGate.class);
    static final String WITHOUT_HTTP = "set http.enabled=false to run without health, metrics and the live page";

    private final CompletableFuture<Void> open = new CompletableFuture<>();
    private final CompletionStage<Void> brokerStarted;
    private final String httpHost;
    private final int httpPort;

    private StartGate(CompletionStage<Void> brokerStarted, String httpHost, int httpPort) {
        this.brokerStarted = brokerStarted;
        this.httpHost = httpHost;
        this.httpPort = httpPort;
    }

    /** The gate for this start, listening to Camel's; with the HTTP server's Vert.x when {@code http.enabled}. */
    static StartGate install(CamelContext context, Settings settings, EmbeddedBroker broker) throws Exception {
        StartGate gate = new StartGate(broker == null ? CompletableFuture.completedFuture(null) : broker.started(),
                settings.http.host, settings.http.enabled ? settings.http.port : 0);
        if (settings.http.enabled) {
            // Vert.x would copy classpath files into a /tmp/vertx-cache-* folder per start, left behind
            System.setProperty("vertx.disableFileCPResolving", "true");
            Vertx vertx = Vertx.vertx();
            vertx.exceptionHandler(StartGate::unhandled);
            context.getRegistry().bind("vertx", Vertx.class, vertx);
        }
        context.addStartupListener(gate);
        return gate;
    }

    /** Completes when the clients may connect; fails when the start fails for a port. */
    CompletionStage<Void> opened() {
        return open;
    }

    /** Called once Camel has started its services, the HTTP server among them, before the routes start. */
    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        try {
            if (httpPort > 0) {
                requireHttpListening(context);
            }
        } catch (RuntimeException e) {
            open.completeExceptionally(e);
            throw e;
        }
        brokerStarted.whenComplete((started, failed) -> {
            if (failed == null) {
                open.complete(null);
            } else {
                open.completeExceptionally(failed);
            }
        });
    }

    private void requireHttpListening(CamelContext context) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context,
                VertxPlatformHttpRouter.getRouterNameFromPort(httpPort));
        HttpServer server = router == null ? null : router.getServer().getServer();
        if (server instanceof TCPServerBase tcp && !tcp.isListening()) {
            FreePortCheck.requireStill("http.port", httpHost, httpPort, WITHOUT_HTTP);
            throw new ConfigurationException("http.port", "a port the HTTP server can listen on: it could not listen"
                    + " on " + httpHost + ":" + httpPort + "; choose another port, or " + WITHOUT_HTTP);
        }
    }

    /** What a Vert.x thread threw and nothing handled: a lost bind is reported by the check above, in one line. */
    private static void unhandled(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return;
            }
        }
        LOG.error("Unhandled failure in the HTTP server", failure);
    }
}
