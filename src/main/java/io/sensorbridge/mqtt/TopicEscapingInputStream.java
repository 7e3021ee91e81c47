package io.sensorbridge.mqtt;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A socket's input as whole MQTT packets, with the topic of each PUBLISH made safe for Paho mqttv3 by
 * {@link EscapedTopics}. Every other packet, and a PUBLISH whose topic needs no escape (the usual case), is handed
 * out straight from the read buffer.
 *
 * <p>Paho reads with a 1 s SO_TIMEOUT and retries after a SocketTimeoutException, so a timeout in the middle of a
 * packet is passed on with everything read so far kept: nothing of a packet is handed out before all of it is here.
 */
final class TopicEscapingInputStream extends InputStream {

    private static final int PUBLISH = 3;
    private static final int INITIAL_BUFFER = 8 * 1024;
    // a buffer grown for one big packet is dropped once empty, so a connection does not pin it for good
    private static final int KEPT_BUFFER = 1024 * 1024;
    private static final int MAX_REMAINING_LENGTH = 268_435_455;

    private final InputStream source;
    private byte[] buffer = new byte[INITIAL_BUFFER];
    // bytes read from the source: [parsed, filled) of buffer are not handed out yet
    private int parsed;
    private int filled;
    // the packet being handed out: buffer itself, or a rewritten PUBLISH
    private byte[] packet = buffer;
    private int packetPos;
    private int packetEnd;

    TopicEscapingInputStream(InputStream source) {
        this.source = source;
    }

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
        byte[] rewritten = (buffer[start] & 0xFF) >> 4 == PUBLISH ? escapedPublish(start, length) : null;
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

    /** The PUBLISH at {@code start} with its topic escaped, or null when Paho takes it as it is. */
    private byte[] escapedPublish(int start, int length) throws IOException {
        int lengthBytes = remainingLengthBytes(start);
        int remaining = length - 1 - lengthBytes;
        int topicAt = start + 1 + lengthBytes + 2;
        if (remaining < 2) {
            return null;
        }
        int topicLength = (buffer[topicAt - 2] & 0xFF) << 8 | (buffer[topicAt - 1] & 0xFF);
        if (topicLength > remaining - 2) {
            // malformed: Paho fails it as a broken packet, which it survives
            return null;
        }
        byte[] topic = EscapedTopics.escape(buffer, topicAt, topicLength);
        if (topic == null) {
            return null;
        }
        int newRemaining = remaining - topicLength + topic.length;
        if (newRemaining > MAX_REMAINING_LENGTH) {
            throw new IOException("MQTT PUBLISH too large once its topic is escaped");
        }
        int rest = start + length - (topicAt + topicLength);
        byte[] rewritten = new byte[1 + encodedLength(newRemaining) + newRemaining];
        rewritten[0] = buffer[start];
        int at = encodeRemainingLength(newRemaining, rewritten, 1);
        rewritten[at++] = (byte) (topic.length >> 8);
        rewritten[at++] = (byte) topic.length;
        System.arraycopy(topic, 0, rewritten, at, topic.length);
        System.arraycopy(buffer, topicAt + topicLength, rewritten, at + topic.length, rest);
        return rewritten;
    }

    private int remainingLengthBytes(int start) {
        int i = 1;
        while ((buffer[start + i] & 0x80) != 0) {
            i++;
        }
        return i;
    }

    private static int encodedLength(int value) {
        return value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
    }

    private static int encodeRemainingLength(int value, byte[] target, int at) {
        do {
            int digit = value & 0x7F;
            value >>>= 7;
            target[at++] = (byte) (value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
        return at;
    }
}
