package io.sensorbridge.mqtt;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * {@link PahoClient} on Paho's mqttv5 API (MQTT 5): Paho's own {@link MqttAsyncClient}, with the calls in which the
 * APIs differ. Its callback is set before it ever connects.
 */
final class PahoV5Client extends MqttAsyncClient implements PahoClient {

    private final MqttConnectionOptions options;

    PahoV5Client(String brokerUrl, String clientId, MqttClientPersistence persistence, boolean manualAcks,
                 MqttConnectionOptions options, Events events) throws MqttException {
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
        // MQTT 5's client sends any topic
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
        IMqttToken[] inFlight = getPendingTokens();
        if (inFlight.length > 0) {
            inFlight[0].waitForCompletion(millis);
        }
    }

    @Override
    public void disconnectConnected(boolean quiesce, long millis) throws MqttException {
        (quiesce ? super.disconnect() : super.disconnect(0)).waitForCompletion(millis);
    }
}
