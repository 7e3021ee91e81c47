package io.sensorbridge.verify;

import java.util.BitSet;

/**
 * The sequence numbers seen for one sensor in one simulator run: which arrived, how often, and which are missing
 * between 1 and the highest seen. One bit per sequence number, so a million readings take 125 KB.
 */
final class Series {

    private static final int MAX_RANGES_SHOWN = 20;

    private final BitSet seen = new BitSet();
    private long count;
    private long duplicates;

    void add(long seq) {
        if (seq < 1 || seq > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("seq out of range: " + seq);
        }
        count++;
        if (seen.get((int) seq)) {
            duplicates++;
        } else {
            seen.set((int) seq);
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

    long missing() {
        return highest() - seen.cardinality();
    }

    /** The missing ranges, such as "3-7, 12", at most 20 of them. */
    String missingRanges() {
        StringBuilder out = new StringBuilder();
        int shown = 0;
        int from = seen.nextClearBit(1);
        while (from < highest() && shown < MAX_RANGES_SHOWN) {
            int to = seen.nextSetBit(from) - 1;
            out.append(out.length() > 0 ? ", " : "").append(from == to ? from : from + "-" + to);
            shown++;
            from = seen.nextClearBit(to + 1);
        }
        if (from < highest()) {
            out.append(", …");
        }
        return out.toString();
    }
}
