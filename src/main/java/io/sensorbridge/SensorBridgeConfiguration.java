package io.sensorbridge;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import javax.net.SocketFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sensorbridge.broker.EmbeddedBroker;
import io.sensorbridge.files.BridgeLines;
import io.sensorbridge.files.DeadLetterLog;
import io.sensorbridge.files.LineFileComponent;
import io.sensorbridge.files.ReadingLine;
import io.sensorbridge.files.TopicPaths;
import io.sensorbridge.forward.ForwardDeadLetter;
import io.sensorbridge.forward.GivenFunction;
import io.sensorbridge.forward.JsonArrayBatch;
import io.sensorbridge.forward.ReadingRow;
import io.sensorbridge.mqtt.DurableOptions;
import io.sensorbridge.observe.ForwardMeters;
import io.sensorbridge.observe.FreeDisk;
import io.sensorbridge.observe.HttpAccess;
import io.sensorbridge.observe.LiveFeed;
import io.sensorbridge.observe.LivePage;
import io.sensorbridge.observe.Meters;
import io.sensorbridge.observe.ReadingWritten;
import io.sensorbridge.observe.ReadinessCheck;
import io.sensorbridge.observe.SummaryLog;
import io.sensorbridge.mqtt.DurablePahoComponent;
import io.sensorbridge.mqtt.DurablePahoMqtt5Component;
import io.sensorbridge.reading.Chaos;
import io.sensorbridge.reading.PayloadSizeCheck;
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
import org.apache.camel.Component;
import org.apache.camel.Configuration;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.spi.Registry;
import org.apache.camel.util.concurrent.SynchronousExecutorService;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires what the routes refer to by name: the {@code paho} component (camel-paho or camel-paho-mqtt5, as
 * {@code mqtt.version} says) and {@code linefile}, the beans, and the embedded broker, which starts here, in the
 * background, while Camel initialises the routes. Settings are checked
 * first ({@link Settings}), so a bad one stops the start before anything runs. With {@code routes.dsl=java} it
 * also adds the Java DSL routes (the YAML ones are then not loaded).
 */
