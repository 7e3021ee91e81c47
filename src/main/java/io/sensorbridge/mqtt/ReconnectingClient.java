package io.sensorbridge.mqtt;

import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MQTT connection that keeps itself up: it connects asynchronously, and after a failed attempt or a lost
 * connection tries again with exponential back-off (1 s doubling up to {@code maxReconnectDelay}), one log line
 * per attempt. Nothing here blocks Paho's callback thread.
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

        /** {@code from} is the client to acknowledge the message on. */
        void messageArrived(MqttAsyncClient from, String topic, MqttMessage message) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ReconnectingClient.class);
    private static final long FIRST_RETRY_MILLIS = 1_000;
    private static final long STOP_WAIT_MILLIS = 10_000;

    private final DurablePahoEndpoint endpoint;
    private final Callable<MqttAsyncClient> newClient;
    private final ScheduledExecutorService scheduler;
    private final Listener listener;
    private final AtomicBoolean reconnecting = new AtomicBoolean();
    private final AtomicInteger attempt = new AtomicInteger();
    private volatile MqttAsyncClient client;
    private volatile int finishedAttempt;
    private volatile boolean running;
    private int failedAttempts;

    ReconnectingClient(DurablePahoEndpoint endpoint, Callable<MqttAsyncClient> newClient,
                       ScheduledExecutorService scheduler, Listener listener) throws Exception {
        this.endpoint = endpoint;
        this.newClient = newClient;
        this.scheduler = scheduler;
        this.listener = listener;
        this.client = boundClient();
    }

    MqttAsyncClient client() {
        return client;
    }

    String brokerUrl() {
        return client.getServerURI();
    }

    /** Connects once the broker is there to connect to (see {@link DurablePahoComponent#setBrokerStarted}). */
    void start() {
        running = true;
        endpoint.getComponent().getBrokerStarted().whenComplete((started, failed) -> runLater(this::connect));
    }

    void stop() {
        running = false;
        endpoint.getCamelContext().getExecutorServiceManager().shutdownNow(scheduler);
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(STOP_WAIT_MILLIS);
            }
            client.close();
        } catch (MqttException e) {
            LOG.warn("Disconnecting {} from {} failed: {}", client.getClientId(), brokerUrl(), describe(e));
        }
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
                if (client.isConnected()) {
                    client.disconnect(0).waitForCompletion(STOP_WAIT_MILLIS);
                }
            } catch (MqttException e) {
                LOG.debug("Disconnect before reconnecting failed: {}", describe(e));
            } finally {
                reconnecting.set(false);
            }
            retryLater("Reconnecting to " + brokerUrl(), "requested");
        });
    }

    private MqttAsyncClient boundClient() throws Exception {
        MqttAsyncClient fresh = newClient.call();
        fresh.setCallback(new Events(fresh));
        return fresh;
    }

    private void connect() {
        if (!running) {
            return;
        }
        int thisAttempt = attempt.incrementAndGet();
        MqttAsyncClient connecting = client;
        try {
            connecting.connect(endpoint.connectOptions(), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    if (finish(thisAttempt, connecting)) {
                        failedAttempts = 0;
                        LOG.info("Connected to {} as {} (session present: {})", brokerUrl(), connecting.getClientId(),
                                token.getSessionPresent());
                        listener.connected(ReconnectingClient.this);
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    if (finish(thisAttempt, connecting)) {
                        retryLater("Cannot connect to " + brokerUrl() + " as " + connecting.getClientId(),
                                describe(cause));
                    }
                }
            });
            scheduler.schedule(() -> abandonIfHanging(thisAttempt), endpoint.getConfiguration().getConnectionTimeout(),
                    TimeUnit.SECONDS);
        } catch (MqttException e) {
            finish(thisAttempt, connecting);
            retryLater("Cannot connect to " + brokerUrl() + " as " + connecting.getClientId(), describe(e));
        }
    }

    /** Marks an attempt as answered; false if it belongs to a client that was replaced meanwhile. */
    private boolean finish(int thisAttempt, MqttAsyncClient connecting) {
        finishedAttempt = Math.max(finishedAttempt, thisAttempt);
        return connecting == client;
    }

    private void abandonIfHanging(int thisAttempt) {
        if (!running || finishedAttempt >= thisAttempt || attempt.get() != thisAttempt) {
            return;
        }
        MqttAsyncClient hanging = client;
        try {
            client = boundClient();
            hanging.close(true);
        } catch (Exception e) {
            LOG.debug("Closing the abandoned client failed: {}", describe(e));
        }
        finishedAttempt = thisAttempt;
        retryLater("Connecting to " + brokerUrl() + " did not finish within "
                   + endpoint.getConfiguration().getConnectionTimeout() + " s", "starting over with a new client");
    }

    private void retryLater(String what, String reason) {
        if (!running) {
            return;
        }
        failedAttempts++;
        long delay = Math.min(FIRST_RETRY_MILLIS << Math.min(failedAttempts - 1, 10),
                endpoint.getConfiguration().getMaxReconnectDelay());
        LOG.warn("{}: {}; retry {} in {} ms", what, reason, failedAttempts, delay);
        scheduler.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    /** Paho's callbacks for one client; a replaced client's are ignored. */
    private final class Events implements MqttCallback {

        private final MqttAsyncClient owner;

        Events(MqttAsyncClient owner) {
            this.owner = owner;
        }

        private boolean current() {
            return owner == client;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (current()) {
                String reason = response.getException() != null ? describe(response.getException())
                        : response.getReasonString() != null ? response.getReasonString()
                        : "reason code " + response.getReturnCode();
                retryLater("Lost connection to " + brokerUrl(), reason);
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("MQTT error on {}: {}", brokerUrl(), describe(exception));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            if (current()) {
                listener.messageArrived(owner, topic, message);
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // publishers learn about delivery from their tokens
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // the connect listener reports and subscribes
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
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
