package io.sensorbridge.mqtt;

import java.nio.charset.StandardCharsets;

/**
 * Topics that Paho mqttv3 1.2.5 can receive, and the way back to the broker's exact topic.
 *
 * <p>Paho validates every received topic and throws IllegalArgumentException, which kills its receive thread, for
 * every supplementary code point (emoji: its surrogate-pair check is inverted), for ISO control characters, lone
 * surrogates and every char from U+FDD0 up (fullwidth letters too). {@link TopicEscapingInputStream} replaces each
 * such char, before Paho sees the topic, by two chars of an alphabet in the Private Use Area U+E000..U+EBFF that
 * Paho accepts:
 * <ul>
 * <li>a supplementary code point cp, v = cp - 0x10000: U+E400 + (v >> 10), then U+E800 + (v & 0x3FF);</li>
 * <li>a rejected BMP char c, or one of the alphabet itself: U+E000 + (c >> 10), then U+E800 + (c & 0x3FF).</li>
 * </ul>
 * So in a topic handed to Paho every char of U+E000..U+EBFF belongs to such a pair, and {@link #restore(String)}
 * gives the original back. Topic bytes that are not UTF-8 (no broker should send them) decode to U+FFFD, as
 * Paho would decode them, and that is escaped like any char from U+FDD0 up.
 *
 * <p>The one case where the restored topic is not exact: an escaped topic must fit MQTT's 65,535-byte string, and
 * each escaped char takes 6 bytes; a topic that would outgrow it keeps its longest prefix that fits, ended by an
 * escaped U+FFFD.
 */
public final class EscapedTopics {

    static final int MAX_UTF8_BYTES = 65_535;

    private static final char BMP_HIGH = '\uE000';
    private static final char SUPPLEMENTARY_HIGH = '\uE400';
    private static final char LOW = '\uE800';
    private static final char ALPHABET_END = '\uEBFF';
    private static final char PAHO_REJECTS_FROM = '\uFDD0';
    // a pair of 3-byte UTF-8 chars
    private static final int ESCAPE_BYTES = 6;

    private EscapedTopics() {
    }

    /** The broker's topic, from one Paho delivered (topics that needed no escape come back unchanged). */
    public static String restore(String topic) {
        int first = firstAlphabetChar(topic);
        if (first < 0) {
            return topic;
        }
        StringBuilder original = new StringBuilder(topic.length()).append(topic, 0, first);
        for (int i = first; i < topic.length(); i++) {
            char c = topic.charAt(i);
            char next = i + 1 < topic.length() ? topic.charAt(i + 1) : 0;
            if (c >= BMP_HIGH && c < LOW && next >= LOW && next <= ALPHABET_END) {
                int bits = (c - (c < SUPPLEMENTARY_HIGH ? BMP_HIGH : SUPPLEMENTARY_HIGH)) << 10 | (next - LOW);
                original.appendCodePoint(c < SUPPLEMENTARY_HIGH ? bits : bits + 0x10000);
                i++;
            } else {
                // not made by escape(): a topic from elsewhere, kept as it is
                original.append(c);
            }
        }
        return original.toString();
    }

    /**
     * The UTF-8 bytes of the escaped topic, at most 65,535; null when Paho takes {@code length} bytes at
     * {@code offset} as they are, which printable ASCII topics (the usual ones) show without any allocation.
     */
    static byte[] escape(byte[] utf8, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end && utf8[i] >= 0x20 && utf8[i] < 0x7F) {
            i++;
        }
        if (i == end) {
            return null;
        }
        String topic = new String(utf8, offset, length, StandardCharsets.UTF_8);
        return needsEscape(topic) ? escape(topic).getBytes(StandardCharsets.UTF_8) : null;
    }

    /**
     * Throws IllegalArgumentException, naming the first character, for a topic Paho's MQTT 3.1.1 client cannot send:
     * its encoder applies the same check as its decoder, and a PUBLISH it cannot encode fails on its sender thread
     * after every reconnect.
     */
    public static void checkSendable(String topic) {
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c) || c >= PAHO_REJECTS_FROM) {
                throw new IllegalArgumentException(String.format("Paho's MQTT 3.1.1 client cannot send U+%04X in a"
                        + " topic", topic.codePointAt(i)));
            }
        }
    }

    private static boolean needsEscape(String topic) {
        for (int i = 0; i < topic.length(); i++) {
            if (isEscaped(topic.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static String escape(String topic) {
        StringBuilder escaped = new StringBuilder(topic.length() * 2);
        int bytes = 0;
        int fitsWithEnding = 0;
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            char next = i + 1 < topic.length() ? topic.charAt(i + 1) : 0;
            if (Character.isSurrogatePair(c, next)) {
                int v = Character.toCodePoint(c, next) - 0x10000;
                i++;
                escaped.append((char) (SUPPLEMENTARY_HIGH + (v >> 10))).append((char) (LOW + (v & 0x3FF)));
                bytes += ESCAPE_BYTES;
            } else if (isEscaped(c)) {
                appendEscaped(escaped, c);
                bytes += ESCAPE_BYTES;
            } else {
                escaped.append(c);
                bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
            if (bytes <= MAX_UTF8_BYTES - ESCAPE_BYTES) {
                fitsWithEnding = escaped.length();
            }
        }
        if (bytes > MAX_UTF8_BYTES) {
            escaped.setLength(fitsWithEnding);
            appendEscaped(escaped, '\uFFFD');
        }
        return escaped.toString();
    }

    private static void appendEscaped(StringBuilder escaped, char c) {
        escaped.append((char) (BMP_HIGH + (c >> 10))).append((char) (LOW + (c & 0x3FF)));
    }

    /** Paho rejects it, or it is one of our alphabet; surrogates come as pairs from UTF-8 and Paho rejects those. */
    private static boolean isEscaped(char c) {
        return Character.isISOControl(c) || Character.isSurrogate(c) || c >= PAHO_REJECTS_FROM
                || (c >= BMP_HIGH && c <= ALPHABET_END);
    }

    private static int firstAlphabetChar(String topic) {
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (c >= BMP_HIGH && c <= ALPHABET_END) {
                return i;
            }
        }
        return -1;
    }
}
