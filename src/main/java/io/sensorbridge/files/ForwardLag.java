package io.sensorbridge.files;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far one forward is behind the files, for the meters ({@code sensorbridge_forward_lag_*}), the health check,
 * the live page and two log lines: one when it falls more than a minute behind, one when it has caught up (not one
 * per retry). Also counts the readings it skipped (the size cap deleted them first) and the lines it could not read.
 */
public final class ForwardLag {

    private static final Logger LOG = LoggerFactory.getLogger(ForwardLag.class);
    private static final long BEHIND_MILLIS = TimeUnit.MINUTES.toMillis(1);
    private static final long UNREADABLE_LOG_MILLIS = TimeUnit.MINUTES.toMillis(1);

    /** The figures at one moment. */
    public record Snapshot(String forward, long readings, long bytes, long oldestMillis) {
    }

    private final String forward;
    private final Counter skipped;
    private final Counter unreadable;
    private final Counter fromMemory;
    private final Counter fromFiles;
    private volatile Snapshot now;
    private boolean behind;
    private long lastUnreadableLog;
    private long unreadableNotLogged;

    public ForwardLag(String forward, MeterRegistry meters) {
        this.forward = forward;
        this.now = new Snapshot(forward, 0, 0, 0);
        Gauge.builder("sensorbridge.forward.lag.readings", this, lag -> lag.now.readings()).tag("forward", forward)
                .description("Readings in the files the forward's target has not acknowledged yet").register(meters);
        Gauge.builder("sensorbridge.forward.lag.bytes", this, lag -> lag.now.bytes()).tag("forward", forward)
                .baseUnit("bytes").description("Bytes of the files past the forward's acknowledged position")
                .register(meters);
        Gauge.builder("sensorbridge.forward.lag.seconds", this, lag -> lag.now.oldestMillis() / 1000.0)
                .tag("forward", forward)
                .description("Age of the oldest reading sent and not yet acknowledged (0: none waits)")
                .register(meters);
        skipped = Counter.builder("sensorbridge.forward.skipped").tag("forward", forward)
                .description("Readings the forward never sent: bridge.output.retain-bytes deleted their file first")
                .register(meters);
        unreadable = Counter.builder("sensorbridge.forward.unreadable").tag("forward", forward)
                .description("Lines of the files the forward passed over: torn by a crash, or not a reading")
                .register(meters);
        fromMemory = Counter.builder("sensorbridge.forward.read").tag("forward", forward).tag("from", "memory")
                .baseUnit("bytes").description("Bytes of the files the forward took as the writer handed them over")
                .register(meters);
        fromFiles = Counter.builder("sensorbridge.forward.read").tag("forward", forward).tag("from", "files")
                .baseUnit("bytes").description("Bytes of the files the forward read back from them (a backlog)")
                .register(meters);
    }

    public Snapshot snapshot() {
        return now;
    }

    void update(String name, long readings, long bytes, long oldestMillis) {
        now = new Snapshot(forward, readings, bytes, oldestMillis);
        if (!behind && oldestMillis > BEHIND_MILLIS) {
            behind = true;
            LOG.warn("Forward {} is more than a minute behind: {} reading(s) wait, the oldest sent {} s ago and not"
                     + " acknowledged yet", name, readings, oldestMillis / 1000);
        } else if (behind && oldestMillis == 0 && readings == 0) {
            behind = false;
            LOG.info("Forward {} has caught up", name);
        }
    }

    void readFromMemory(long bytes) {
        if (bytes > 0) {
            fromMemory.increment(bytes);
        }
    }

    void readFromFiles(long bytes) {
        if (bytes > 0) {
            fromFiles.increment(bytes);
        }
    }

    void skipped(long readings) {
        skipped.increment(readings);
    }

    void unreadable(String name, Path file) {
        unreadable.increment();
        long now = System.currentTimeMillis();
        if (now - lastUnreadableLog < UNREADABLE_LOG_MILLIS) {
            unreadableNotLogged++;
            return;
        }
        LOG.warn("Forward {}: passed over a line of {} that is not a reading (torn by a crash?){}", name, file,
                unreadableNotLogged > 0 ? "; " + unreadableNotLogged + " more in the last minute" : "");
        lastUnreadableLog = now;
        unreadableNotLogged = 0;
    }
}