@Configuration
public class SensorBridgeConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SensorBridgeConfiguration.class);
    private static final int DEAD_LETTER_LINES_PER_MINUTE = 20;

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
        // camel-micrometer's, made before this runs (with camel.metrics.enabled), or ours: the components made below
        // count into it, and /observe/metrics publishes it
        MeterRegistry meters = registry.lookupByNameAndType(Meters.REGISTRY, MeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind(Meters.REGISTRY, MeterRegistry.class, meters);
        }
        FreeDisk.register(meters, Path.of(settings.outputDir));
        registry.bind("simulatedSensors", new SimulatedSensors(settings.sensorId, settings.sensors,
                settings.sensorTopic, TemperatureModel.valueOf(settings.model.toUpperCase(Locale.ROOT)),
                settings.seed.orElseGet(() -> ThreadLocalRandom.current().nextLong()), settings.simulatorPeriod,
                new Chaos(settings.malformedRate, settings.duplicateRate, settings.dropRate), Clock.systemUTC()));
        registry.bind("payloadSizeCheck", new PayloadSizeCheck(settings.maxPayloadBytes));
        registry.bind("readingCheck", new ReadingCheck());
        registry.bind("readingLine", new ReadingLine());
        registry.bind("readingLogRate", new LogRateLimit("bridge", settings.bridgeLogLevel,
                settings.bridgeLogMaxPerSecond));
        registry.bind("bridgeLines", new BridgeLines(settings.deadLetterPayloadBytes));
        registry.bind("topicPaths", new TopicPaths(settings.hiveLayout, settings.rotateEvery,
                settings.shareGroup.isEmpty() ? "" : settings.clientId));
        registry.bind("deadLetterLog", new DeadLetterLog(DEAD_LETTER_LINES_PER_MINUTE, 60_000,
                DeadLetterLog.bridgeCounter(meters)));
        LiveFeed feed = new LiveFeed(settings.liveBuffer, settings.liveMaxClients, meters);
        registry.bind("readingWritten", new ReadingWritten(meters, feed));
        if (settings.httpEnabled) {
            FreePortCheck.require("http.port", settings.httpHost, settings.httpPort,
                    "set http.enabled=false to run without health, metrics and the live page");
        }
        EmbeddedBroker broker = settings.brokerEnabled ? embeddedBroker(settings) : null;
        if (!settings.shareGroup.isEmpty()) {
            shareGroup(settings);
        }
        // both connections (simulator and bridge) are made by endpoints of this component, which copy its
        // configuration; camel.component.paho.* in application.properties sets the rest of it
        DurableOptions mqtt = DurableOptions.of(settings.simulatorBuffer, false, settings.watchdogSeconds);
        registry.bind("paho", paho(settings.mqttVersion, broker != null ? mqtt.waitingFor(broker.started()) : mqtt,
                settings.tlsSocketFactory));
        // a second one for the forward to another broker (camel.component.forward-mqtt.*): a reading that cannot wait
        // any more fails, so the forward route retries and then dead-letters it
        Component forwardMqtt = paho(settings.forwardMqttVersion, DurableOptions.of(settings.forwardQueueSize, true, 0),
                null);
        if (forwardMqtt instanceof DurablePahoComponent mqtt311) {
            // camel-paho-mqtt5 has no such option: there the broker's receive maximum sets the window
            mqtt311.getConfiguration().setMaxInflight(settings.forwardMqttMaxInflight);
        }
        registry.bind("forward-mqtt", forwardMqtt);
        if (!settings.verifyHostname) {
            LOG.warn("mqtt.tls.verify-hostname=false: the broker's certificate is NOT checked against its host name;"
                     + " anyone holding a certificate from a trusted CA can pose as the broker");
        }
        registry.bind("forwardDeadLetter", new ForwardDeadLetter());
        ForwardMeters forwardMeters = new ForwardMeters(context, meters);
        registry.bind("forwardMeters", forwardMeters);
        Processor retried = forwardMeters::retried;
        registry.bind("forwardRetried", retried);
        registry.bind("forwardDeadLetterLog", new DeadLetterLog(DEAD_LETTER_LINES_PER_MINUTE, 60_000,
                forwardMeters::deadLettered));
        registry.bind("jsonArrayBatch", new JsonArrayBatch(settings.forwardHttpBatchSize));
        registry.bind("readingRow", new ReadingRow());
        registry.bind("forwardHttpSender", new SynchronousExecutorService());
        registry.bind("forwardDataSource", forwardDataSource(settings));
        if ("java".equals(settings.routesDsl)) {
            context.addRoutes(new SimulatorRoute());
            context.addRoutes(new BridgeRoute());
            context.addRoutes(new ForwardRoutes());
        }
        if (broker != null) {
            context.addService(broker, true, false);
        }
        operations(context, settings, broker, feed, meters);
    }

    /** Health checks (camel-health finds them in the registry), the HTTP port's access rule, the live page. */
    private static void operations(CamelContext context, Settings settings, EmbeddedBroker broker, LiveFeed feed,
                                   MeterRegistry meters) throws Exception {
        Registry registry = context.getRegistry();
        registry.bind("mqttSubscribedCheck", ReadinessCheck.subscribed(context));
        registry.bind("fileWriterCheck", ReadinessCheck.writer(context));
        registry.bind("forwardQueuesCheck", ReadinessCheck.forwardQueues(context));
        if (broker != null) {
            registry.bind("embeddedBrokerCheck", ReadinessCheck.embeddedBroker(broker));
        }
        if (settings.httpEnabled) {
            // Vert.x would copy classpath files into a /tmp/vertx-cache-* folder per start, left behind
            System.setProperty("vertx.disableFileCPResolving", "true");
            if (!settings.httpUsername.isEmpty()) {
                new HttpAccess(settings.httpUsername, settings.httpPassword)
                        .protect(context.hasService(MainHttpServer.class));
            }
            context.addStartupListener(new LivePage(settings.httpHost, settings.httpPort, feed));
        }
        if (settings.bridgeLogSummarySeconds > 0) {
            context.addService(new SummaryLog(context, meters, settings.bridgeLogSummarySeconds), true, false);
        }
    }

    /** Says which group and member this bridge is; warns of what the embedded broker does with a share group. */
    private static void shareGroup(Settings settings) {
        LOG.info("Member {} of share group {}: the broker spreads {} over the group's members; this one writes below"
                 + " {}/{}/", settings.clientId, settings.shareGroup, settings.bridgeTopic,
                settings.outputDir, TopicPaths.memberFolderOf(settings.clientId));
        if (settings.brokerEnabled) {
            LOG.warn("bridge.share-group on the embedded broker (HiveMQ CE): it hands a member's unacknowledged"
                     + " messages to the others, but does not spread the load (a backlog, and in a test all live"
                     + " readings, went to one member), and a kill -9 of the broker lost shared messages in flight"
                     + " (40 of 100 in a probe; a plain subscription lost none); for several bridges in production"
                     + " use Mosquitto, EMQX or a HiveMQ cluster (docs/scaling.md)");
        }
    }

    /** Started in the background at once: Camel initialises the routes meanwhile. */
    private static EmbeddedBroker embeddedBroker(Settings settings) throws IOException {
        EmbeddedBroker broker = new EmbeddedBroker(settings.brokerHost, settings.brokerPort, settings.brokerDataDir,
                settings.brokerMaxQueued);
        if (!settings.username.isEmpty()) {
            broker.requireCredentials(settings.username, settings.password, settings.brokerAllowAnonymous);
        }
        broker.startInBackground();
        return broker;
    }

    /** camel-paho for MQTT 3.1.1, camel-paho-mqtt5 for MQTT 5, each with our consumer and producer. */
    private static Component paho(String version, DurableOptions options, SocketFactory tls) {
        if (version.equals("5")) {
            DurablePahoMqtt5Component mqtt5 = new DurablePahoMqtt5Component(options);
            mqtt5.getConfiguration().setSocketFactory(tls);
            return mqtt5;
        }
        DurablePahoComponent mqtt311 = new DurablePahoComponent(options);
        mqtt311.getConfiguration().setSocketFactory(tls);
        return mqtt311;
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
