package io.sensorbridge.mqtt;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Component;
import org.apache.camel.spi.annotations.Component;

/**
 * camel-paho-mqtt5 (MQTT 5) with our consumer and producer ({@link DurablePahoConsumer},
 * {@link BufferingPahoProducer}), registered as {@code paho} when {@code mqtt.version=5}. Every option of
 * camel-paho-mqtt5 works; the session is persistent by default ({@code cleanStart=false}, the longest session
 * expiry), as our consumer needs.
 * <p>
 * One option of our own: {@code shareGroup=<group>} on a consumer subscribes to {@code $share/<group>/<topic>}
 * ({@link DurableOptions#shareGroup()}).
 * <p>
 * Named {@code paho-mqtt5} as camel-paho-mqtt5's own component is, so Camel finds its generated configurers and
 * {@code camel.component.<name>.*} and URI options bind as usual.
 */
@Component("paho-mqtt5")
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
        // shareGroup is ours, not camel-paho's: taken out before Camel binds the rest
        DurablePahoMqtt5Endpoint endpoint = new DurablePahoMqtt5Endpoint(uri, remaining, this,
                getConfiguration().copy(), options.sharedBy(getAndRemoveParameter(parameters, "shareGroup",
                        String.class, "")));
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
