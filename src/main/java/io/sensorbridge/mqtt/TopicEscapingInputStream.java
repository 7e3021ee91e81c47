package io.sensorbridge.mqtt;

import java.io.IOException;
import java.io.InputStream;

/**
 * A socket's input with the topic of each PUBLISH made safe for Paho mqttv3 by {@link EscapedTopics}, the remaining
 * length fixed. Every other packet, and a PUBLISH whose topic needs no escape (the usual case), is handed out as it
 * came.
 */
final class TopicEscapingInputStream extends MqttPacketInputStream {

    private static final int PUBLISH = 3;
    private static final int MAX_REMAINING_LENGTH = 268_435_455;

    TopicEscapingInputStream(InputStream source) {
        super(source);
    }

    /** The PUBLISH at {@code start} with its topic escaped, or null when Paho takes the packet as it is. */
    @Override
    byte[] rewritten(byte[] buffer, int start, int length) throws IOException {
        if (packetType(buffer, start) != PUBLISH) {
            return null;
        }
        int lengthBytes = remainingLengthBytes(buffer, start);
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
