package io.sensorbridge;

import java.util.function.LongSupplier;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Predicate;
import org.apache.camel.spi.CamelLogger;
import org.slf4j.LoggerFactory;

/**
 * Lets at most {@code bridge.log-max-per-second} per-reading log lines through each second (0: all of them), as
 * the predicate of the {@code filter} around the bridge's {@code log} step. What it held back is said in one line
 * when the next second's first line is let through: {@code 9,990 more messages not logged in the last second}.
 * While the level is off it lets nothing through and counts nothing, so the line is never even built.
 */
public final class LogRateLimit implements Predicate {

    private static final long SECOND_NANOS = 1_000_000_000L;

    private final CamelLogger log;
    private final int perSecond;
    private final LongSupplier nanoTime;
    private long windowStart;
    private int passed;
    private long held;

    /** {@code logName} and {@code level} as in the log step, so the summary goes where its lines go. */
    public LogRateLimit(String logName, LoggingLevel level, int perSecond) {
        this(logName, level, perSecond, System::nanoTime);
    }

    LogRateLimit(String logName, LoggingLevel level, int perSecond, LongSupplier nanoTime) {
        this.log = new CamelLogger(LoggerFactory.getLogger(logName), level);
        this.perSecond = perSecond;
        this.nanoTime = nanoTime;
        this.windowStart = nanoTime.getAsLong() - SECOND_NANOS;
    }

    @Override
    public boolean matches(Exchange exchange) {
        if (!log.shouldLog()) {
            return false;
        }
        if (perSecond == 0) {
            return true;
        }
        long heldBefore;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            if (now - windowStart < SECOND_NANOS) {
                if (passed < perSecond) {
                    passed++;
                    return true;
                }
                held++;
                return false;
            }
            windowStart = now;
            passed = 1;
            heldBefore = held;
            held = 0;
        }
        if (heldBefore > 0) {
            log.log(String.format("%,d more message(s) not logged in the last second (bridge.log-max-per-second=%d)",
                    heldBefore, perSecond));
        }
        return true;
    }
}
