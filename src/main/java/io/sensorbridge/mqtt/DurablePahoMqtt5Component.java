package io.sensorbridge.mqtt;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Component;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5ComponentConfigurer;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Configuration;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5EndpointConfigurer;
import org.apache.camel.spi.PropertyConfigurer;

/**
 * camel-paho-mqtt5 (MQTT 5) with our consumer and producer ({@link DurablePahoConsumer},
 * {@link BufferingPahoProducer}), registered as {@code paho} when {@code mqtt.version=5}. Every option of
 * camel-paho-mqtt5 works; the session is persistent by default ({@code cleanStart=false}, the longest session
 * expiry), as our consumer needs.
 * <p>
 * One option of our own: {@code shareGroup=<group>} on a consumer subscribes to {@code $share/<group>/<topic>}
 * ({@link DurableOptions#shareGroup()}).
 */
public class DurablePahoMqtt5Component extends PahoMqtt5Component {

    private static final long SESSION_NEVER_EXPIRES = 0xFFFF_FFFFL;

    private final DurableOptions options;

    public DurablePahoMqtt5Component(DurableOptions options) {
        this.options = options;
        getConfiguration().setCleanStart(false);
        getConfiguration().setSessionExpiryInterval(SESSION_NEVER_EXPIRES);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        PahoMqtt5Configuration configuration = getConfiguration().copy();
        // ours, not camel-paho's: taken out before Camel binds the rest
        String shareGroup = getAndRemoveParameter(parameters, "shareGroup", String.class, "");
        DurablePahoMqtt5Endpoint endpoint = new DurablePahoMqtt5Endpoint(uri, remaining, this, configuration,
                options.sharedBy(shareGroup));
        setProperties(endpoint, parameters);
        return endpoint;
    }

    // camel-paho-mqtt5's generated configurers, so camel.component.paho.* and URI options bind as usual
    @Override
    public PropertyConfigurer getComponentPropertyConfigurer() {
        return new PahoMqtt5ComponentConfigurer();
    }

    @Override
    public PropertyConfigurer getEndpointPropertyConfigurer() {
        return new PahoMqtt5EndpointConfigurer();
    }
}
