package io.sensorbridge.mqtt;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A socket's input as whole MQTT packets, each offered to {@link #rewritten} before any of it is handed out: the
 * way round Paho 1.2.5 bugs that we cannot fix in Paho (no release since 2020). A packet left as it is, the usual
 * case, is handed out straight from the read buffer.
 *
 * <p>Paho reads with a 1 s SO_TIMEOUT and retries after a SocketTimeoutException, so a timeout in the middle of a
 * packet is passed on with everything read so far kept: nothing of a packet is handed out before all of it is here.
 */
abstract class MqttPacketInputStream extends InputStream {

    private static final int INITIAL_BUFFER = 8 * 1024;
    // a buffer grown for one big packet is dropped once empty, so a connection does not pin it for good
    private static final int KEPT_BUFFER = 1024 * 1024;

    private final InputStream source;
    private byte[] buffer = new byte[INITIAL_BUFFER];
    // bytes read from the source: [parsed, filled) of buffer are not handed out yet
    private int parsed;
    private int filled;
    // the packet being handed out: buffer itself, or a rewritten one
    private byte[] packet = buffer;
    private int packetPos;
    private int packetEnd;

    MqttPacketInputStream(InputStream source) {
        this.source = source;
    }

    /**
     * The whole packet at {@code buffer[start, start + length)} as Paho is to read it, or null to hand it out as it
     * came. The buffer itself must be left as it is.
     */
    abstract byte[] rewritten(byte[] buffer, int start, int length) throws IOException;

    @Override
    public int read() throws IOException {
        if (packetPos == packetEnd && !nextPacket()) {
            return -1;
        }
        return packet[packetPos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (packetPos == packetEnd && !nextPacket()) {
            return -1;
        }
        int n = Math.min(len, packetEnd - packetPos);
        System.arraycopy(packet, packetPos, b, off, n);
        packetPos += n;
        return n;
    }

    @Override
    public int available() {
        return packetEnd - packetPos;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    /** The packet type of the packet at {@code start}: the high four bits of its first byte. */
    static int packetType(byte[] buffer, int start) {
        return (buffer[start] & 0xFF) >> 4;
    }

    /** How many bytes the remaining length of the whole packet at {@code start} takes (1 to 4). */
    static int remainingLengthBytes(byte[] buffer, int start) {
        int i = 1;
        while ((buffer[start + i] & 0x80) != 0) {
            i++;
        }
        return i;
    }

    /** False at the source's end between packets; its end inside one is an EOFException. */
    private boolean nextPacket() throws IOException {
        int length;
        while ((length = bufferedPacketLength()) < 0) {
            makeRoom(-length);
            // a SocketTimeoutException leaves every field as it was: the next read goes on from here
            int n = source.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                if (filled == parsed) {
                    return false;
                }
                throw new EOFException("Connection closed inside an MQTT packet");
            }
            filled += n;
        }
        int start = parsed;
        parsed += length;
        byte[] rewritten = rewritten(buffer, start, length);
        if (rewritten == null) {
            packet = buffer;
            packetPos = start;
            packetEnd = start + length;
        } else {
            packet = rewritten;
            packetPos = 0;
            packetEnd = rewritten.length;
        }
        return true;
    }

    /** The whole length of the packet at {@code parsed} if it is all buffered, else minus the bytes it needs. */
    private int bufferedPacketLength() throws IOException {
        int remaining = 0;
        for (int i = 1; i <= 4; i++) {
            if (parsed + i >= filled) {
                return -(i + 1);
            }
            int digit = buffer[parsed + i];
            remaining |= (digit & 0x7F) << (7 * (i - 1));
            if ((digit & 0x80) == 0) {
                int length = 1 + i + remaining;
                return filled - parsed >= length ? length : -length;
            }
        }
        throw new IOException("Malformed MQTT remaining length");
    }

    /** Room in the buffer for {@code needed} bytes from {@code parsed} on, and for at least one more byte. */
    private void makeRoom(int needed) {
        int pending = filled - parsed;
        if (pending == 0) {
            if (buffer.length > KEPT_BUFFER) {
                buffer = new byte[INITIAL_BUFFER];
            }
            parsed = 0;
            filled = 0;
        }
        if (parsed + needed <= buffer.length && filled < buffer.length) {
            return;
        }
        byte[] target = needed > buffer.length ? new byte[Math.max(needed, 2 * buffer.length)] : buffer;
        System.arraycopy(buffer, parsed, target, 0, pending);
        buffer = target;
        parsed = 0;
        filled = pending;
    }
}
