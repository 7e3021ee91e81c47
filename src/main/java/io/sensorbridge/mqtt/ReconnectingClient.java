package io.sensorbridge.mqtt;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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
 */
final class ReconnectingClient implements MqttCallback {

    /** What the owner of the connection does with it. */
    interface Listener {
        void connected(ReconnectingClient connection);

        void messageArrived(String topic, MqttMessage message) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ReconnectingClient.class);
    private static final long FIRST_RETRY_MILLIS = 1_000;
    private static final long STOP_WAIT_MILLIS = 10_000;

    private final DurablePahoEndpoint endpoint;
    private final MqttAsyncClient client;
    private final ScheduledExecutorService scheduler;
    private final Listener listener;
    private final AtomicBoolean reconnecting = new AtomicBoolean();
    private volatile boolean running;
    private int failedAttempts;

    ReconnectingClient(DurablePahoEndpoint endpoint, MqttAsyncClient client, ScheduledExecutorService scheduler,
                       Listener listener) {
        this.endpoint = endpoint;
        this.client = client;
        this.scheduler = scheduler;
        this.listener = listener;
        client.setCallback(this);
    }

    MqttAsyncClient client() {
        return client;
    }

    String brokerUrl() {
        return client.getServerURI();
    }

    void start() {
        running = true;
        connect();
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

    private void connect() {
        if (!running) {
            return;
        }
        try {
            client.connect(endpoint.connectOptions(), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    failedAttempts = 0;
                    LOG.info("Connected to {} as {} (session present: {})", brokerUrl(), client.getClientId(),
                            token.getSessionPresent());
                    listener.connected(ReconnectingClient.this);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    retryLater("Cannot connect to " + brokerUrl() + " as " + client.getClientId(), describe(cause));
                }
            });
        } catch (MqttException e) {
            retryLater("Cannot connect to " + brokerUrl() + " as " + client.getClientId(), describe(e));
        }
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

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        String reason = response.getException() != null ? describe(response.getException())
                : response.getReasonString() != null ? response.getReasonString()
                : "reason code " + response.getReturnCode();
        retryLater("Lost connection to " + brokerUrl(), reason);
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        LOG.warn("MQTT error on {}: {}", brokerUrl(), describe(exception));
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) throws Exception {
        listener.messageArrived(topic, message);
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // publishers learn about delivery from their tokens
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        // the connect listener above reports and subscribes
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // no enhanced authentication
    }

    static String describe(Throwable cause) {
        if (cause == null) {
            return "unknown reason";
        }
        String text = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        Throwable root = cause.getCause();
        return root != null && root.getMessage() != null ? text + " (" + root.getMessage() + ")" : text;
    }
}
