package io.sensorbridge.mqtt;

import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's callbacks passed on as {@link PahoClient.Events}, on either API: Paho's mqttv3 and mqttv5
 * {@code MqttCallback} differ only in their types and in what MQTT 5 adds, so one class is both (as
 * {@link PahoListener} is for actions).
 */
final class PahoCallback implements org.eclipse.paho.client.mqttv3.MqttCallback,
        org.eclipse.paho.mqttv5.client.MqttCallback {

    private static final Logger LOG = LoggerFactory.getLogger(PahoCallback.class);

    private final PahoClient client;
    private final PahoClient.Events events;

    PahoCallback(PahoClient client, PahoClient.Events events) {
        this.client = client;
        this.events = events;
    }

    @Override
    public void connectionLost(Throwable cause) {
        events.lost(ReconnectingClient.describe(cause));
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        events.lost(response.getException() != null ? ReconnectingClient.describe(response.getException())
                : response.getReasonString() != null ? response.getReasonString()
                : "reason code " + response.getReturnCode());
    }

    /** mqttv3: Paho 1.2.5 cannot receive some topics; they arrive escaped ({@link TopicEscapingInputStream}). */
    @Override
    public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) throws Exception {
        events.arrived(new PahoClient.Arrival(client, EscapedTopics.restore(topic), message.getPayload(),
                message.getQos(), message.getId(), message.isDuplicate(), message.isRetained()));
    }

    @Override
    public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage message) throws Exception {
        events.arrived(new PahoClient.Arrival(client, topic, message.getPayload(), message.getQos(), message.getId(),
                message.isDuplicate(), message.isRetained()));
    }

    @Override
    public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException exception) {
        LOG.warn("MQTT error on {}: {}", client.getServerURI(), ReconnectingClient.describe(exception));
    }

    @Override
    public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
        // publishers learn about delivery from their tokens
    }

    @Override
    public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken token) {
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
