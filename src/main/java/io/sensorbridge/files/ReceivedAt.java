package io.sensorbridge.files;

import java.time.Instant;

/**
 * When the bridge took a message, as ISO-8601 UTC text exactly as {@link Instant#toString()} writes a time in
 * milliseconds ({@code 2026-11-25T10:00:00.120Z}, {@code 2026-11-25T10:00:00Z} on the second), with the part up to
 * the second formatted once per second instead of once per reading.
 */
final class ReceivedAt {

    private record Second(long epochSecond, String text) {
    }

    private volatile Second last = new Second(Long.MIN_VALUE, "");

    String format(long epochMilli) {
        long second = Math.floorDiv(epochMilli, 1000);
        int milli = (int) Math.floorMod(epochMilli, 1000);
        Second cached = last;
        if (cached.epochSecond() != second) {
            String whole = Instant.ofEpochSecond(second).toString();
            cached = new Second(second, whole.substring(0, whole.length() - 1)); // without the Z
            last = cached;
        }
        if (milli == 0) {
            return cached.text() + 'Z';
        }
        return cached.text() + '.' + (char) ('0' + milli / 100) + (char) ('0' + milli / 10 % 10)
               + (char) ('0' + milli % 10) + 'Z';
    }
}
