package io.sensorbridge.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

/**
 * Hands out {@code bytes} cut at the given offsets, a SocketTimeoutException before each piece after the first
 * (as a socket with SO_TIMEOUT does when the rest is late), or in pieces of at most {@code piece} bytes.
 */
final class TimingOutSource extends InputStream {

    private final byte[] bytes;
    private final int[] cuts;
    private final int piece;
    private int pos;
    private int nextCut;
    private boolean timedOut = true;
    private int timeouts;

    TimingOutSource(byte[] bytes, int... cuts) {
        this(bytes, Integer.MAX_VALUE, cuts);
    }

    TimingOutSource(byte[] bytes, int piece) {
        this(bytes, piece, new int[0]);
    }

    private TimingOutSource(byte[] bytes, int piece, int[] cuts) {
        this.bytes = bytes;
        this.piece = piece;
        this.cuts = cuts;
    }

    /** How many SocketTimeoutExceptions it has thrown. */
    int timeouts() {
        return timeouts;
    }

    @Override
    public int read() {
        throw new UnsupportedOperationException("MqttPacketInputStream reads in bulk");
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (pos == bytes.length) {
            return -1;
        }
        if (!timedOut) {
            timedOut = true;
            timeouts++;
            throw new SocketTimeoutException("Read timed out");
        }
        int end = nextCut < cuts.length ? cuts[nextCut] : bytes.length;
        int n = Math.min(Math.min(len, piece), end - pos);
        System.arraycopy(bytes, pos, b, off, n);
        pos += n;
        if (pos == end && nextCut < cuts.length) {
            nextCut++;
            timedOut = false;
        }
        return n;
    }
}
