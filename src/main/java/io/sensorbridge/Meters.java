package io.sensorbridge;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;

/**
 * The application's meters live in one Micrometer registry, bound in Camel's registry under the name camel-micrometer
 * looks for: Camel's own meters and ours come out together at {@code /observe/metrics}. Ours are named
 * {@code sensorbridge.*} ({@code sensorbridge_*} in Prometheus text) and carry no topic or sensor label.
 */
public final class Meters {

    /** The name camel-micrometer looks the registry up by (and then uses it instead of making its own). */
    public static final String REGISTRY = "metricsRegistry";

    private Meters() {
    }

    /** The application's registry; one that is not published anywhere when none is bound (a bare component). */
    public static MeterRegistry of(CamelContext context) {
        MeterRegistry registry = context.getRegistry().lookupByNameAndType(REGISTRY, MeterRegistry.class);
        if (registry == null) {
            registry = new SimpleMeterRegistry();
            context.getRegistry().bind(REGISTRY, MeterRegistry.class, registry);
        }
        return registry;
    }
}
