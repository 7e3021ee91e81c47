package io.sensorbridge.mqtt;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.eclipse.paho.client.mqttv3.internal.wire.MqttPublish;
import org.eclipse.paho.client.mqttv3.internal.wire.MqttWireMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.sensorbridge.mqtt.MqttPackets.CONNACK;
import static io.sensorbridge.mqtt.MqttPackets.PINGRESP;
import static io.sensorbridge.mqtt.MqttPackets.SUBACK;
import static io.sensorbridge.mqtt.MqttPackets.concat;
import static io.sensorbridge.mqtt.MqttPackets.escaping;
import static io.sensorbridge.mqtt.MqttPackets.next;
import static io.sensorbridge.mqtt.MqttPackets.nextAcrossTimeouts;
import static io.sensorbridge.mqtt.MqttPackets.parsed;
import static io.sensorbridge.mqtt.MqttPackets.publish;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Paho mqttv3 reads through the escaping stream: every packet whole, parsed by Paho's own code without the
 * IllegalArgumentException that kills its receiver, and each PUBLISH's topic restored exactly.
 */
class TopicEscapingInputStreamTest {

    private static final byte[] PAYLOAD = "{\"t\":21.5}".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @ValueSource(strings = {"sensors/🌡/temp", "😀", "ｔｅｍｐ/x", "own\uE000alphabet\uE400/\uE800\uEBFF\uE3FF",
            "controls/\u0000\u0001\u001f\u007f\u0085\u009f", "\uFDD0", "replaced/\uFFFD", "\uFFFE\uFFFF",
            "mixed/é/😀ｔ\uE000\u0007/end", "plain/topic", "température/ü"})
    void should_let_paho_parse_each_topic_and_restore_it_exactly(String topic) throws Exception {
        DataInputStream in = escaping(new ByteArrayInputStream(publish(topic, 1, 42, PAYLOAD)));

        MqttPublish publish = (MqttPublish) parsed(next(in));

        assertEquals(topic, EscapedTopics.restore(publish.getTopicName()));
        assertEquals(42, publish.getMessageId());
        assertArrayEquals(PAYLOAD, publish.getMessage().getPayload());
        assertEquals(-1, in.read(), "nothing after the packet");
    }

