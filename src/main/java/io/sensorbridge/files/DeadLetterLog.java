package io.sensorbridge.files;

import java.util.Map;

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

    public DeadLetterLog(int linesPerInterval, long intervalMillis) {
        this.linesPerInterval = linesPerInterval;
        this.intervalMillis = intervalMillis;
    }

    /** Logs the dead-letter record built by {@link BridgeLines#deadLetter} (or counts it, past the limit). */
    public synchronized void record(Exchange exchange) {
        Map<?, ?> deadLetter = exchange.getMessage().getBody(Map.class);
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
            LOG.warn("{} ({} bytes on topic {})", deadLetter.get("reason"), deadLetter.get("size"),
                    BridgeLines.printableTopic(exchange));
        } else {
            suppressed++;
        }
    }
}
