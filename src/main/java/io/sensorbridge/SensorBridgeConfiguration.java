package io.sensorbridge;

import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import io.sensorbridge.broker.EmbeddedBroker;
import io.sensorbridge.files.BridgeLines;
import io.sensorbridge.files.DeadLetterLog;
import io.sensorbridge.files.LineFileComponent;
import io.sensorbridge.files.TopicPaths;
import io.sensorbridge.forward.ForwardDeadLetter;
import io.sensorbridge.forward.GivenFunction;
import io.sensorbridge.forward.JsonArrayBatch;
import io.sensorbridge.forward.ReadingRow;
import io.sensorbridge.mqtt.DurablePahoComponent;
import io.sensorbridge.reading.Chaos;
import io.sensorbridge.reading.ReadingCheck;
import io.sensorbridge.reading.SensorTopic;
import io.sensorbridge.reading.SimulatedSensors;
import io.sensorbridge.reading.TemperatureModel;
import io.sensorbridge.routes.BridgeRoute;
import io.sensorbridge.routes.ForwardRoutes;
import io.sensorbridge.routes.SimulatorRoute;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.spi.Registry;
import org.apache.camel.util.concurrent.SynchronousExecutorService;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires what the routes refer to by name: the {@code paho-mqtt5} and {@code linefile} components, the beans, and the
 * embedded broker, which starts here, in the background, while Camel initialises the routes. Settings are checked
 * first ({@link Settings}), so a bad one stops the start before anything runs. With {@code routes.dsl=java} it
 * also adds the Java DSL routes (the YAML ones are then not loaded).
 */
@Configuration
public class SensorBridgeConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SensorBridgeConfiguration.class);
    private static final int DEAD_LETTER_LINES_PER_MINUTE = 20;

    @BindToRegistry("paho-mqtt5")
    public DurablePahoComponent pahoMqtt5() {
        return new DurablePahoComponent();
    }

    /** A second MQTT client component for the forward to another broker: its own URL and credentials. */
    @BindToRegistry("forward-mqtt")
    public DurablePahoComponent forwardMqtt() {
        DurablePahoComponent forward = new DurablePahoComponent();
        // a reading that cannot wait any more fails, so the forward route retries and then dead-letters it
        forward.setRejectWhenFull(true);
        return forward;
    }

    @BindToRegistry("linefile")
    public LineFileComponent linefile() {
        return new LineFileComponent();
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        context.getPropertiesComponent().addPropertiesFunction(new SensorTopic(context.getPropertiesComponent()));
        context.getPropertiesComponent().addPropertiesFunction(new GivenFunction(context.getPropertiesComponent()));
        Settings settings = Settings.check(context.getPropertiesComponent());
        Registry registry = context.getRegistry();
        registry.bind("simulatedSensors", new SimulatedSensors(settings.sensorId, settings.sensors,
                settings.sensorTopic, TemperatureModel.valueOf(settings.model.toUpperCase(Locale.ROOT)),
                settings.seed.orElseGet(() -> ThreadLocalRandom.current().nextLong()), settings.simulatorPeriod,
                new Chaos(settings.malformedRate, settings.duplicateRate, settings.dropRate), Clock.systemUTC()));
        registry.bind("readingCheck", new ReadingCheck(settings.maxPayloadBytes));
        registry.bind("bridgeLines", new BridgeLines(settings.deadLetterPayloadBytes));
        registry.bind("topicPaths", new TopicPaths(settings.hiveLayout, settings.rotateEvery));
        registry.bind("deadLetterLog", new DeadLetterLog(DEAD_LETTER_LINES_PER_MINUTE, 60_000));
        // both connections (simulator and bridge) are made by endpoints of this component, which copy its configuration
        DurablePahoComponent mqtt = registry.lookupByNameAndType("paho-mqtt5", DurablePahoComponent.class);
        mqtt.getConfiguration().setSocketFactory(settings.tlsSocketFactory);
        if (!settings.verifyHostname) {
            LOG.warn("mqtt.tls.verify-hostname=false: the broker's certificate is NOT checked against its host name;"
                     + " anyone holding a certificate from a trusted CA can pose as the broker");
        }
        registry.bind("forwardDeadLetter", new ForwardDeadLetter());
        registry.bind("forwardDeadLetterLog", new DeadLetterLog(DEAD_LETTER_LINES_PER_MINUTE, 60_000));
        registry.bind("jsonArrayBatch", new JsonArrayBatch(settings.forwardHttpBatchSize));
        registry.bind("readingRow", new ReadingRow());
        registry.bind("forwardHttpSender", new SynchronousExecutorService());
        registry.bind("forwardDataSource", forwardDataSource(settings));
        if ("java".equals(settings.routesDsl)) {
            context.addRoutes(new SimulatorRoute());
            context.addRoutes(new BridgeRoute());
            context.addRoutes(new ForwardRoutes());
        }
        if (settings.brokerEnabled) {
            EmbeddedBroker broker = new EmbeddedBroker(settings.brokerHost, settings.brokerPort,
                    settings.brokerDataDir, settings.brokerMaxQueued);
            if (!settings.username.isEmpty()) {
                broker.requireCredentials(settings.username, settings.password, settings.brokerAllowAnonymous);
            }
            broker.startInBackground();
            mqtt.setBrokerStarted(broker.started());
            context.addService(broker, true, false);
        }
    }

    /** The PostgreSQL forward's database (a connection per insert; no pool: one forward thread uses it). */
    private static PGSimpleDataSource forwardDataSource(Settings settings) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        if (!settings.forwardJdbcUrl.isEmpty()) {
            dataSource.setURL(settings.forwardJdbcUrl);
            // only when given: the URL may carry ?user=...&password=..., which setURL has already applied
            if (!settings.forwardJdbcUser.isEmpty()) {
                dataSource.setUser(settings.forwardJdbcUser);
            }
            if (!settings.forwardJdbcPassword.isEmpty()) {
                dataSource.setPassword(settings.forwardJdbcPassword);
            }
        }
        return dataSource;
    }
}
