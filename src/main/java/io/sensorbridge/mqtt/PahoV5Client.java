package io.sensorbridge.mqtt;

import java.util.function.Consumer;
import java.util.function.IntConsumer;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link PahoClient} on Paho's mqttv5 API (MQTT 5). Its callback is set before it ever connects. */
final class PahoV5Client extends PahoClient {

    private static final Logger LOG = LoggerFactory.getLogger(PahoV5Client.class);

    private final MqttAsyncClient client;
    private final MqttConnectionOptions options;

    PahoV5Client(String brokerUrl, String clientId, MqttClientPersistence persistence, boolean manualAcks,
                 MqttConnectionOptions options, Events events) throws MqttException {
        super(brokerUrl, clientId);
        this.client = new MqttAsyncClient(brokerUrl, clientId, persistence);
        this.options = options;
        client.setManualAcks(manualAcks);
        client.setCallback(new Callback(events));
    }

    @Override
    boolean isConnected() {
        return client.isConnected();
    }

    @Override
    void connect(Consumer<Boolean> done, Consumer<Throwable> failed) {
        try {
            client.connect(options, null, PahoListener.v5(token -> done.accept(token.getSessionPresent()), failed));
        } catch (MqttException e) {
            failed.accept(e);
        }
    }

    @Override
    void subscribe(String filter, int qos, IntConsumer granted, Consumer<Throwable> failed) {
        try {
            client.subscribe(filter, qos, null,
                    PahoListener.v5(token -> PahoClient.granted(token.getReasonCodes()[0], granted, failed), failed));
        } catch (MqttException e) {
            failed.accept(e);
        }
    }

    @Override
    void checkSendable(String topic) {
        // MQTT 5's client sends any topic
    }

    @Override
    void send(String topic, byte[] payload, int qos, boolean retained, Consumer<Throwable> delivered)
            throws MqttException {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(qos);
        message.setRetained(retained);
        client.publish(topic, message, null,
                delivered == null ? null : PahoListener.v5(token -> delivered.accept(refusal(token)), delivered));
    }

    @Override
    int reasonCode(Exception failure) {
        return failure instanceof MqttException paho ? paho.getReasonCode() : -1;
    }

    /**
     * What an MQTT 5 PUBACK's reason code says: null for success; for a refusal no retry changes (not authorized,
     * topic name or payload format invalid) an IllegalArgumentException, for any other an IllegalStateException.
     */
    private static Throwable refusal(IMqttToken token) {
        int[] codes = token.getReasonCodes();
        int code = codes == null || codes.length == 0 ? 0 : codes[0];
        if (code < 0x80) {
            return null;
        }
        String reason = "the broker refused the message (MQTT 5 reason code 0x" + Integer.toHexString(code) + ")";
        return code == 0x87 || code == 0x90 || code == 0x99 ? new IllegalArgumentException(reason)
                : new IllegalStateException(reason);
    }

    @Override
    void awaitOldestInFlight(long millis) throws MqttException {
        IMqttToken[] inFlight = client.getPendingTokens();
        if (inFlight.length > 0) {
            inFlight[0].waitForCompletion(millis);
        }
    }

    @Override
    int inFlight() {
        return client.getPendingTokens().length;
    }

    @Override
    void acknowledge(Arrival arrival) throws MqttException {
        client.messageArrivedComplete(arrival.id(), arrival.qos());
    }

    @Override
    void disconnectConnected(boolean quiesce, long millis) throws MqttException {
        (quiesce ? client.disconnect() : client.disconnect(0)).waitForCompletion(millis);
    }

    @Override
    void close(boolean force) throws MqttException {
        client.close(force);
    }

    /** Paho's callbacks, passed on as {@link Events}. */
    private final class Callback implements MqttCallback {

        private final Events events;

        Callback(Events events) {
            this.events = events;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            events.lost(response.getException() != null ? ReconnectingClient.describe(response.getException())
                    : response.getReasonString() != null ? response.getReasonString()
                    : "reason code " + response.getReturnCode());
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("MQTT error on {}: {}", client.getServerURI(), ReconnectingClient.describe(exception));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            events.arrived(new Arrival(PahoV5Client.this, topic, message.getPayload(), message.getQos(),
                    message.getId(), message.isDuplicate(), message.isRetained()));
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // publishers learn about delivery from their tokens
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // the connect listener reports
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }
}
