package io.sensorbridge.mqtt;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.camel.Endpoint;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Component;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5ComponentConfigurer;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Configuration;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5EndpointConfigurer;
import org.apache.camel.spi.PropertyConfigurer;

/**
 * The {@code paho-mqtt5:} component with a consumer that can promise "acknowledged means written"
 * ({@link DurablePahoConsumer}) and a producer that buffers while the broker is away ({@link BufferingPahoProducer}).
 * Registered under the name {@code paho-mqtt5}, so routes and options read exactly as in Camel's documentation.
 * <p>
 * Why MQTT 5 and not camel-paho (MQTT 3.1.1): Paho's 3.1.1 client rejects every valid topic with a character
 * outside the Basic Multilingual Plane (an emoji, say) when it receives it, and its receiver thread dies silently;
 * the unacknowledged message then comes back on every reconnect and the bridge never moves past it.
 */
public class DurablePahoComponent extends PahoMqtt5Component {

    private int publishBuffer = 10_000;
    private boolean rejectWhenFull;
    private int watchdogSeconds = 300;
    private CompletionStage<?> brokerStarted = CompletableFuture.completedFuture(null);

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        PahoMqtt5Configuration configuration = getConfiguration().copy();
        DurablePahoEndpoint endpoint = new DurablePahoEndpoint(uri, remaining, this, configuration, publishBuffer,
                rejectWhenFull, watchdogSeconds);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    // camel-paho-mqtt5's generated configurers, so camel.component.paho-mqtt5.* and URI options bind as usual
    @Override
    public PropertyConfigurer getComponentPropertyConfigurer() {
        return new PahoMqtt5ComponentConfigurer();
    }

    @Override
    public PropertyConfigurer getEndpointPropertyConfigurer() {
        return new PahoMqtt5EndpointConfigurer();
    }

    /**
     * Connections wait for this before their first attempt: the embedded broker's start, so clients made while it
     * starts connect the moment it listens (all at once) instead of being refused and backing off for a second.
     */
    public void setBrokerStarted(CompletionStage<?> brokerStarted) {
        this.brokerStarted = brokerStarted;
    }

    CompletionStage<?> getBrokerStarted() {
        return brokerStarted;
    }

    /** Seconds without any message after which a consumer reconnects, in case the broker stopped sending. */
    public void setWatchdogSeconds(int watchdogSeconds) {
        this.watchdogSeconds = watchdogSeconds;
    }

    /** Messages a producer keeps while the broker is unreachable before it drops new ones. */
    public void setPublishBuffer(int publishBuffer) {
        this.publishBuffer = publishBuffer;
    }

    /** Whether a publish that finds the buffer full fails (true) or is dropped and counted (false, the default). */
    public void setRejectWhenFull(boolean rejectWhenFull) {
        this.rejectWhenFull = rejectWhenFull;
    }
}
