package io.sensorbridge.observe;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.sensorbridge.broker.EmbeddedBroker;
import io.sensorbridge.files.ForwardLag;
import io.sensorbridge.files.LineFileComponent;
import io.sensorbridge.mqtt.DurablePahoConsumer;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A readiness check ({@code /observe/health/ready}): down while something a restart would not fix keeps readings
 * from flowing; liveness ({@code /observe/health/live}) stays up meanwhile. Each check is a question whose answer is
 * null when all is well, or the one-line reason it is not.
 */
public final class ReadinessCheck extends AbstractHealthCheck {

    private final Supplier<String> problem;

    private final Consumer<HealthCheckResultBuilder> details;

    private ReadinessCheck(String id, Supplier<String> problem) {
        this(id, problem, builder -> { });
    }

    private ReadinessCheck(String id, Supplier<String> problem, Consumer<HealthCheckResultBuilder> details) {
        super("sensor-bridge", id);
        this.details = details;
        this.problem = problem;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String reason = problem.get();
        details.accept(builder);
        if (reason == null) {
            builder.up();
        } else {
            builder.down().message(reason);
        }
    }

    /** The bridge is connected to the broker and its subscription confirmed (up when the bridge is off). */
    public static ReadinessCheck subscribed(CamelContext context) {
        return new ReadinessCheck("mqtt-subscribed", () -> {
            Route bridge = context.getRoute("bridge");
            if (bridge == null || !(bridge.getConsumer() instanceof DurablePahoConsumer consumer)) {
                return null;
            }
            return consumer.isSubscribed() ? null
                    : "the bridge is not subscribed (broker unreachable, or still connecting)";
        });
    }

    /** Lines can be written: the writer is not paused by a disk error. */
    public static ReadinessCheck writer(CamelContext context) {
        return new ReadinessCheck("file-writer", () -> {
            LineFileComponent files = context.hasComponent("linefile") instanceof LineFileComponent c ? c : null;
            return files != null && files.isWriterPaused()
                    ? "writing the files fails (disk full or not writable): consumption is paused" : null;
        });
    }

    /** The embedded broker has started (when it runs). */
    public static ReadinessCheck embeddedBroker(EmbeddedBroker broker) {
        return new ReadinessCheck("embedded-broker", () -> {
            if (!broker.started().isDone()) {
                return "the embedded broker is starting";
            }
            return broker.started().isCompletedExceptionally() ? "the embedded broker failed to start" : null;
        });
    }

    /**
     * How far each forward is behind the files, in {@code /observe/health?exposureLevel=full&data=true}: readings and
     * bytes not yet acknowledged by its target, and the age of the oldest one sent. Always up: a forward that lags,
     * or whose target is away, is no reason to restart the bridge (it would fix neither), and loses nothing meanwhile.
     */
    public static ReadinessCheck forwardLag(CamelContext context) {
        return new ReadinessCheck("forward-lag", () -> null, builder -> {
            if (context.hasComponent("linefile") instanceof LineFileComponent files) {
                for (ForwardLag.Snapshot lag : files.lags()) {
                    builder.detail(lag.forward() + ".lag.readings", lag.readings());
                    builder.detail(lag.forward() + ".lag.bytes", lag.bytes());
                    builder.detail(lag.forward() + ".lag.seconds", lag.oldestMillis() / 1000);
                }
            }
        });
    }
}
