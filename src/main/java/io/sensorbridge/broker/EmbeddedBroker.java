package io.sensorbridge.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.codahale.metrics.Gauge;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.embedded.EmbeddedHiveMQBuilder;
import io.sensorbridge.FreePortCheck;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT broker that runs inside the application by default: HiveMQ CE, which keeps its sessions and queued
 * QoS 1 messages on disk, even across a kill -9 of the JVM.
 * <p>
 * {@link #startInBackground()} begins the broker's start (2-3 s here, see {@link PersistenceLayout}) while Camel
 * initialises the routes; {@link #start()} (called by Camel after the routes' producers have started and before their
 * consumers start) waits for it. MQTT clients made meanwhile wait for {@link #started()} before they connect.
 */
public final class EmbeddedBroker extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final long START_TIMEOUT_SECONDS = 60;
    private static final String PORT_KEY = "broker.embedded.port";
    private static final String USE_THE_OTHER = "set broker.embedded.enabled=false to use the broker already listening"
                                                + " there";

    private final String host;
    private final int port;
    private final Path dataDir;
    private final long maxQueuedMessages;
    private CredentialsCheck credentials;
    private EmbeddedHiveMQ hivemq;
    private CompletableFuture<Void> starting;
    private long startedAt;

    public EmbeddedBroker(String host, int port, Path dataDir, long maxQueuedMessages) {
        this.host = host;
        this.port = port;
        this.dataDir = dataDir.toAbsolutePath();
        this.maxQueuedMessages = maxQueuedMessages;
    }

    /**
     * Lets in only clients with this user name and password (and, with {@code allowAnonymous}, clients with no user
     * name); without this call every client is let in.
     */
    public EmbeddedBroker requireCredentials(String username, String password, boolean allowAnonymous) {
        credentials = new CredentialsCheck(username, password, allowAnonymous);
        return this;
    }

    public String url() {
        return "tcp://" + host + ":" + port;
    }

    /** Completes when the broker listens (or fails to start); only after {@link #startInBackground()}. */
    public CompletableFuture<Void> started() {
        return starting;
    }

    /** MQTT clients connected right now (HiveMQ's own gauge). */
    public long connectedClients() {
        Gauge<?> connections = hivemq.getMetricRegistry().getGauges().get("com.hivemq.networking.connections.current");
        return ((Number) connections.getValue()).longValue();
    }

    /** Checks the port, writes HiveMQ's configuration and starts the broker without waiting for it. */
    public void startInBackground() throws IOException {
        FreePortCheck.require(PORT_KEY, host, port, USE_THE_OTHER);
        Path conf = Files.createDirectories(dataDir.resolve("conf"));
        Files.writeString(conf.resolve("config.xml"), configXml());
        startedAt = System.nanoTime();
        Path data = Files.createDirectories(dataDir.resolve("data"));
        PersistenceLayout.chooseFor(data);
        QuickStop.beforeBuild();
        EmbeddedHiveMQBuilder builder = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(data)
                .withExtensionsFolder(Files.createDirectories(dataDir.resolve("extensions")))
                .withoutLoggingBootstrap();
        if (credentials != null) {
            builder.withEmbeddedExtension(EmbeddedExtension.builder().withId("sensor-bridge-credentials")
                    .withName("sensor-bridge credentials").withVersion("1").withAuthor("sensor-bridge")
                    .withExtensionMain(credentials).build());
        }
        hivemq = builder.build();
        starting = hivemq.start();
    }

    @Override
    protected void doStart() throws Exception {
        if (starting == null) {
            startInBackground();
        }
        try {
            starting.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            // another process took the port after the check in startInBackground (two bridges started at once)
            FreePortCheck.requireStill(PORT_KEY, host, port, USE_THE_OTHER);
            throw new IllegalStateException("The embedded MQTT broker did not start: " + e.getCause(), e);
        }
        QuickStop.afterStart(hivemq);
        LOG.info("Embedded MQTT broker listening on {} (data in {}), started in {} ms{}", url(), dataDir,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt),
                credentials == null ? "" : "; " + credentials.rule());
    }

    @Override
    protected void doStop() throws Exception {
        if (hivemq != null && !starting.isDone()) {
            // the application's start failed while the broker was still starting: it is stopped once it has started,
            // without holding up the exit that follows (HiveMQ keeps its data across an end at any point)
            EmbeddedHiveMQ stillStarting = hivemq;
            starting.whenComplete((started, failed) -> stillStarting.stop());
            hivemq = null;
            return;
        }
        if (hivemq != null) {
            hivemq.stop().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.info("Embedded MQTT broker stopped");
            hivemq = null;
            starting = null;
        }
    }

    private String configXml() {
        return """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>%s</bind-address>
                        </tcp-listener>
                    </listeners>
                    <mqtt>
                        <queued-messages>
                            <max-queue-size>%d</max-queue-size>
                        </queued-messages>
                        <!-- Paho's MQTT 5 client resends in-flight messages after a reconnect with their stale
                             topic alias and no topic; the broker then disconnects it, again and again -->
                        <topic-alias>
                            <enabled>false</enabled>
                        </topic-alias>
                    </mqtt>
                    <persistence>
                        <mode>file</mode>
                    </persistence>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, host, maxQueuedMessages);
    }
}
