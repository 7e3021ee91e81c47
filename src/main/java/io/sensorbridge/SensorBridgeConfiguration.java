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
import io.sensorbridge.files.FilePeriod;
import io.sensorbridge.files.LineFileComponent;
import io.sensorbridge.files.ReadingLine;
import io.sensorbridge.files.TopicPaths;
import io.sensorbridge.forward.ForwardDeadLetter;
import io.sensorbridge.forward.GivenFunction;
import io.sensorbridge.forward.JsonArray;
import io.sensorbridge.forward.KafkaTopic;
import io.sensorbridge.forward.ReadingRows;
import io.sensorbridge.mqtt.DurableOptions;
import io.sensorbridge.observe.ForwardMeters;
import io.sensorbridge.observe.FreeDisk;
import io.sensorbridge.observe.HttpAccess;
import io.sensorbridge.observe.LiveFeed;
import io.sensorbridge.observe.LivePage;
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
import io.sensorbridge.settings.Settings;
import io.sensorbridge.settings.SimulatorSettings;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.Configuration;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.spi.Registry;
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
        FreeDisk.register(meters, Path.of(settings.bridge.outputDir));
        SimulatorSettings simulator = settings.simulator;
        registry.bind("simulatedSensors", new SimulatedSensors(simulator.sensorId, simulator.sensors,
                simulator.sensorTopic, TemperatureModel.valueOf(simulator.model.toUpperCase(Locale.ROOT)),
                simulator.seed.orElseGet(() -> ThreadLocalRandom.current().nextLong()), simulator.period,
                new Chaos(simulator.malformedRate, simulator.duplicateRate, simulator.dropRate), Clock.systemUTC()));
        registry.bind("payloadSizeCheck", new PayloadSizeCheck(settings.bridge.maxPayloadBytes));
        registry.bind("readingCheck", new ReadingCheck());
        registry.bind("readingLine", new ReadingLine());
        registry.bind("readingLogRate", new LogRateLimit("bridge", settings.bridge.logLevel,
                settings.bridge.logMaxPerSecond));
        registry.bind("bridgeLines", new BridgeLines(settings.bridge.deadLetterPayloadBytes));
        registry.bind("topicPaths", new TopicPaths(settings.bridge.hiveLayout, settings.bridge.rotateEvery,
                settings.bridge.shareGroup.isEmpty() ? "" : settings.mqtt.clientId));
        registry.bind("deadLetterLog", new DeadLetterLog(DEAD_LETTER_LINES_PER_MINUTE, 60_000,
                DeadLetterLog.bridgeCounter(meters)));
        LiveFeed feed = new LiveFeed(settings.http.liveBuffer, settings.http.liveMaxClients, meters);
        registry.bind("readingWritten", new ReadingWritten(meters, feed));
        if (settings.http.enabled) {
            FreePortCheck.require("http.port", settings.http.host, settings.http.port, StartGate.WITHOUT_HTTP);
        }
        EmbeddedBroker broker = settings.broker.enabled ? embeddedBroker(settings) : null;
        StartGate gate = StartGate.install(context, settings, broker);
        if (!settings.bridge.shareGroup.isEmpty()) {
            shareGroup(settings);
        } else if (settings.bridge.enabled) {
            LOG.info("Readings go to {}, anything else to {}", files(settings.bridge.outputDir, settings,
                    settings.bridge.format), files(settings.bridge.deadLetterDir, settings, "jsonl"));
        }
        // both connections (simulator and bridge) are made by endpoints of this component, which copy its
        // configuration; camel.component.paho.* in application.properties sets the rest of it
        DurableOptions mqtt = DurableOptions.of(settings.simulator.buffer, false, settings.bridge.watchdogSeconds);
        registry.bind("paho", paho(settings.mqtt.version, mqtt.waitingFor(gate.opened()),
                settings.mqtt.tlsSocketFactory));
        // a second one for the forward to another broker (camel.component.forward-mqtt.*): it completes a reading's
        // exchange once that broker acknowledged it, so the forward's position never passes what it does not have
        Component forwardMqtt = paho(settings.forward.mqttVersion,
                DurableOptions.of(settings.forward.mqttMaxInflight, true, 0).waitingFor(gate.opened()), null);
        if (forwardMqtt instanceof DurablePahoComponent mqtt311) {
            // camel-paho-mqtt5 has no such option: there the broker's receive maximum sets the window
            mqtt311.getConfiguration().setMaxInflight(settings.forward.mqttMaxInflight);
        }
        registry.bind("forward-mqtt", forwardMqtt);
        if (!settings.mqtt.verifyHostname) {
            LOG.warn("mqtt.tls.verify-hostname=false: the broker's certificate is NOT checked against its host name;"
                     + " anyone holding a certificate from a trusted CA can pose as the broker");
        }
        // a share group's member follows its own folder with its forwards, and keeps its own positions there
        if (!settings.bridge.shareGroup.isEmpty()) {
            registry.lookupByNameAndType("linefile", LineFileComponent.class)
                    .setMemberFolder(TopicPaths.memberFolderOf(settings.mqtt.clientId));
        }
        registry.bind("forwardDeadLetter", new ForwardDeadLetter());
        ForwardMeters forwardMeters = new ForwardMeters(meters);
        registry.bind("forwardMeters", forwardMeters);
        registry.bind("forwardDeadLetterLog", new DeadLetterLog(DEAD_LETTER_LINES_PER_MINUTE, 60_000,
                forwardMeters::deadLettered));
        registry.bind("jsonArray", new JsonArray());
        registry.bind("readingRows", new ReadingRows());
        registry.bind("forwardDataSource", forwardDataSource(settings));
        if (settings.forward.kafka.client != null) {
            // made only when the forward is on: with forward.kafka.brokers empty, no Kafka class is even loaded
            registry.bind("forward-kafka", settings.forward.kafka.client.component());
            registry.bind("kafkaTopic", new KafkaTopic(settings.forward.kafka.client, settings.forward.kafka.topic));
        }
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
        registry.bind("forwardLagCheck", ReadinessCheck.forwardLag(context));
        if (broker != null) {
            registry.bind("embeddedBrokerCheck", ReadinessCheck.embeddedBroker(broker));
        }
        if (settings.http.enabled) {
            if (!settings.http.username.isEmpty()) {
                new HttpAccess(settings.http.username, settings.http.password)
                        .protect(context.hasService(MainHttpServer.class));
            }
            context.addStartupListener(new LivePage(settings.http.host, settings.http.port, feed));
        }
        if (settings.bridge.logSummarySeconds > 0) {
            context.addService(new SummaryLog(context, meters, settings.bridge.logSummarySeconds), true, false);
        }
    }

    /** Where a topic's files go below {@code dir}: {@code /abs/data/readings/<topic>/<yyyy-MM-dd>.jsonl}. */
    private static String files(String dir, Settings settings, String extension) {
        String period = settings.bridge.rotateEvery == FilePeriod.HOUR ? "<yyyy-MM-ddTHH>" : "<yyyy-MM-dd>";
        return Path.of(dir).toAbsolutePath().normalize() + (settings.bridge.hiveLayout
                ? "/topic=<topic>/date=<yyyy-MM-dd>/" : "/<topic>/") + period + "." + extension;
    }

    /** Says which group and member this bridge is; warns of what the embedded broker does with a share group. */
    private static void shareGroup(Settings settings) {
        LOG.info("Member {} of share group {}: the broker spreads {} over the group's members; this one writes below"
                 + " {}/{}/", settings.mqtt.clientId, settings.bridge.shareGroup, settings.bridge.topic,
                settings.bridge.outputDir, TopicPaths.memberFolderOf(settings.mqtt.clientId));
        if (settings.broker.enabled) {
            LOG.warn("bridge.share-group on the embedded broker (HiveMQ CE): it hands a member's unacknowledged"
                     + " messages to the others, but does not spread the load (a backlog, and in a test all live"
                     + " readings, went to one member), and a kill -9 of the broker lost shared messages in flight"
                     + " (40 of 100 in a probe; a plain subscription lost none); for several bridges in production"
                     + " use Mosquitto, EMQX or a HiveMQ cluster (docs/scaling.md)");
        }
    }

    /** Started in the background at once: Camel initialises the routes meanwhile. */
    private static EmbeddedBroker embeddedBroker(Settings settings) throws IOException {
        EmbeddedBroker broker = new EmbeddedBroker(settings.broker.host, settings.broker.port, settings.broker.dataDir,
                settings.broker.maxQueued);
        if (!settings.mqtt.username.isEmpty()) {
            broker.requireCredentials(settings.mqtt.username, settings.mqtt.password, settings.broker.allowAnonymous);
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
        if (!settings.forward.jdbcUrl.isEmpty()) {
            dataSource.setURL(settings.forward.jdbcUrl);
            // only when given: the URL may carry ?user=...&password=..., which setURL has already applied
            if (!settings.forward.jdbcUser.isEmpty()) {
                dataSource.setUser(settings.forward.jdbcUser);
            }
            if (!settings.forward.jdbcPassword.isEmpty()) {
                dataSource.setPassword(settings.forward.jdbcPassword);
            }
        }
        return dataSource;
    }
}
