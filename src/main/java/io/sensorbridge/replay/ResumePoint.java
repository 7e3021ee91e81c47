package io.sensorbridge.replay;

import java.util.ArrayDeque;

/**
 * How far a replay got: the {@code receivedAt} of the last reading that every target is done with (delivered or
 * dead-lettered), every reading handed over before it done too, so that {@code --from} it resumes the replay
 * (sending again those of that very millisecond). Each forward has one queue and one sender, so readings are done
 * in the order they were handed over: a count of done readings says which. Only the readings not done yet are kept.
 */
final class ResumePoint {

    private final ArrayDeque<String> notDone = new ArrayDeque<>();
    private long handedOver;
    private long done;
    private String first;
    private String last;

    void handedOver(String receivedAt) {
        notDone.add(receivedAt);
        handedOver++;
        if (first == null) {
            first = receivedAt;
        }
    }

    /** The targets are done with the first {@code count} readings handed over. */
    void done(long count) {
        while (done < count && !notDone.isEmpty()) {
            last = notDone.poll();
            done++;
        }
    }

    long handedOver() {
        return handedOver;
    }

    long done() {
        return done;
    }

    /** The receivedAt of the first reading handed over, null before any. */
    String first() {
        return first;
    }

    /** The receivedAt to resume from, null while no reading is done. */
    String last() {
        return last;
    }
}
