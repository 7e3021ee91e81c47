package io.sensorbridge.mqtt;

import javax.net.ssl.SSLSocketFactory;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.component.paho.PahoConfiguration;
import org.apache.camel.component.paho.PahoEndpoint;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/**
 * A camel-paho endpoint with our consumer and producer, on {@link PahoV3Client}. Its socket factory (the TLS one
 * too) is wrapped in a {@link PacketRewritingSocketFactory} that reads through a {@link TopicEscapingInputStream},
 * so a topic Paho 1.2.5 would choke on arrives intact.
 */
class DurablePahoEndpoint extends PahoEndpoint implements DurableEndpoint {

    private final DurableOptions options;

    DurablePahoEndpoint(String uri, String topic, DurablePahoComponent component, PahoConfiguration configuration,
                        DurableOptions options) {
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
        PahoConfiguration config = getConfiguration();
        MqttConnectOptions connect = createMqttConnectOptions(config);
        // ReconnectingClient reconnects itself, with one log line per attempt
        connect.setAutomaticReconnect(false);
        connect.setSocketFactory(PacketRewritingSocketFactory.forBroker(config.getBrokerUrl(),
                (SSLSocketFactory) config.getSocketFactory(), TopicEscapingInputStream::new));
        return new PahoV3Client(config.getBrokerUrl(), clientId, createMqttClientPersistence(config), manualAcks,
                connect, events);
    }

    @Override
    public DurableOptions options() {
        return options;
    }

    @Override
    public ClientSettings settings() {
        PahoConfiguration c = getConfiguration();
        return new ClientSettings(c.getBrokerUrl(),
                c.getClientId() != null ? c.getClientId() : MqttAsyncClient.generateClientId(), c.getQos(),
                c.isRetained(), c.isManualAcksEnabled(), c.getConnectionTimeout(), c.getMaxReconnectDelay());
    }
}
