package io.sensorbridge.mqtt;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.component.paho.PahoComponent;
import org.apache.camel.component.paho.PahoComponentConfigurer;
import org.apache.camel.component.paho.PahoConfiguration;
import org.apache.camel.component.paho.PahoEndpointConfigurer;
import org.apache.camel.spi.PropertyConfigurer;

/**
 * The {@code paho:} component with a consumer that can promise "acknowledged means written"
 * ({@link DurablePahoConsumer}) and a producer that buffers while the broker is away ({@link BufferingPahoProducer}).
 * Registered under the name {@code paho}, so routes and options read exactly as in Camel's documentation.
 */
public class DurablePahoComponent extends PahoComponent {

    private int publishBuffer = 10_000;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        PahoConfiguration configuration = getConfiguration().copy();
        DurablePahoEndpoint endpoint = new DurablePahoEndpoint(uri, remaining, this, configuration, publishBuffer);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    // camel-paho's generated configurers, so camel.component.paho.* and URI options bind as for camel-paho
    @Override
    public PropertyConfigurer getComponentPropertyConfigurer() {
        return new PahoComponentConfigurer();
    }

    @Override
    public PropertyConfigurer getEndpointPropertyConfigurer() {
        return new PahoEndpointConfigurer();
    }

    /** Messages a producer keeps while the broker is unreachable before it drops new ones. */
    public void setPublishBuffer(int publishBuffer) {
        this.publishBuffer = publishBuffer;
    }
}
