package io.sensorbridge.replay;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.sensorbridge.TerminalProgress;
import io.sensorbridge.files.WrittenReading;

/**
 * A replay that sends: the merged readings ({@link MergedReadings}) handed to the forwards ({@link CamelForwards}) at
 * the pace asked ({@link Pace}), pass after pass with {@code --loop}, until the end or a stop ({@link StopSignal}).
 * At the end it waits until the targets are done with every reading (the queues empty, every publish acknowledged),
 * as long as a forward would keep retrying one; on a stop it does not wait, and says how far it got.
 */
final class Replayer {

    /**
     * What a replay did. {@code delivered} and {@code deadLettered}: per target ("mqtt", "http"); {@code settled}:
     * the targets were done with every reading at the end; {@code first} and {@code last}: receivedAt of the first
     * reading handed over and of the last one done (null for none).
     */
    record Outcome(long handedOver, Map<String, Long> delivered, Map<String, Long> deadLettered, boolean settled,
                   boolean stopped, String first, String last, long unreadable, int passes, long nanos) {
    }

    private static final long PROGRESS_EVERY = 1024;
    private static final long LONGEST_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long SETTLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** What a forward's retries do not cover: a connect that hangs (forward-mqtt's connection-timeout). */
    private static final long CONNECT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long MAX_RETRY_DELAY_MILLIS = 60_000;

    private final ReplayOptions options;
    private final List<Path> files;
    private final CamelForwards forwards;
    private final StopSignal stop;
    private final TerminalProgress progress;
    private final ResumePoint position = new ResumePoint();
    private long started;
    private String at;
    private int passes;

    Replayer(ReplayOptions options, List<Path> files, CamelForwards forwards, StopSignal stop,
             TerminalProgress progress) {
        this.options = options;
        this.files = files;
        this.forwards = forwards;
        this.stop = stop;
        this.progress = progress;
    }

    Outcome run() throws Exception {
        started = System.nanoTime();
        long unreadable = 0;
        do {
            passes++;
            try (MergedReadings readings = new MergedReadings(files, options.from(), options.to(),
                    options::selects)) {
                sendAll(readings);
                unreadable = Math.max(unreadable, readings.unreadable());
            }
        } while (options.loop() && !stop.requested());
        boolean settled = !stop.requested() && awaitSettled();
        position.done(forwards.settled());
        progress.done();
        Map<String, Long> delivered = new LinkedHashMap<>();
        Map<String, Long> deadLettered = new LinkedHashMap<>();
        for (String forward : forwards.forwards()) {
            delivered.put(forward, forwards.delivered(forward));
            deadLettered.put(forward, forwards.deadLettered(forward));
        }
        return new Outcome(position.handedOver(), delivered, deadLettered, settled, stop.requested(),
                position.first(), position.last(), unreadable, passes, System.nanoTime() - started);
    }

    private void sendAll(MergedReadings readings) throws Exception {
        Pace pace = new Pace(options.speed(), options.maxGap());
        boolean first = true;
        for (MergedReadings.Timed next = readings.next(); next != null; next = readings.next()) {
            awaitDue(pace.dueNanos(next.millis(), System.nanoTime()));
            if (stop.requested()) {
                return;
            }
            WrittenReading reading = next.reading();
            try {
                stop.interruptible(() -> forwards.send(reading));
            } catch (Exception e) {
                if (stop.requested()) {
                    return; // not handed over: the stop interrupted the wait for room in a queue
                }
                throw e;
            }
            if (first) {
                pace.firstSent(System.nanoTime());
                first = false;
            }
            position.handedOver(reading.receivedAt());
            at = reading.receivedAt();
            if (position.handedOver() % PROGRESS_EVERY == 0) {
                position.done(forwards.settled());
            }
            showProgress();
        }
    }

    /** Waits until {@code dueNanos}, in short steps that keep the progress line and a stop request current. */
    private void awaitDue(long dueNanos) {
        for (long wait = dueNanos - System.nanoTime(); wait > 0 && !stop.requested();
             wait = dueNanos - System.nanoTime()) {
            LockSupport.parkNanos(Math.min(wait, LONGEST_PARK_NANOS));
            showProgress();
        }
    }

    /**
     * Waits until the targets are done with every reading handed over. While they make progress it waits on; it
     * gives up once none was made for as long as a forward retries a reading (forward.retries, from
     * forward.retry-delay doubling up to a minute), plus a connection attempt: a broker that stays away, which the
     * MQTT client waits for instead of failing.
     */
    private boolean awaitSettled() {
        long patience = retryBudgetNanos() + CONNECT_NANOS;
        long settled = -1;
        long lastProgress = System.nanoTime();
        while (!stop.requested()) {
            long now = forwards.settled();
            if (now >= position.handedOver()) {
                return true;
            }
            if (now != settled) {
                settled = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > patience) {
                return false;
            }
            LockSupport.parkNanos(SETTLE_POLL_NANOS);
            showProgress();
        }
        return false;
    }

    private long retryBudgetNanos() {
        long retries = Long.parseLong(forwards.setting("forward.retries"));
        long delay = Long.parseLong(forwards.setting("forward.retry-delay"));
        long total = 0;
        for (long retry = 0; retry < retries; retry++) {
            if (delay >= MAX_RETRY_DELAY_MILLIS) {
                total += (retries - retry) * MAX_RETRY_DELAY_MILLIS;
                break;
            }
            total += delay;
            delay = Math.min(delay * 2, MAX_RETRY_DELAY_MILLIS);
        }
        return Math.min(TimeUnit.MILLISECONDS.toNanos(total), Long.MAX_VALUE - CONNECT_NANOS);
    }

    private void showProgress() {
        progress.show(() -> {
            position.done(forwards.settled());
            double seconds = (System.nanoTime() - started) / 1e9;
            return String.format(Locale.ROOT, "replay: %,d sent, %,.0f/s, at %s%s", position.done(),
                    seconds > 0 ? position.done() / seconds : 0.0, at == null ? "the start" : at,
                    passes > 1 ? " (pass " + passes + ")" : "");
        }, false);
    }
}
