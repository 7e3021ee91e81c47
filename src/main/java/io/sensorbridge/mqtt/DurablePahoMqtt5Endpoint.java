package io.sensorbridge.mqtt;

import javax.net.ssl.SSLSocketFactory;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Configuration;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Endpoint;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/**
 * A camel-paho-mqtt5 endpoint with our consumer and producer, on {@link PahoV5Client}. For {@code tcp://} and
 * {@code ssl://} its socket factory (the TLS one too) is wrapped in a {@link PacketRewritingSocketFactory} that reads
 * through a {@link NoTopicAliasInputStream}, so Paho never sends a topic alias, which it would resend on a new
 * connection where it means nothing.
 */
class DurablePahoMqtt5Endpoint extends PahoMqtt5Endpoint implements DurableEndpoint {

    private final DurableOptions options;

    DurablePahoMqtt5Endpoint(String uri, String topic, DurablePahoMqtt5Component component,
                             PahoMqtt5Configuration configuration, DurableOptions options) {
        super(uri, topic, component, configuration);
        this.options = options;
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        DurablePahoConsumer consumer = new DurablePahoConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public Producer createProducer() {
        return new BufferingPahoProducer(this);
    }

    @Override
    public PahoClient newClient(String clientId, boolean manualAcks, PahoClient.Events events) throws Exception {
        PahoMqtt5Configuration config = getConfiguration();
        MqttConnectionOptions connect = createMqttConnectionOptions();
        // ReconnectingClient reconnects itself, with one log line per attempt
        connect.setAutomaticReconnect(false);
        if (PacketRewritingSocketFactory.rewritable(config.getBrokerUrl())) {
            connect.setSocketFactory(PacketRewritingSocketFactory.forBroker(config.getBrokerUrl(),
                    (SSLSocketFactory) config.getSocketFactory(), NoTopicAliasInputStream::new));
        }
        return new PahoV5Client(config.getBrokerUrl(), clientId, createMqttClientPersistence(config), manualAcks,
                connect, events);
    }

    @Override
    public DurableOptions options() {
        return options;
    }

    @Override
    public ClientSettings settings() {
        PahoMqtt5Configuration c = getConfiguration();
        return new ClientSettings(c.getBrokerUrl(), c.getClientId() != null ? c.getClientId() : generateClientId(),
                c.getQos(), c.isRetained(), c.isManualAcksEnabled(), c.getConnectionTimeout(),
                c.getMaxReconnectDelay());
    }
}
