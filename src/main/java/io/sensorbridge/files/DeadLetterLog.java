package io.sensorbridge.files;

import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JacksonException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sensorbridge.reading.InvalidReadingException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log line for a dead-lettered message, rate-limited: a flood of bad messages (anyone can publish to a topic)
 * must not flood the log. Up to {@code linesPerInterval} lines per interval are written; the rest are counted and
 * reported in one summary line when the next interval starts.
 */
public final class DeadLetterLog {

    private static final Logger LOG = LoggerFactory.getLogger("dead-letter");

    private final int linesPerInterval;
    private final long intervalMillis;
    private long intervalStart;
    private int logged;
    private long suppressed;
    private final Consumer<Exchange> count;

    /** {@code count} counts each dead letter in the metrics ({@link #bridgeCounter}, or the forwards' own). */
    public DeadLetterLog(int linesPerInterval, long intervalMillis, Consumer<Exchange> count) {
        this.linesPerInterval = linesPerInterval;
        this.intervalMillis = intervalMillis;
        this.count = count;
    }

    /** Counts the bridge's dead letters as sensorbridge_dead_letters_total, by a bounded reason. */
    public static Consumer<Exchange> bridgeCounter(MeterRegistry meters) {
        return exchange -> Counter.builder("sensorbridge.dead.letters")
                .tag("reason", kindOf(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class)))
                .description("Messages written to the dead-letter files instead of the readings")
                .register(meters).increment();
    }

    /** A few words, not the message: a label with one value per payload would make a meter per payload. */
    private static String kindOf(Exception cause) {
        if (cause instanceof InvalidReadingException invalid) {
            return invalid.kind();
        }
        return cause instanceof JacksonException ? "not-json" : "other";
    }

    /** Logs the dead-letter record built by {@link BridgeLines#deadLetter} (or counts it, past the limit). */
    public synchronized void record(Exchange exchange) {
        Map<?, ?> deadLetter = exchange.getMessage().getBody(Map.class);
        count.accept(exchange);
        long now = System.currentTimeMillis();
        if (now - intervalStart >= intervalMillis) {
            if (suppressed > 0) {
                LOG.warn("{} more message(s) dead-lettered in the last {} s without a log line each",
                        suppressed, (now - intervalStart) / 1000);
            }
            intervalStart = now;
            logged = 0;
            suppressed = 0;
        }
        if (logged < linesPerInterval) {
            logged++;
            String topic = BridgeLines.printableTopic(exchange);
            LOG.warn("{} ({} bytes{})", deadLetter.get("reason"), deadLetter.get("size"),
                    topic == null ? "" : " on topic " + topic);
        } else {
            suppressed++;
        }
    }
}
