package io.sensorbridge.mqtt;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.eclipse.paho.mqttv5.common.packet.MqttConnAck;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.MqttWireMessage;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.Test;

import static io.sensorbridge.mqtt.MqttPackets.PINGRESP;
import static io.sensorbridge.mqtt.MqttPackets.SUBACK;
import static io.sensorbridge.mqtt.MqttPackets.concat;
import static io.sensorbridge.mqtt.MqttPackets.next;
import static io.sensorbridge.mqtt.MqttPackets.nextAcrossTimeouts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * What Paho mqttv5 reads through {@link NoTopicAliasInputStream}: the broker's CONNACK with its Topic Alias Maximum
 * as 0 and every other property as the broker sent it, wherever the property stands and however the bytes arrive;
 * a CONNACK without it, and every other packet, byte for byte.
 */
class NoTopicAliasInputStreamTest {

    private static final byte CONNACK = 0x20;
    private static final byte[] RECEIVE_MAXIMUM_20 = {0x21, 0, 20};
    private static final byte[] RETAIN_AVAILABLE = {0x25, 1};
    private static final byte[] MAXIMUM_PACKET_SIZE = {0x27, 0, 0, 0x40, 0};

    @Test
    void should_read_the_topic_alias_maximum_as_0_and_keep_every_other_property() throws Exception {
        byte[] offered = connack(RECEIVE_MAXIMUM_20, string(0x12, "auto-7F3A"), userProperty("broker", "mosquitto"),
                topicAliasMaximum(10), string(0x1F, "welcome"), MAXIMUM_PACKET_SIZE);

        byte[] read = next(noAlias(new ByteArrayInputStream(offered)));

        assertArrayEquals(connack(RECEIVE_MAXIMUM_20, string(0x12, "auto-7F3A"), userProperty("broker", "mosquitto"),
                topicAliasMaximum(0), string(0x1F, "welcome"), MAXIMUM_PACKET_SIZE), read);
        MqttProperties properties = parsed(read).getProperties();
        assertEquals(0, properties.getTopicAliasMaximum());
        assertEquals(20, properties.getReceiveMaximum());
        assertEquals("auto-7F3A", properties.getAssignedClientIdentifier());
        assertEquals("welcome", properties.getReasonString());
        assertEquals(16_384L, properties.getMaximumPacketSize());
        UserProperty user = properties.getUserProperties().get(0);
        assertEquals("broker=mosquitto", user.getKey() + "=" + user.getValue());
        assertEquals(10, parsed(offered).getProperties().getTopicAliasMaximum(), "what Paho alone would use");
    }

    @Test
    void should_find_the_property_first_and_last_too() throws Exception {
        assertArrayEquals(connack(topicAliasMaximum(0), RETAIN_AVAILABLE),
                next(noAlias(new ByteArrayInputStream(connack(topicAliasMaximum(65_535), RETAIN_AVAILABLE)))));
        assertArrayEquals(connack(RETAIN_AVAILABLE, topicAliasMaximum(0)),
                next(noAlias(new ByteArrayInputStream(connack(RETAIN_AVAILABLE, topicAliasMaximum(1))))));
    }

    @Test
    void should_hand_out_a_connack_without_the_property_byte_for_byte() throws Exception {
        byte[] without = connack(RECEIVE_MAXIMUM_20, userProperty("a", "b"), RETAIN_AVAILABLE);
        byte[] none = connack();
        byte[] mqtt311 = MqttPackets.CONNACK;

        for (byte[] packet : new byte[][] {without, none, mqtt311}) {
            assertArrayEquals(packet, next(noAlias(new ByteArrayInputStream(packet))));
        }
        assertNull(parsed(without).getProperties().getTopicAliasMaximum());
    }

