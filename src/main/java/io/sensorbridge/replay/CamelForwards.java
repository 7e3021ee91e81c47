package io.sensorbridge.replay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.sensorbridge.files.LineFileComponent;
import io.sensorbridge.files.LineFileConsumer;
import io.sensorbridge.observe.ForwardMeters;
import org.apache.camel.CamelContext;
import org.apache.camel.Ordered;
import org.apache.camel.Route;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.main.SimpleMainShutdownStrategy;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.util.IOHelper;

/**
 * The forward routes (routes/forward*.camel.yaml, or their Java DSL twin) running in this process for a replay:
 * camel-main with application.properties as always, so credentials, TLS, batches and the dead-letter folder come from
 * the usual keys and environment variables, but with the replay's {@link ReplayOptions#settings()} put first. Each
 * forward's {@code linefile:} consumer reads the recorded folder through its own {@link ReplaySource} instead of
 * following the bridge's files: the same route, a different source.
 */
final class CamelForwards implements AutoCloseable {

    private final Main main;
    private final CamelContext context;
    private final Map<String, ReplaySource> sources;
    private final ForwardMeters meters;

    private CamelForwards(Main main, Map<String, ReplaySource> sources) {
        this.main = main;
        this.context = main.getCamelContext();
        this.sources = sources;
        // kept: the counts are read once Camel has stopped, when its registry no longer answers
        this.meters = context.getRegistry().lookupByNameAndType("forwardMeters", ForwardMeters.class);
    }

    /** Starts camel-main with {@code settings} before the environment and application.properties. */
    static CamelForwards start(Map<String, String> settings, ReplayOptions options, List<Path> files,
                               BooleanSupplier stopped) throws Exception {
        Main main = new Main();
        Map<String, ReplaySource> sources = new LinkedHashMap<>();
        // Ctrl-C is the replay's to handle: it stops sending and reports how far it got (ReplayCommand)
        main.setShutdownStrategy(new SimpleMainShutdownStrategy());
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport configuring) {
                optionsFirst(configuring.getCamelContext(), settings);
            }

            @Override
            public void afterConfigure(BaseMainSupport configured) {
                configured.getCamelContext().getComponent("linefile", LineFileComponent.class).readFrom(position -> {
                    ReplaySource source = new ReplaySource(options, files, stopped);
                    sources.put(position, source);
                    return source;
                });
            }
        });
        // the replay prints its own summary; Camel's route and property summaries would bury it
        main.addOverrideProperty("camel.main.startup-summary-level", "Off");
        main.addOverrideProperty("camel.main.auto-configuration-log-summary", "false");
        try {
            main.start();
            return new CamelForwards(main, sources);
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

    /** The targets, by their forward's position name ("mqtt", "http"), each with what it read. */
    Map<String, ReplaySource> sources() {
        return sources;
    }

    /** Whether every forward has read to the end and its target is done with all it was sent. */
    boolean done() {
        List<Boolean> done = new ArrayList<>();
        for (Route route : context.getRoutes()) {
            if (route.getConsumer() instanceof LineFileConsumer consumer) {
                done.add(consumer.isDone());
            }
        }
        return !done.isEmpty() && !done.contains(false);
    }

    /** Readings the forward has delivered: its target acknowledged them. */
    long delivered(String forward) {
        return meters().delivered(forward);
    }

    long deadLettered(String forward) {
        return meters().deadLetteredReadings(forward);
    }

    private ForwardMeters meters() {
        return meters;
    }

    /** A key as the forwards read it. */
    String setting(String key) {
        return context.resolvePropertyPlaceholders("{{" + key + "}}");
    }

    /**
     * Stops camel-main gracefully: each forward reads nothing more and lets what is under way finish (the MQTT
     * client waits for what is in flight), within camel.main.shutdown-timeout.
     */
    @Override
    public void close() {
        main.stop();
    }
}
