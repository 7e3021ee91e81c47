package io.sensorbridge.replay;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sensorbridge.files.BridgeLines;
import io.sensorbridge.files.WrittenReading;
import io.sensorbridge.observe.ForwardMeters;
import io.sensorbridge.observe.Meters;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Ordered;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.paho.PahoConstants;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.main.SimpleMainShutdownStrategy;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.util.IOHelper;

/**
 * The forward routes (routes/forward*.camel.yaml, or their Java DSL twin) running in this process for a replay:
 * camel-main with application.properties as always, so credentials, TLS, retries, batches and the dead-letter
 * folder come from the usual keys and environment variables, but with the replay's {@link ReplayOptions#settings()}
 * put first. Each reading is handed to {@code direct:forward} as the bridge hands a written one: the line as body,
 * the payload as {@code rawPayload}, the topic as {@code CamelMqttTopic}. The forwards' queues wait when full
 * ({@code forward.wait-when-full}), so {@link #send} waits while the target is slower.
 */
final class CamelForwards implements AutoCloseable {

    private static final long CONNECT_WAIT_SECONDS = 10;

    private final Main main;
    private final List<String> forwards = new ArrayList<>();
    private final String clientId;
    private final CamelContext context;
    private final ProducerTemplate template;
    private final Endpoint handOff;
    private final ForwardMeters meters;
    private final MeterRegistry registry;
    private long sends;

    private CamelForwards(Main main, Map<String, String> settings) throws Exception {
        this.main = main;
        this.context = main.getCamelContext();
        if (!settings.get("forward.mqtt.url").isEmpty()) {
            forwards.add("mqtt");
        }
        if (!settings.get("forward.http.url").isEmpty()) {
            forwards.add("http");
        }
        this.clientId = settings.get("forward.mqtt.client-id");
        this.template = context.createProducerTemplate();
        this.handOff = context.getEndpoint("direct:forward");
        this.meters = context.getRegistry().lookupByNameAndType("forwardMeters", ForwardMeters.class);
        this.registry = Meters.of(context);
    }

    /** Starts camel-main with {@code settings} before the environment and application.properties. */
    static CamelForwards start(Map<String, String> settings) throws Exception {
        Main main = new Main();
        // Ctrl-C is the replay's to handle: it stops sending and reports how far it got (ReplayCommand)
        main.setShutdownStrategy(new SimpleMainShutdownStrategy());
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport configuring) {
                optionsFirst(configuring.getCamelContext(), settings);
            }
        });
        // the replay prints its own summary; Camel's route and property summaries would bury it
        main.addOverrideProperty("camel.main.startup-summary-level", "Off");
        main.addOverrideProperty("camel.main.auto-configuration-log-summary", "false");
        try {
            main.start();
            return new CamelForwards(main, settings);
        } catch (Exception e) {
            main.stop();
            throw e;
        }
    }

    /**
     * Camel looks a key up in the environment before anything else, override properties included: with that, an
     * exported FORWARD_MQTT_URL would beat --mqtt. So the environment and -D are looked up after the replay's own
     * settings, in a source of their own that comes before application.properties: options, then environment
     * variables (as Camel reads them), then system properties, then the files.
     */
    private static void optionsFirst(CamelContext context, Map<String, String> settings) {
        PropertiesComponent properties = (PropertiesComponent) context.getPropertiesComponent();
        properties.setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_FALLBACK);
        properties.setSystemPropertiesMode(PropertiesComponent.SYSTEM_PROPERTIES_MODE_FALLBACK);
        properties.addPropertiesSource(new OptionsFirst(settings));
    }

    /** The replay's settings, then the environment, then system properties. */
    private record OptionsFirst(Map<String, String> settings) implements PropertiesSource, Ordered {

        @Override
        public String getName() {
            return "replay options";
        }

        @Override
        public String getProperty(String name) {
            String value = settings.get(name);
            if (value == null) {
                value = IOHelper.lookupEnvironmentVariable(name);
            }
            return value != null ? value : System.getProperty(name);
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST;
        }
    }

    /** Hands one reading to the forwards; waits while their queues are full. */
    void send(WrittenReading reading) throws Exception {
        Exchange sent = template.send(handOff, exchange -> {
            exchange.setProperty(BridgeLines.RAW_PAYLOAD, reading.reading().getBytes(StandardCharsets.UTF_8));
            exchange.getMessage().setHeader(PahoConstants.MQTT_TOPIC, reading.topic());
            exchange.getMessage().setBody(reading.line().getBytes(StandardCharsets.UTF_8));
        });
        if (sent.getException() != null) {
            throw sent.getException();
        }
        if (++sends == 1 && forwards.contains("mqtt")) {
            awaitConnected();
        }
    }

    /**
     * The MQTT forward connects when its first reading comes: until it has, readings would pile up in its client's
     * buffer at full speed and overflow it (then retried); so the replay waits for the connection, as long as a
     * connect may take. A broker that is not there is then the forward's to retry, as always.
     */
    private void awaitConnected() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CONNECT_WAIT_SECONDS);
        while (gauge("sensorbridge.mqtt.connected") < 1 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /** The targets, "mqtt" and/or "http". */
    List<String> forwards() {
        return forwards;
    }

    /** Readings the forward has delivered: for MQTT, acknowledged by the broker (QoS 1) or written out (QoS 0). */
    long delivered(String forward) {
        long handedToClient = meters.delivered(forward);
        return forward.equals("mqtt")
                ? handedToClient - gauge("sensorbridge.publisher.buffered") - gauge("sensorbridge.publisher.in.flight")
                : handedToClient;
    }

    long deadLettered(String forward) {
        return meters.deadLetteredReadings(forward);
    }

    /** Readings every target is done with (delivered or dead-lettered), in the order they were handed over. */
    long settled() {
        return forwards.stream().mapToLong(forward -> delivered(forward) + deadLettered(forward)).min().orElse(0);
    }

    /** A key as the forwards read it. */
    String setting(String key) {
        return context.resolvePropertyPlaceholders("{{" + key + "}}");
    }

    private long gauge(String name) {
        Gauge gauge = registry.find(name).tag("client", clientId).gauge();
        return gauge == null ? 0 : (long) gauge.value();
    }

    /**
     * Stops camel-main gracefully: each forward finishes the send in progress (the MQTT client waits for what is in
     * flight), within camel.main.shutdown-timeout; what still waits in a queue is not sent.
     */
    @Override
    public void close() {
        template.stop();
        main.stop();
    }
}
