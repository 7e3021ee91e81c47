package io.sensorbridge.mqtt;

import java.io.InputStream;
import java.util.Arrays;

/**
 * A socket's input with the Topic Alias Maximum in the broker's CONNACK read as 0, so Paho mqttv5 never sends a topic
 * alias. Paho 1.2.5 uses outgoing aliases whenever a broker offers them (Mosquitto offers 10 by default) and keeps an
 * in-flight QoS 1 or 2 PUBLISH with only its alias, no topic; after a reconnect it resends it like that, the new
 * connection knows no such alias, and the broker drops the connection for a protocol error, on every reconnect
 * (eclipse-paho/paho.mqtt.java#916, #1104, open; 1.2.5 is the last release). Paho has no option to turn outgoing
 * aliases off (#510 says: have the broker offer none), so this makes every broker look as if it offered none. An alias
 * only saves a topic's bytes in a PUBLISH. Every other packet, and a CONNACK without the property, is handed out as it
 * came.
 */
final class NoTopicAliasInputStream extends MqttPacketInputStream {

    private static final int CONNACK = 2;
    private static final int TOPIC_ALIAS_MAXIMUM = 0x22;

    NoTopicAliasInputStream(InputStream source) {
        super(source);
    }

    /** The CONNACK at {@code start} with its Topic Alias Maximum set to 0, or null when it has none. */
    @Override
    byte[] rewritten(byte[] buffer, int start, int length) {
        if (packetType(buffer, start) != CONNACK) {
            return null;
        }
        int end = start + length;
        // after the acknowledge flags and the reason code: the properties' length, then the properties
        int at = start + 1 + remainingLengthBytes(buffer, start) + 2;
        int propertiesLength = 0;
        for (int shift = 0; ; shift += 7) {
            if (at >= end || shift > 21) {
                // an MQTT 3.1.1 CONNACK, or a malformed one (Paho refuses it)
                return null;
            }
            int digit = buffer[at++];
            propertiesLength |= (digit & 0x7F) << shift;
            if ((digit & 0x80) == 0) {
                break;
            }
        }
        int propertiesEnd = Math.min(end, at + propertiesLength);
        while (at < propertiesEnd) {
            int property = buffer[at++] & 0xFF;
            if (property == TOPIC_ALIAS_MAXIMUM) {
                if (at + 2 > propertiesEnd) {
                    return null;
                }
                byte[] connack = Arrays.copyOfRange(buffer, start, end);
                connack[at - start] = 0;
                connack[at - start + 1] = 0;
                return connack;
            }
            int size = valueSize(buffer, at, property, propertiesEnd);
            if (size < 0) {
                return null;
            }
            at += size;
        }
        return null;
    }

    /**
     * The bytes the value of a CONNACK {@code property} at {@code at} takes; -1 for a property a CONNACK cannot have,
     * or a value that would run past {@code end} (Paho refuses such a packet).
     */
    private static int valueSize(byte[] buffer, int at, int property, int end) {
        return switch (property) {
            // Maximum QoS, Retain Available, Wildcard, Subscription Identifier and Shared Subscription Available
            case 0x24, 0x25, 0x28, 0x29, 0x2A -> 1;
            // Server Keep Alive, Receive Maximum
            case 0x13, 0x21 -> 2;
            // Session Expiry Interval, Maximum Packet Size
            case 0x11, 0x27 -> 4;
            // Assigned Client Identifier, Authentication Method and Data, Response Information, Server Reference,
            // Reason String: a two-byte length, then that many bytes
            case 0x12, 0x15, 0x16, 0x1A, 0x1C, 0x1F -> prefixedSize(buffer, at, end);
            // User Property: two of them
            case 0x26 -> {
                int name = prefixedSize(buffer, at, end);
                int value = name < 0 ? -1 : prefixedSize(buffer, at + name, end);
                yield value < 0 ? -1 : name + value;
            }
            default -> -1;
        };
    }

    private static int prefixedSize(byte[] buffer, int at, int end) {
        if (at + 2 > end) {
            return -1;
        }
        int size = 2 + ((buffer[at] & 0xFF) << 8 | (buffer[at + 1] & 0xFF));
        return at + size <= end ? size : -1;
    }
}
