package io.sensorbridge.verify;

import java.util.BitSet;

/**
 * The sequence numbers seen for one sensor in one simulator run: which arrived, how often, which the simulator
 * dropped on purpose (named in a later reading's {@code dropped}), and which are missing between 1 and the highest
 * seen. One bit per sequence number, so a million readings take 125 KB.
 */
final class Series {

    private static final int MAX_RANGES_SHOWN = 20;

    private final BitSet seen = new BitSet();
    private final BitSet dropped = new BitSet();
    private long count;
    private long duplicates;

    void add(long seq) {
        checkRange(seq);
        count++;
        if (seen.get((int) seq)) {
            duplicates++;
        } else {
            seen.set((int) seq);
        }
    }

    /** A seq the simulator says it skipped on purpose: not a loss. */
    void droppedBySimulator(long seq) {
        checkRange(seq);
        dropped.set((int) seq);
    }

    private static void checkRange(long seq) {
        if (seq < 1 || seq > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("seq out of range: " + seq);
        }
    }

    long count() {
        return count;
    }

    long duplicates() {
        return duplicates;
    }

    long highest() {
        return Math.max(0, seen.length() - 1);
    }

    /** Seqs up to the highest seen that the simulator dropped on purpose and that did not arrive anyway. */
    long droppedBySimulator() {
        BitSet notSeen = (BitSet) dropped.get(0, seen.length());
        notSeen.andNot(seen);
        return notSeen.cardinality();
    }

    long missing() {
        return highest() - seen.cardinality() - droppedBySimulator();
    }

    /** The missing ranges, such as "3-7, 12", at most 20 of them. */
    String missingRanges() {
        BitSet accounted = (BitSet) seen.clone();
        accounted.or(dropped);
        StringBuilder out = new StringBuilder();
        int shown = 0;
        int from = accounted.nextClearBit(1);
        while (from < highest() && shown < MAX_RANGES_SHOWN) {
            int to = accounted.nextSetBit(from) - 1;
            out.append(out.length() > 0 ? ", " : "").append(from == to ? from : from + "-" + to);
            shown++;
            from = accounted.nextClearBit(to + 1);
        }
        if (from < highest()) {
            out.append(", …");
        }
        return out.toString();
    }
}
