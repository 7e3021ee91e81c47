package io.sensorbridge.replay;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.sensorbridge.TerminalProgress;

/**
 * A replay under way: the forwards read the recorded folder ({@link ReplaySource}, one per target) and send it at
 * the pace asked; this waits until every target is done with every reading, or a stop ({@link StopSignal}), or a
 * target that has taken nothing for {@link #PATIENCE_SECONDS} (a forward would wait for it for ever), and says how
 * far they got.
 */
final class Replayer {

    /**
     * What a replay did. {@code delivered} and {@code deadLettered}: per target ("mqtt", "http"); {@code settled}:
     * the targets were done with every reading at the end; {@code first} and {@code last}: receivedAt of the first
     * reading handed over and of the last one done by every target (null for none).
     */
    record Outcome(long handedOver, Map<String, Long> delivered, Map<String, Long> deadLettered, boolean settled,
                   boolean stopped, String first, String last, long unreadable, int passes, long nanos) {
    }

    static final long PATIENCE_SECONDS = 120;
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final CamelForwards forwards;
    private final StopSignal stop;
    private final TerminalProgress progress;
    private long started;

    Replayer(CamelForwards forwards, StopSignal stop, TerminalProgress progress) {
        this.forwards = forwards;
        this.stop = stop;
        this.progress = progress;
    }

    Outcome run() {
        started = System.nanoTime();
        long done = -1;
        long lastProgress = System.nanoTime();
        boolean settled = false;
        while (!stop.requested()) {
            if (forwards.done()) {
                settled = true;
                break;
            }
            long now = done();
            if (now != done) {
                done = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS)) {
                break;
            }
            LockSupport.parkNanos(POLL_NANOS);
            showProgress();
        }
        return outcome(settled);
    }

    /** The outcome as it stands (after the forwards stopped, it is final). */
    Outcome outcome(boolean settled) {
        progress.done();
        Map<String, Long> delivered = new LinkedHashMap<>();
        Map<String, Long> deadLettered = new LinkedHashMap<>();
        long handedOver = 0;
        long unreadable = 0;
        int passes = 0;
        String first = null;
        String last = null;
        boolean anyLast = true;
        for (Map.Entry<String, ReplaySource> target : forwards.sources().entrySet()) {
            ReplaySource source = target.getValue();
            delivered.put(target.getKey(), forwards.delivered(target.getKey()));
            deadLettered.put(target.getKey(), forwards.deadLettered(target.getKey()));
            handedOver = Math.max(handedOver, source.handedOver());
            unreadable = Math.max(unreadable, source.unreadable());
            passes = Math.max(passes, source.passes());
            first = earlier(first, source.first());
            // the resume point is where the target that got least far stands
            if (source.last() == null) {
                anyLast = false;
            } else {
                last = earlier(last, source.last());
            }
        }
        return new Outcome(handedOver, delivered, deadLettered, settled, stop.requested(), first,
                anyLast ? last : null, unreadable, passes, System.nanoTime() - started);
    }

    /** The earlier of two receivedAt times (null: none), compared as times: 13Z comes before 13.100Z. */
    private static String earlier(String a, String b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return Instant.parse(b).isBefore(Instant.parse(a)) ? b : a;
    }

    /** Readings every target is done with. */
    private long done() {
        return forwards.sources().values().stream().mapToLong(ReplaySource::done).min().orElse(0);
    }

    private void showProgress() {
        progress.show(() -> {
            long done = done();
            double seconds = (System.nanoTime() - started) / 1e9;
            ReplaySource any = forwards.sources().values().stream().findFirst().orElse(null);
            String at = any == null || any.at() == null ? "the start" : any.at();
            int passes = any == null ? 0 : any.passes();
            return String.format(Locale.ROOT, "replay: %,d sent, %,.0f/s, at %s%s", done,
                    seconds > 0 ? done / seconds : 0.0, at, passes > 1 ? " (pass " + passes + ")" : "");
        }, false);
    }
}
