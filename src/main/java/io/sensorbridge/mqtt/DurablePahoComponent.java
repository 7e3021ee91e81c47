package io.sensorbridge.mqtt;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.component.paho.PahoComponent;
import org.apache.camel.component.paho.PahoComponentConfigurer;
import org.apache.camel.component.paho.PahoConfiguration;
import org.apache.camel.component.paho.PahoEndpointConfigurer;
import org.apache.camel.spi.PropertyConfigurer;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/**
 * camel-paho (MQTT 3.1.1) with our consumer and producer ({@link DurablePahoConsumer}, {@link BufferingPahoProducer}),
 * registered as {@code paho} when {@code mqtt.version=3.1.1}. Every option of camel-paho works; the session is
 * persistent by default ({@code cleanSession=false}), as our consumer needs, and the protocol is 3.1.1 exactly
 * (Paho would otherwise fall back to 3.1).
 * <p>
 * One option of our own: {@code shareGroup=<group>} on a consumer subscribes to {@code $share/<group>/<topic>}
 * ({@link DurableOptions#shareGroup()}).
 */
public class DurablePahoComponent extends PahoComponent {

    private final DurableOptions options;

    public DurablePahoComponent(DurableOptions options) {
        this.options = options;
        getConfiguration().setCleanSession(false);
        getConfiguration().setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        PahoConfiguration configuration = getConfiguration().copy();
        // ours, not camel-paho's: taken out before Camel binds the rest
        String shareGroup = getAndRemoveParameter(parameters, "shareGroup", String.class, "");
        DurablePahoEndpoint endpoint = new DurablePahoEndpoint(uri, remaining, this, configuration,
                options.sharedBy(shareGroup));
        setProperties(endpoint, parameters);
        return endpoint;
    }

    // camel-paho's generated configurers, so camel.component.paho.* and URI options bind as usual
    @Override
    public PropertyConfigurer getComponentPropertyConfigurer() {
        return new PahoComponentConfigurer();
    }

    @Override
    public PropertyConfigurer getEndpointPropertyConfigurer() {
        return new PahoEndpointConfigurer();
    }
}
