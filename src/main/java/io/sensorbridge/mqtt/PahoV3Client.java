package io.sensorbridge.mqtt;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClientPersistence;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/**
 * {@link PahoClient} on Paho's mqttv3 API (MQTT 3.1.1): Paho's own {@link MqttAsyncClient}, with the calls in which
 * the APIs differ. Its callback is set before it ever connects. Its socket factory escapes the topics Paho 1.2.5
 * cannot receive ({@link TopicEscapingInputStream}); {@link PahoCallback} restores them before anyone sees them. A
 * topic Paho cannot <em>send</em> (an emoji, a fullwidth letter) is refused at once with one clear line: given to
 * Paho, its sender thread would fail on it after every reconnect.
 */
final class PahoV3Client extends MqttAsyncClient implements PahoClient {

    private final MqttConnectOptions options;

    PahoV3Client(String brokerUrl, String clientId, MqttClientPersistence persistence, boolean manualAcks,
                 MqttConnectOptions options, Events events) throws MqttException {
        super(brokerUrl, clientId, persistence);
        this.options = options;
        setManualAcks(manualAcks);
        setCallback(new PahoCallback(this, events));
    }

    @Override
    public void connectWith(PahoListener listener) throws MqttException {
        super.connect(options, null, listener);
    }

    @Override
    public void subscribeWith(String filter, int qos, PahoListener listener) throws MqttException {
        super.subscribe(filter, qos, null, listener);
    }

    @Override
    public void checkSendable(String topic) {
        EscapedTopics.checkSendable(topic);
    }

    @Override
    public void send(String topic, byte[] payload, int qos, boolean retained, PahoListener listener)
            throws MqttException {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(qos);
        message.setRetained(retained);
        super.publish(topic, message, null, listener);
    }

    @Override
    public void awaitOldestInFlight(long millis) throws MqttException {
        IMqttDeliveryToken[] inFlight = getPendingDeliveryTokens();
        if (inFlight.length > 0) {
            inFlight[0].waitForCompletion(millis);
        }
    }

    @Override
    public void disconnectConnected(boolean quiesce, long millis) throws MqttException {
        (quiesce ? super.disconnect() : super.disconnect(0)).waitForCompletion(millis);
    }
}
