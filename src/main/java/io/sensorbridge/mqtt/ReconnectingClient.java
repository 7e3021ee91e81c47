package io.sensorbridge.mqtt;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sensorbridge.Meters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MQTT connection that keeps itself up: it connects asynchronously, and after a failed attempt or a lost
 * connection tries again with exponential back-off (1 s doubling up to {@code maxReconnectDelay}), one log line
 * per attempt. Nothing here blocks Paho's callback thread. The same for both MQTT versions ({@link PahoClient}).
 * <p>
 * A connect that neither succeeds nor fails within the connection timeout (Paho's sender can hang before it sends
 * CONNECT after a broker restart, eclipse-paho/paho.mqtt.java#953) is abandoned: the client is closed and a new
 * one takes its place. Events from a replaced client are ignored, and a message is acknowledged on the client it
 * arrived on, so a message id is never acknowledged on the wrong connection.
 */
final class ReconnectingClient {

    /** What the owner of the connection does with it. */
    interface Listener {
        void connected(ReconnectingClient connection);

        /** {@link PahoClient.Arrival#from()} is the client to acknowledge the message on. */
        void messageArrived(PahoClient.Arrival arrival) throws Exception;
    }

    /** Makes a new client that reports to the given events. */
    interface ClientFactory {
        PahoClient newClient(PahoClient.Events events) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ReconnectingClient.class);
    private static final long FIRST_RETRY_MILLIS = 1_000;
    private static final long STOP_WAIT_MILLIS = 10_000;

    private final DurableEndpoint endpoint;
    private final ClientFactory factory;
    private final ScheduledExecutorService scheduler;
    private final Listener listener;
    private final AtomicBoolean reconnecting = new AtomicBoolean();
    private final AtomicInteger attempt = new AtomicInteger();
    private volatile PahoClient client;
    private volatile int finishedAttempt;
    private volatile boolean running;
    private int failedAttempts;
    private final Counter connectionsUp;
    private final Counter connectionsFailed;
    private final Counter connectionsLost;

    ReconnectingClient(DurableEndpoint endpoint, ClientFactory factory, ScheduledExecutorService scheduler,
                       Listener listener) throws Exception {
        this.endpoint = endpoint;
        this.factory = factory;
        this.scheduler = scheduler;
        this.listener = listener;
        this.client = boundClient();
        // by client id (the bridge's, the simulator's, the MQTT forward's): a few, named in the settings
        MeterRegistry meters = Meters.of(endpoint.getCamelContext());
        String id = endpoint.settings().clientId();
        connectionsUp = connections(meters, id, "up");
        connectionsFailed = connections(meters, id, "failed");
        connectionsLost = connections(meters, id, "lost");
        Gauge.builder("sensorbridge.mqtt.connected", this, connection -> connection.client().isConnected() ? 1 : 0)
                .tag("client", id).description("1 while the MQTT client is connected").register(meters);
    }

    private static Counter connections(MeterRegistry meters, String clientId, String event) {
        return Counter.builder("sensorbridge.mqtt.connections").tag("client", clientId).tag("event", event)
                .description("MQTT connections made (up), attempts that failed, connections lost").register(meters);
    }

    PahoClient client() {
        return client;
    }

    String brokerUrl() {
        return client.getServerURI();
    }

    /** Connects once the start allows it (see {@link DurableOptions#startGate()}); never, if the start failed. */
    void start() {
        running = true;
        endpoint.options().startGate().whenComplete((open, failed) -> {
            if (failed == null) {
                runLater(this::connect);
            }
        });
    }

    void stop() {
        running = false;
        endpoint.getCamelContext().getExecutorServiceManager().shutdownNow(scheduler);
        PahoClient last = client;
        letGo(last, () -> last.disconnect(true, STOP_WAIT_MILLIS));
        letGo(last, () -> last.close(false));
    }

    /** Runs a task on this connection's own thread (not Paho's callback thread). */
    void runLater(Runnable task) {
        if (running) {
            scheduler.execute(task);
        }
    }

    /** Runs a check on this connection's own thread every {@code seconds}. */
    void every(int seconds, Runnable check) {
        scheduler.scheduleWithFixedDelay(check, seconds, seconds, TimeUnit.SECONDS);
    }

    /** Drops the connection and connects again, so the broker resends what was not acknowledged. */
    void reconnect() {
        if (!running || !reconnecting.compareAndSet(false, true)) {
            return;
        }
        scheduler.execute(() -> {
            try {
                letGo(client, () -> client.disconnect(false, STOP_WAIT_MILLIS));
            } finally {
                reconnecting.set(false);
            }
            retryLater("Reconnecting to " + brokerUrl(), "requested");
        });
    }

    private PahoClient boundClient() throws Exception {
        PahoClient[] made = new PahoClient[1];
        made[0] = factory.newClient(new PahoClient.Events() {
            @Override
            public void lost(String reason) {
                if (made[0] == client) {
                    connectionsLost.increment();
                    retryLater("Lost connection to " + brokerUrl(), reason);
                }
            }

            @Override
            public void arrived(PahoClient.Arrival arrival) throws Exception {
                if (arrival.from() == client) {
                    listener.messageArrived(arrival);
                }
            }
        });
        return made[0];
    }

    private void connect() {
        if (!running) {
            return;
        }
        int thisAttempt = attempt.incrementAndGet();
        PahoClient connecting = client;
        connecting.connect(sessionPresent -> {
            if (finish(thisAttempt, connecting)) {
                failedAttempts = 0;
                connectionsUp.increment();
                LOG.info("Connected to {} as {} (session present: {})", brokerUrl(), connecting.getClientId(),
                        sessionPresent);
                listener.connected(this);
            }
        }, cause -> {
            if (finish(thisAttempt, connecting)) {
                connectionsFailed.increment();
                retryLater("Cannot connect to " + brokerUrl() + " as " + connecting.getClientId(), describe(cause));
            }
        });
        scheduler.schedule(() -> abandonIfHanging(thisAttempt), endpoint.settings().connectionTimeout(),
                TimeUnit.SECONDS);
    }

    /** Marks an attempt as answered; false if it belongs to a client that was replaced meanwhile. */
    private boolean finish(int thisAttempt, PahoClient connecting) {
        finishedAttempt = Math.max(finishedAttempt, thisAttempt);
        return connecting == client;
    }

    private void abandonIfHanging(int thisAttempt) {
        if (!running || finishedAttempt >= thisAttempt || attempt.get() != thisAttempt) {
            return;
        }
        PahoClient hanging = client;
        try {
            client = boundClient();
        } catch (Exception e) {
            LOG.debug("Making a new client failed: {}", describe(e));
        }
        letGo(hanging, () -> hanging.close(true));
        finishedAttempt = thisAttempt;
        retryLater("Connecting to " + brokerUrl() + " did not finish within "
                   + endpoint.settings().connectionTimeout() + " s", "starting over with a new client");
    }

    /** Disconnects or closes a client being let go: if that fails, the client is gone all the same. */
    private static void letGo(PahoClient client, PahoClient.Call call) {
        try {
            call.run();
        } catch (Exception e) {
            LOG.debug("Letting {} go failed: {}", client.getClientId(), describe(e));
        }
    }

    private void retryLater(String what, String reason) {
        if (!running) {
            return;
        }
        failedAttempts++;
        long delay = Math.min(FIRST_RETRY_MILLIS << Math.min(failedAttempts - 1, 10),
                endpoint.settings().maxReconnectDelay());
        LOG.warn("{}: {}; retry {} in {} ms", what, reason, failedAttempts, delay);
        scheduler.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    static String describe(Throwable cause) {
        if (cause == null) {
            return "unknown reason";
        }
        String tls = TlsFailure.describe(cause);
        if (tls != null) {
            return tls;
        }
        String text = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        Throwable root = cause.getCause();
        return root != null && root.getMessage() != null ? text + " (" + root.getMessage() + ")" : text;
    }
}