    @Test
    void should_show_that_paho_alone_rejects_an_emoji_and_a_fullwidth_topic() {
        assertThrows(IllegalArgumentException.class, () -> parsed(publish("sensors/🌡/temp", 1, 1, PAYLOAD)));
        assertThrows(IllegalArgumentException.class, () -> parsed(publish("ｔｅｍｐ/x", 1, 1, PAYLOAD)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain/topic", "sensors/kitchen/temp", "température/ü", ""})
    void should_hand_out_a_topic_paho_accepts_as_it_came(String topic) throws Exception {
        byte[] packet = publish(topic, 1, 7, PAYLOAD);

        assertArrayEquals(packet, next(escaping(new ByteArrayInputStream(packet))));
        byte[] utf8 = topic.getBytes(StandardCharsets.UTF_8);
        assertNull(EscapedTopics.escape(utf8, 0, utf8.length));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void should_keep_the_packet_id_and_flags_at_every_qos(int qos) throws Exception {
        byte[] packet = publish("sensors/🌡/temp", qos, 513, PAYLOAD);
        packet[0] |= 0x08 | 0x01; // DUP and RETAIN

        byte[] escaped = next(escaping(new ByteArrayInputStream(packet)));
        MqttPublish publish = (MqttPublish) parsed(escaped);

        assertEquals(packet[0], escaped[0]);
        assertEquals(qos, publish.getMessage().getQos());
        assertEquals(qos == 0 ? 0 : 513, publish.getMessageId());
        assertTrue(publish.getMessage().isDuplicate() || qos == 0);
        assertTrue(publish.getMessage().isRetained());
        assertEquals("sensors/🌡/temp", EscapedTopics.restore(publish.getTopicName()));
        assertArrayEquals(PAYLOAD, publish.getMessage().getPayload());
    }

    @Test
    void should_leave_other_packets_untouched_and_split_packets_that_arrive_in_one_read() throws Exception {
        byte[] emoji = publish("😀/a", 1, 1, PAYLOAD);
        byte[] plain = publish("plain/topic", 0, 0, PAYLOAD);
        DataInputStream in = escaping(new ByteArrayInputStream(concat(CONNACK, SUBACK, emoji, PINGRESP, plain)));

        assertArrayEquals(CONNACK, next(in));
        assertArrayEquals(SUBACK, next(in));
        assertEquals("😀/a", EscapedTopics.restore(((MqttPublish) parsed(next(in))).getTopicName()));
        assertArrayEquals(PINGRESP, next(in));
        assertArrayEquals(plain, next(in));
        assertEquals(-1, in.read());
    }

    @Test
    void should_keep_a_packet_whole_across_socket_timeouts_in_its_middle() throws Exception {
        byte[] payload = new byte[300]; // two bytes of remaining length
        Arrays.fill(payload, (byte) 'x');
        byte[] packet = publish("sensors/🌡/temp", 1, 9, payload);
        TimingOutSource source = new TimingOutSource(packet, 1, 2, 3, 12, 200);

        byte[] escaped = nextAcrossTimeouts(escaping(source));

        assertEquals(5, source.timeouts());
        MqttPublish publish = (MqttPublish) parsed(escaped);
        assertEquals("sensors/🌡/temp", EscapedTopics.restore(publish.getTopicName()));
        assertArrayEquals(payload, publish.getMessage().getPayload());
        assertEquals(9, publish.getMessageId());
    }

    @Test
    void should_carry_a_256_kb_payload_read_in_socket_sized_pieces() throws Exception {
        byte[] payload = new byte[256 * 1024];
        new java.util.Random(1).nextBytes(payload);
        byte[] big = publish("sensors/🌡/temp", 1, 3, payload);
        byte[] plainBig = publish("plain/big", 1, 4, payload);
        DataInputStream in = escaping(new TimingOutSource(concat(big, plainBig, PINGRESP), 8 * 1024));

        MqttPublish publish = (MqttPublish) parsed(next(in));
        assertEquals("sensors/🌡/temp", EscapedTopics.restore(publish.getTopicName()));
        assertArrayEquals(payload, publish.getMessage().getPayload());
        assertArrayEquals(plainBig, next(in));
        assertArrayEquals(PINGRESP, next(in));
    }

    @Test
    void should_end_with_the_source_between_packets_and_fail_inside_one() throws Exception {
        assertEquals(-1, new TopicEscapingInputStream(new ByteArrayInputStream(new byte[0])).read());

        byte[] packet = publish("plain/topic", 1, 1, PAYLOAD);
        InputStream cut = new TopicEscapingInputStream(new ByteArrayInputStream(Arrays.copyOf(packet, 10)));
        assertThrows(EOFException.class, cut::read);
    }

    @Test
    void should_make_topic_bytes_that_are_not_utf8_safe_for_paho() throws Exception {
        byte[] topic = {'a', '/', (byte) 0xFF, '/', (byte) 0xC3};

        MqttPublish publish = (MqttPublish) parsed(next(escaping(new ByteArrayInputStream(
                publish(topic, 1, 1, PAYLOAD)))));

        assertEquals("a/\uFFFD/\uFFFD", EscapedTopics.restore(publish.getTopicName()));
    }

    @Test
    void should_cut_a_topic_that_outgrows_65535_bytes_once_escaped_and_end_it_with_a_replacement_char()
            throws Exception {
        String topic = "😀".repeat(16_000); // 64,000 bytes, 96,000 escaped

        byte[] escaped = next(escaping(new ByteArrayInputStream(publish(topic, 1, 1, PAYLOAD))));
        MqttPublish publish = (MqttPublish) parsed(escaped);

        String restored = EscapedTopics.restore(publish.getTopicName());
        assertTrue(publish.getTopicName().getBytes(StandardCharsets.UTF_8).length <= 65_535);
        assertEquals("😀".repeat(10_921) + "\uFFFD", restored);
        assertArrayEquals(PAYLOAD, publish.getMessage().getPayload());
    }

    @Test
    void should_fail_a_remaining_length_longer_than_four_bytes() {
        byte[] bad = {0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01};

        assertThrows(IOException.class, () -> new TopicEscapingInputStream(new ByteArrayInputStream(bad)).read());
    }

    @Test
    void should_leave_a_topic_paho_never_saw_escaped_as_it_is() {
        for (String topic : List.of("plain", "", "lonely\uE000", "\uE800first")) {
            assertEquals(topic, EscapedTopics.restore(topic));
        }
    }
}
