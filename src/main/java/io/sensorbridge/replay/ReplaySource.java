package io.sensorbridge.replay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.sensorbridge.files.ReadingSource;
import io.sensorbridge.files.WrittenReading;

/**
 * What one forward reads in a replay, through the same {@code linefile:} consumer and route as when it follows the
 * bridge's files: the readings of a recorded folder in {@code receivedAt} order ({@link MergedReadings}), over the range
 * and with the filters asked, each handed over when it is due at the pace asked ({@link Pace}), pass after pass with
 * {@code --loop}, until the end or a stop. There is no saved position: how far it got is how far its target
 * acknowledged, in order ({@link #last()}, the resume point). The pace counts from the moment the first reading was
 * acknowledged, so the time the target takes to connect does not bunch up the readings after it.
 */
final class ReplaySource implements ReadingSource {

    /** A reading handed over, and whether its target is done with it. */
    private static final class Entry extends Handed {
        boolean done;

        Entry(WrittenReading reading) {
            super(reading, reading.line().getBytes(StandardCharsets.UTF_8));
        }
    }

    private final ReplayOptions options;
    private final List<Path> files;
    private final BooleanSupplier stopped;
    private final Deque<Entry> handedOut = new ArrayDeque<>();
    private final Deque<Entry> again = new ArrayDeque<>();
    private MergedReadings readings;
    private Pace pace;
    private MergedReadings.Timed next;
    private long nextDue;
    private boolean exhausted;
    private boolean firstDone;
    private volatile long handedOver;
    private volatile long done;
    private volatile String first;
    private volatile String last;
    private volatile String at;
    private volatile long unreadable;
    private volatile int passes;

    ReplaySource(ReplayOptions options, List<Path> files, BooleanSupplier stopped) {
        this.options = options;
        this.files = files;
        this.stopped = stopped;
    }

    @Override
    public synchronized void prepare() {
        startPass();
    }

    private void startPass() {
        passes++;
        readings = new MergedReadings(files, options.from(), options.to(), options::selects);
        pace = new Pace(options.speed(), options.maxGap());
    }

    @Override
    public synchronized List<Handed> poll(int max) throws IOException {
        List<Handed> out = new ArrayList<>();
        while (out.size() < max && !again.isEmpty()) {
            out.add(again.poll());
        }
        // at a pace, until the first reading is acknowledged only it goes out: the schedule starts from then
        while (out.size() < max && !stopped.getAsBoolean() && (firstDone || handedOver == 0 || options.unpaced())) {
            if (!peek() || nextDue - System.nanoTime() > 0) {
                break;
            }
            Entry entry = new Entry(next.reading());
            next = null;
            handedOut.add(entry);
            out.add(entry);
            handedOver++;
            at = entry.reading().receivedAt();
            if (first == null) {
                first = entry.reading().receivedAt();
            }
        }
        return out;
    }

    /** Makes {@link #next} the next reading and {@link #nextDue} when it is due; false at the end. */
    private boolean peek() throws IOException {
        while (next == null && !exhausted) {
            next = readings.next();
            if (next != null) {
                nextDue = pace.dueNanos(next.millis(), System.nanoTime());
            } else {
                unreadable = Math.max(unreadable, readings.unreadable());
                readings.close();
                if (options.loop() && !stopped.getAsBoolean()) {
                    startPass();
                } else {
                    exhausted = true;
                }
            }
        }
        return next != null;
    }

    @Override
    public synchronized long nanosUntilReady() {
        if (!again.isEmpty()) {
            return 0;
        }
        if (stopped.getAsBoolean() || exhausted || !firstDone && handedOver > 0 && !options.unpaced()) {
            return Long.MAX_VALUE;
        }
        return next == null ? 0 : Math.max(0, nextDue - System.nanoTime());
    }

    @Override
    public synchronized void acknowledged(Handed reading) {
        ((Entry) reading).done = true;
        if (!firstDone) {
            firstDone = true;
            pace.firstSent(System.nanoTime());
        }
        while (!handedOut.isEmpty() && handedOut.peek().done) {
            last = handedOut.poll().reading().receivedAt();
            done++;
        }
    }

    @Override
    public synchronized void rewind() {
        again.clear();
        handedOut.stream().filter(entry -> !entry.done).forEach(again::add);
    }

    @Override
    public void save(boolean force) {
        // a replay keeps no position: --from resumes it
    }

    @Override
    public synchronized boolean ended() {
        return again.isEmpty() && (stopped.getAsBoolean() || exhausted && next == null);
    }

    @Override
    public void onReady(Runnable wake) {
        // the pace, not the writer, says when the next reading is ready
    }

    @Override
    public synchronized void close() {
        try {
            if (readings != null) {
                readings.close();
            }
        } catch (IOException ignored) {
            // read-only
        }
    }

    /** Readings handed to the forward so far. */
    long handedOver() {
        return handedOver;
    }

    /** Readings its target is done with (delivered or dead-lettered), every one before them done too. */
    long done() {
        return done;
    }

    /** The receivedAt of the first reading handed over; null before any. */
    String first() {
        return first;
    }

    /** The receivedAt to resume from: of the last reading done with every one before it; null while none is. */
    String last() {
        return last;
    }

    /** The receivedAt of the last reading handed over. */
    String at() {
        return at;
    }

    long unreadable() {
        return unreadable;
    }

    int passes() {
        return passes;
    }
}
