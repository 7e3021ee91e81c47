package io.sensorbridge;

import java.nio.file.Path;
import java.time.Clock;

import io.sensorbridge.broker.EmbeddedBroker;
import io.sensorbridge.files.BridgeLines;
import io.sensorbridge.files.LineFileComponent;
import io.sensorbridge.files.TopicPaths;
import io.sensorbridge.mqtt.DurablePahoComponent;
import io.sensorbridge.reading.ReadingCheck;
import io.sensorbridge.reading.ReadingGenerator;
import io.sensorbridge.routes.BridgeRoute;
import io.sensorbridge.routes.SimulatorRoute;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;

/**
 * Wires what the routes refer to by name: the {@code paho} and {@code linefile} components, the beans, and the
 * embedded broker, which starts here, in the background, while Camel initialises the routes. With
 * {@code routes.dsl=java} it also adds the Java DSL routes (the YAML ones are then not loaded).
 */
@Configuration
public class SensorBridgeConfiguration implements CamelConfiguration {

    @PropertyInject("routes.dsl")
    private String routesDsl;
    @PropertyInject("broker.embedded.enabled")
    private boolean brokerEnabled;
    @PropertyInject("broker.embedded.host")
    private String brokerHost;
    @PropertyInject("broker.embedded.port")
    private int brokerPort;
    @PropertyInject("broker.embedded.data-dir")
    private String brokerDataDir;
    @PropertyInject("broker.embedded.max-queued-messages")
    private long brokerMaxQueued;
    @PropertyInject("simulator.sensor-id")
    private String sensorId;
    @PropertyInject("bridge.max-payload-bytes")
    private int maxPayloadBytes;
    @PropertyInject("bridge.deadletter.payload-bytes")
    private int deadLetterPayloadBytes;

    @BindToRegistry("paho")
    public DurablePahoComponent paho() {
        return new DurablePahoComponent();
    }

    @BindToRegistry("linefile")
    public LineFileComponent linefile() {
        return new LineFileComponent();
    }

    @BindToRegistry
    public ReadingGenerator readingGenerator() {
        return new ReadingGenerator(sensorId, Clock.systemUTC());
    }

    @BindToRegistry
    public ReadingCheck readingCheck() {
        return new ReadingCheck(maxPayloadBytes);
    }

    @BindToRegistry
    public BridgeLines bridgeLines() {
        return new BridgeLines(deadLetterPayloadBytes);
    }

    @BindToRegistry
    public TopicPaths topicPaths() {
        return new TopicPaths();
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        if ("java".equals(routesDsl)) {
            context.addRoutes(new SimulatorRoute());
            context.addRoutes(new BridgeRoute());
        }
        if (brokerEnabled) {
            EmbeddedBroker broker = new EmbeddedBroker(brokerHost, brokerPort, Path.of(brokerDataDir), brokerMaxQueued);
            broker.startInBackground();
            context.addService(broker, true, false);
        }
    }
}
