package io.sensorbridge.mqtt;

import org.apache.camel.Endpoint;

/**
 * What {@link DurablePahoConsumer} and {@link BufferingPahoProducer} need of an endpoint, whichever Paho API is
 * behind it: its settings, and a new {@link PahoClient} of its MQTT version.
 */
interface DurableEndpoint extends Endpoint {

    String getTopic();

    DurableOptions options();

    /** Camel's options that our consumer and producer use, read from the endpoint's configuration. */
    ClientSettings settings();

    PahoClient newClient(String clientId, boolean manualAcks, PahoClient.Events events) throws Exception;

    /** A connection for this endpoint's client id, with its own reconnect thread. */
    default ReconnectingClient newConnection(ReconnectingClient.Listener listener, String role, boolean manualAcks)
            throws Exception {
        String clientId = settings().clientId();
        return new ReconnectingClient(this, events -> newClient(clientId, manualAcks, events),
                getCamelContext().getExecutorServiceManager().newSingleThreadScheduledExecutor(this,
                        "mqtt-" + role + "-" + clientId), listener);
    }
}
