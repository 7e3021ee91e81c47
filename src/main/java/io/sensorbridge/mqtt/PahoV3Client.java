package io.sensorbridge.mqtt;

import java.util.function.Consumer;
import java.util.function.IntConsumer;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClientPersistence;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/**
 * {@link PahoClient} on Paho's mqttv3 API (MQTT 3.1.1). Its callback is set before it ever connects. Its socket
 * factory escapes the topics Paho 1.2.5 cannot receive ({@link TopicEscapingInputStream}); they are restored here,
 * before anyone sees them. A topic Paho cannot <em>send</em> (an emoji, a fullwidth letter) is refused at once with
 * one clear line: given to Paho, its sender thread would fail on it after every reconnect.
 */
final class PahoV3Client extends PahoClient {

    private final MqttAsyncClient client;
    private final MqttConnectOptions options;

    PahoV3Client(String brokerUrl, String clientId, MqttClientPersistence persistence, boolean manualAcks,
                 MqttConnectOptions options, Events events) throws MqttException {
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
            client.connect(options, null, PahoListener.v3(token -> done.accept(token.getSessionPresent()), failed));
        } catch (MqttException e) {
            failed.accept(e);
        }
    }

    @Override
    void subscribe(String filter, int qos, IntConsumer granted, Consumer<Throwable> failed) {
        try {
            EscapedTopics.checkSendable(filter);
            client.subscribe(filter, qos, null,
                    PahoListener.v3(token -> PahoClient.granted(token.getGrantedQos()[0], granted, failed), failed));
        } catch (MqttException | IllegalArgumentException e) {
            failed.accept(e);
        }
    }

    @Override
    void checkSendable(String topic) {
        EscapedTopics.checkSendable(topic);
    }

    @Override
    void send(String topic, byte[] payload, int qos, boolean retained, Consumer<Throwable> delivered)
            throws MqttException {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(qos);
        message.setRetained(retained);
        client.publish(topic, message, null,
                delivered == null ? null : PahoListener.v3(token -> delivered.accept(null), delivered));
    }

    @Override
    int reasonCode(Exception failure) {
        return failure instanceof MqttException paho ? paho.getReasonCode() : -1;
    }

    @Override
    void awaitOldestInFlight(long millis) throws MqttException {
        IMqttDeliveryToken[] inFlight = client.getPendingDeliveryTokens();
        if (inFlight.length > 0) {
            inFlight[0].waitForCompletion(millis);
        }
    }

    @Override
    int inFlight() {
        return client.getPendingDeliveryTokens().length;
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
        public void connectionLost(Throwable cause) {
            events.lost(ReconnectingClient.describe(cause));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            events.arrived(new Arrival(PahoV3Client.this, EscapedTopics.restore(topic), message.getPayload(),
                    message.getQos(), message.getId(), message.isDuplicate(), message.isRetained()));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // publishers learn about delivery from their tokens
        }
    }
}
