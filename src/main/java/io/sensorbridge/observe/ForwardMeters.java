package io.sensorbridge.observe;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sensorbridge.forward.ForwardDeadLetter;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.seda.SedaEndpoint;

/**
 * The forwards' meters, labelled {@code forward} (mqtt, http, jdbc): readings sent, retries, dead letters, and the
 * size and capacity of each queue. The routes call {@link #sent} and {@link #retried}; the forward dead-letter log
 * calls {@link #deadLettered}. {@link #delivered} and {@link #deadLetteredReadings} count readings (a batch counts
 * its readings), for a replay that waits until the forwards are done with all it handed them.
 */
public final class ForwardMeters {

    static final List<String> FORWARDS = List.of("mqtt", "http", "jdbc");

    private final MeterRegistry meters;
    private final Map<String, LongAdder> deadLetteredReadings = new ConcurrentHashMap<>();

    public ForwardMeters(CamelContext context, MeterRegistry meters) {
        this.meters = meters;
        for (String forward : FORWARDS) {
            Gauge.builder("sensorbridge.forward.queue.size", () -> {
                BlockingQueue<Exchange> queue = queueOf(context, forward);
                return queue == null ? 0 : queue.size();
            }).tag("forward", forward).description("Readings waiting in the forward's queue").register(meters);
            Gauge.builder("sensorbridge.forward.queue.capacity", () -> {
                BlockingQueue<Exchange> queue = queueOf(context, forward);
                return queue == null ? 0 : queue.size() + queue.remainingCapacity();
            }).tag("forward", forward).description("Readings the forward's queue holds (0: forward off)")
                    .register(meters);
        }
    }

    /** The forward's queue, or null while it is off (no reading was handed to it yet). */
    static BlockingQueue<Exchange> queueOf(CamelContext context, String forward) {
        return context.hasEndpoint("seda://forward-" + forward) instanceof SedaEndpoint seda ? seda.getQueue() : null;
    }

    /** At the end of a forward route: its reading (or batch of readings) reached the other system. */
    public void sent(Exchange exchange) {
        counter("sensorbridge.forward.sent", exchange, "Readings the forward delivered")
                .increment(exchange.getProperty(Exchange.AGGREGATED_SIZE, 1, Integer.class));
    }

    /** Before each retry of a forward. */
    public void retried(Exchange exchange) {
        counter("sensorbridge.forward.retries", exchange, "Attempts the forward made again after a failure")
                .increment();
    }

    public void deadLettered(Exchange exchange) {
        counter("sensorbridge.forward.dead.letters", exchange, "Readings (or batches) the forward gave up on")
                .increment();
        deadLetteredReadings.computeIfAbsent(exchange.getProperty(ForwardDeadLetter.FORWARD, "unknown", String.class),
                forward -> new LongAdder()).add(exchange.getProperty(Exchange.AGGREGATED_SIZE, 1, Integer.class));
    }

    /** Readings the forward has sent (for MQTT: handed to the client, which may still wait for the broker). */
    public long delivered(String forward) {
        Counter sent = meters.find("sensorbridge.forward.sent").tag("forward", forward).counter();
        return sent == null ? 0 : (long) sent.count();
    }

    /** Readings the forward gave up on and wrote to its dead-letter files. */
    public long deadLetteredReadings(String forward) {
        LongAdder readings = deadLetteredReadings.get(forward);
        return readings == null ? 0 : readings.sum();
    }

    private Counter counter(String name, Exchange exchange, String description) {
        String forward = exchange.getProperty(ForwardDeadLetter.FORWARD, "unknown", String.class);
        return Counter.builder(name).tag("forward", forward).description(description).register(meters);
    }
}
