package io.sensorbridge.mqtt;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Configuration;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Endpoint;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/** A {@code paho-mqtt5:} endpoint with a {@link DurablePahoConsumer} and a {@link BufferingPahoProducer}. */
public class DurablePahoEndpoint extends PahoMqtt5Endpoint {

    private final int publishBuffer;
    private final boolean rejectWhenFull;
    private final int watchdogSeconds;

    DurablePahoEndpoint(String uri, String topic, DurablePahoComponent component, PahoMqtt5Configuration configuration,
                        int publishBuffer, boolean rejectWhenFull, int watchdogSeconds) {
        super(uri, topic, component, configuration);
        this.publishBuffer = publishBuffer;
        this.rejectWhenFull = rejectWhenFull;
        this.watchdogSeconds = watchdogSeconds;
    }

    @Override
    public DurablePahoComponent getComponent() {
        return (DurablePahoComponent) super.getComponent();
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        DurablePahoConsumer consumer = new DurablePahoConsumer(this, processor, watchdogSeconds);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public Producer createProducer() {
        return new BufferingPahoProducer(this, publishBuffer, rejectWhenFull);
    }

    /** A connection for this endpoint's client id, with its own reconnect thread. */
    ReconnectingClient newConnection(ReconnectingClient.Listener listener, String role, boolean manualAcks)
            throws Exception {
        PahoMqtt5Configuration config = getConfiguration();
        String clientId = config.getClientId() != null ? config.getClientId() : generateClientId();
        return new ReconnectingClient(this, () -> {
            MqttAsyncClient client = new MqttAsyncClient(config.getBrokerUrl(), clientId,
                    createMqttClientPersistence(config));
            client.setManualAcks(manualAcks);
            return client;
        }, getCamelContext().getExecutorServiceManager().newSingleThreadScheduledExecutor(this,
                "mqtt-" + role + "-" + clientId), listener);
    }

    MqttConnectionOptions connectOptions() {
        MqttConnectionOptions options = createMqttConnectionOptions();
        // ReconnectingClient reconnects itself, with one log line per attempt
        options.setAutomaticReconnect(false);
        return options;
    }
}
