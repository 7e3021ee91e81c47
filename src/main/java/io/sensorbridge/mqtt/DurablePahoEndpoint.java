package io.sensorbridge.mqtt;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.component.paho.PahoConfiguration;
import org.apache.camel.component.paho.PahoEndpoint;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;

/** A {@code paho:} endpoint with a {@link DurablePahoConsumer} and a {@link BufferingPahoProducer}. */
public class DurablePahoEndpoint extends PahoEndpoint {

    private final int publishBuffer;

    DurablePahoEndpoint(String uri, String topic, DurablePahoComponent component, PahoConfiguration configuration,
                        int publishBuffer) {
        super(uri, topic, component, configuration);
        this.publishBuffer = publishBuffer;
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        DurablePahoConsumer consumer = new DurablePahoConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public Producer createProducer() {
        return new BufferingPahoProducer(this, publishBuffer);
    }

    /** A connection for this endpoint's client id, with its own reconnect thread. */
    ReconnectingClient newConnection(ReconnectingClient.Listener listener, String role) throws MqttException {
        PahoConfiguration config = getConfiguration();
        String clientId = config.getClientId() != null ? config.getClientId() : MqttAsyncClient.generateClientId();
        MqttAsyncClient client = new MqttAsyncClient(config.getBrokerUrl(), clientId,
                createMqttClientPersistence(config));
        return new ReconnectingClient(this, client,
                getCamelContext().getExecutorServiceManager().newSingleThreadScheduledExecutor(this,
                        "mqtt-" + role + "-" + clientId),
                listener);
    }

    MqttConnectOptions connectOptions() {
        MqttConnectOptions options = createMqttConnectOptions(getConfiguration());
        // ReconnectingClient reconnects itself, with one log line per attempt
        options.setAutomaticReconnect(false);
        return options;
    }
}
