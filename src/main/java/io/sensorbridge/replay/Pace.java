package io.sensorbridge.replay;

import java.time.Duration;

/**
 * When each reading of a replay is due, so that it keeps the recording's pace without drift: the reading received
 * at {@code t} is due at {@code start + (t - t0) / speed}, counted from the first reading and never from the
 * previous send, so a late send does not push back the rest (as the simulator's fixed rate). A reading no later than
 * one already due (a redelivery written a little out of order) is due at once. A silence that would last longer
 * than {@code maxGap} (after the speed) is cut to {@code maxGap}, and the rest of the schedule moves up by what was
 * cut. An infinite speed ({@code --speed max}) makes every reading due at once. The schedule starts when the first
 * reading has gone out ({@link #firstSent}): connecting to the target takes the first send a while, and the rest
 * would otherwise be late from the start and go out at once.
 */
final class Pace {

    private final double speed;
    private final long maxGapNanos;
    private boolean started;
    private long startNanos;
    private long firstMillis;
    private long latestMillis;
    private long cutNanos;

    /** {@code maxGap} null: no cap. */
    Pace(double speed, Duration maxGap) {
        this.speed = speed;
        this.maxGapNanos = maxGap == null ? Long.MAX_VALUE : maxGap.toNanos();
    }

    /**
     * When the reading received at {@code receivedMillis} is due, on the {@link System#nanoTime()} scale; the first
     * is due {@code nowNanos}, which starts the schedule. Readings must be asked for in the order they are sent.
     */
    long dueNanos(long receivedMillis, long nowNanos) {
        if (!started) {
            started = true;
            startNanos = nowNanos;
            firstMillis = receivedMillis;
            latestMillis = receivedMillis;
            return nowNanos;
        }
        if (receivedMillis <= latestMillis) {
            return nowNanos;
        }
        long gapNanos = scaled(receivedMillis - latestMillis);
        if (gapNanos > maxGapNanos) {
            cutNanos += gapNanos - maxGapNanos;
        }
        latestMillis = receivedMillis;
        return startNanos + scaled(receivedMillis - firstMillis) - cutNanos;
    }

    /** The first reading went out at {@code nowNanos}: the schedule counts from then. */
    void firstSent(long nowNanos) {
        startNanos = nowNanos;
    }

    private long scaled(long recordedMillis) {
        return (long) (recordedMillis * 1_000_000d / speed);
    }
}
