package io.sensorbridge.mqtt;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.component.paho.PahoComponent;
import org.apache.camel.spi.annotations.Component;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/**
 * camel-paho (MQTT 3.1.1) with our consumer and producer ({@link DurablePahoConsumer}, {@link BufferingPahoProducer}),
 * registered as {@code paho} when {@code mqtt.version=3.1.1}. Every option of camel-paho works; the session is
 * persistent by default ({@code cleanSession=false}), as our consumer needs, and the protocol is 3.1.1 exactly
 * (Paho would otherwise fall back to 3.1).
 * <p>
 * One option of our own: {@code shareGroup=<group>} on a consumer subscribes to {@code $share/<group>/<topic>}
 * ({@link DurableOptions#shareGroup()}).
 * <p>
 * Named {@code paho} as camel-paho's own component is, so Camel finds its generated configurers and
 * {@code camel.component.<name>.*} and URI options bind as usual.
 */
@Component("paho")
public class DurablePahoComponent extends PahoComponent {

    private final DurableOptions options;

    public DurablePahoComponent(DurableOptions options) {
        this.options = options;
        getConfiguration().setCleanSession(false);
        getConfiguration().setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        // shareGroup is ours, not camel-paho's: taken out before Camel binds the rest
        DurablePahoEndpoint endpoint = new DurablePahoEndpoint(uri, remaining, this, getConfiguration().copy(),
                options.sharedBy(getAndRemoveParameter(parameters, "shareGroup", String.class, "")));
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
