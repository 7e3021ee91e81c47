package io.sensorbridge.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import javax.net.SocketFactory;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** An outside MQTT client for tests: the Eclipse Paho Java client over real TCP. */
public final class TestMqttClient implements AutoCloseable {

    private final MqttClient client;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final BlockingQueue<Long> arrivals = new LinkedBlockingQueue<>();

    public TestMqttClient(String brokerUrl, String clientId, boolean cleanSession) throws MqttException {
        this(brokerUrl, clientId, cleanSession, null);
    }

    /** Over TLS ({@code ssl://}) with {@code tls}, e.g. a PemSocketFactory trusting the test's CA; null: Paho's own. */
    public TestMqttClient(String brokerUrl, String clientId, boolean cleanSession, SocketFactory tls)
            throws MqttException {
        client = new MqttClient(brokerUrl, clientId, new MemoryPersistence());
        client.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                // tests notice through missing messages
            }

            @Override
            public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
                arrivals.add(System.nanoTime());
                received.add(new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
                // publishes are synchronous
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(cleanSession);
        // a synchronous publish can return before Paho frees its in-flight slot: leave room
        options.setMaxInflight(1000);
        options.setSocketFactory(tls);
        client.connect(options);
    }

    public void publish(String topic, String payload, int qos) throws MqttException {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos);
    }

    public void publish(String topic, byte[] payload, int qos) throws MqttException {
        client.publish(topic, payload, qos, false);
    }

    /** Subscribes; what arrives collects in {@link #received()}. */
    public TestMqttClient subscribe(String topicFilter, int qos) throws MqttException {
        client.subscribe(topicFilter, qos);
        return this;
    }

    public BlockingQueue<String> received() {
        return received;
    }

    /** When each message of {@link #received()} arrived, by {@link System#nanoTime()}, in the same order. */
    public List<Long> arrivalNanos() {
        return List.copyOf(arrivals);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
