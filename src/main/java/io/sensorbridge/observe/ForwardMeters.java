package io.sensorbridge.observe;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sensorbridge.forward.ForwardDeadLetter;
import org.apache.camel.Exchange;

/**
 * The forwards' dead-letter meter, labelled {@code forward} (mqtt, http, jdbc: the {@code linefile:} consumer's
 * position name), which the forward dead-letter log calls; and, for a replay that waits until the forwards are done
 * with all it read, the readings each forward delivered ({@code sensorbridge_forward_sent_total}, counted by the
 * consumer) and dead-lettered (a batch counts its readings). The lag, retries and skipped readings are the consumer's
 * ({@code sensorbridge_forward_lag_*}, {@code _retries_total}, {@code _skipped_total}).
 */
public final class ForwardMeters {

    private final MeterRegistry meters;
    private final Map<String, LongAdder> deadLetteredReadings = new ConcurrentHashMap<>();

    public ForwardMeters(MeterRegistry meters) {
        this.meters = meters;
    }

    public void deadLettered(Exchange exchange) {
        String forward = ForwardDeadLetter.forwardOf(exchange);
        Counter.builder("sensorbridge.forward.dead.letters").tag("forward", forward)
                .description("Readings (or batches) the forward gave up on").register(meters).increment();
        deadLetteredReadings.computeIfAbsent(forward, f -> new LongAdder())
                .add(exchange.getProperty(Exchange.BATCH_SIZE, 1, Integer.class));
    }

    /** Readings the forward has delivered (its target acknowledged them). */
    public long delivered(String forward) {
        Counter sent = meters.find("sensorbridge.forward.sent").tag("forward", forward).counter();
        return sent == null ? 0 : (long) sent.count();
    }

    /** Readings the forward gave up on and wrote to its dead-letter files. */
    public long deadLetteredReadings(String forward) {
        LongAdder readings = deadLetteredReadings.get(forward);
        return readings == null ? 0 : readings.sum();
    }
}