    @Test
    void should_hand_out_every_other_packet_byte_for_byte() throws Exception {
        // a PUBLISH that carries a Topic Alias property and the bytes of a Topic Alias Maximum of 10 in its payload
        byte[] publish = {0x32, 12, 0, 3, 'a', '/', 'b', 0, 7, 3, 0x23, 0, 1, 0x22};
        byte[] payloadLikeAProperty = {0x30, 8, 0, 1, 't', 0, 0x22, 0, 10, 0};
        byte[] disconnect = {(byte) 0xE0, 5, (byte) 0x8B, 3, 0x1F, 0, 0};
        byte[] stream = concat(connack(topicAliasMaximum(10)), SUBACK, publish, payloadLikeAProperty, PINGRESP,
                disconnect);

        DataInputStream in = noAlias(new ByteArrayInputStream(stream));

        assertArrayEquals(connack(topicAliasMaximum(0)), next(in));
        for (byte[] packet : new byte[][] {SUBACK, publish, payloadLikeAProperty, PINGRESP, disconnect}) {
            assertArrayEquals(packet, next(in));
        }
        assertEquals(-1, in.read());
    }

    @Test
    void should_rewrite_a_connack_that_arrives_a_byte_at_a_time_or_cut_by_socket_timeouts() throws Exception {
        byte[] offered = connack(string(0x12, "auto-1"), topicAliasMaximum(10), RECEIVE_MAXIMUM_20);
        byte[] expected = connack(string(0x12, "auto-1"), topicAliasMaximum(0), RECEIVE_MAXIMUM_20);

        DataInputStream byteByByte = noAlias(new TimingOutSource(concat(offered, PINGRESP), 1));
        assertArrayEquals(expected, next(byteByByte));
        assertArrayEquals(PINGRESP, next(byteByByte));

        // cut after the first byte, before the properties' length, in the client id, between the property and its
        // value, before the last byte
        TimingOutSource timingOut = new TimingOutSource(offered, 1, 4, 9, 15, offered.length - 1);
        assertArrayEquals(expected, nextAcrossTimeouts(noAlias(timingOut)));
        assertEquals(5, timingOut.timeouts());
    }

    @Test
    void should_leave_a_connack_paho_refuses_as_it_is() throws Exception {
        // a string property that runs past the end, and a property a CONNACK cannot have (Topic Alias)
        byte[] overrun = {CONNACK, 10, 0, 0, 7, 0x1F, 0, 9, 'x', 0x22, 0, 10};
        byte[] unknown = connack(new byte[] {0x23, 0, 1}, topicAliasMaximum(10));

        for (byte[] packet : new byte[][] {overrun, unknown}) {
            assertArrayEquals(packet, next(noAlias(new ByteArrayInputStream(packet))));
        }
    }

    private static DataInputStream noAlias(InputStream source) {
        return new DataInputStream(new NoTopicAliasInputStream(source));
    }

    private static MqttConnAck parsed(byte[] packet) throws Exception {
        return (MqttConnAck) MqttWireMessage.createWireMessage(packet);
    }

    /** An MQTT 5 CONNACK, session present, reason code 0 (success), with these properties in this order. */
    private static byte[] connack(byte[]... properties) {
        byte[] all = concat(properties);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(1);
        body.write(0);
        body.writeBytes(MqttWireMessage.encodeVariableByteInteger(all.length));
        body.writeBytes(all);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(CONNACK);
        packet.writeBytes(MqttWireMessage.encodeVariableByteInteger(body.size()));
        packet.writeBytes(body.toByteArray());
        return packet.toByteArray();
    }

    private static byte[] topicAliasMaximum(int maximum) {
        return new byte[] {0x22, (byte) (maximum >> 8), (byte) maximum};
    }

    private static byte[] string(int property, String value) {
        return concat(new byte[] {(byte) property}, prefixed(value));
    }

    private static byte[] userProperty(String name, String value) {
        return concat(new byte[] {0x26}, prefixed(name), prefixed(value));
    }

    private static byte[] prefixed(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        return concat(new byte[] {(byte) (utf8.length >> 8), (byte) utf8.length}, utf8);
    }
}
