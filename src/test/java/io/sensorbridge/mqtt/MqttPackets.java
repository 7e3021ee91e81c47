package io.sensorbridge.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.internal.wire.MqttWireMessage;

/** MQTT 3.1.1 packets as a broker sends them, and read back the way Paho mqttv3's MqttInputStream reads them. */
final class MqttPackets {

    static final byte[] CONNACK = {0x20, 0x02, 0x00, 0x00};
    static final byte[] SUBACK = {(byte) 0x90, 0x03, 0x00, 0x01, 0x01};
    static final byte[] PINGRESP = {(byte) 0xD0, 0x00};

    private MqttPackets() {
    }

    static byte[] publish(String topic, int qos, int packetId, byte[] payload) {
        return publish(topic.getBytes(StandardCharsets.UTF_8), qos, packetId, payload);
    }

    static byte[] publish(byte[] topic, int qos, int packetId, byte[] payload) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(topic.length >> 8);
        body.write(topic.length);
        body.writeBytes(topic);
        if (qos > 0) {
            body.write(packetId >> 8);
            body.write(packetId);
        }
        body.writeBytes(payload);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(0x30 | qos << 1);
        packet.writeBytes(MqttWireMessage.encodeMBI(body.size()));
        packet.writeBytes(body.toByteArray());
        return packet.toByteArray();
    }

    static byte[] concat(byte[]... packets) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] packet : packets) {
            all.writeBytes(packet);
        }
        return all.toByteArray();
    }

    /** The raw bytes of the next packet, read as Paho does: readByte, its remaining length, readFully. */
    static byte[] next(DataInputStream in) throws IOException {
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(in.readByte());
        int remaining = 0;
        int shift = 0;
        int digit;
        do {
            digit = in.readByte();
            packet.write(digit);
            remaining |= (digit & 0x7F) << shift;
            shift += 7;
        } while ((digit & 0x80) != 0);
        byte[] rest = new byte[remaining];
        in.readFully(rest);
        packet.writeBytes(rest);
        return packet.toByteArray();
    }

    /** {@link #next}, called again after each SocketTimeoutException, as Paho's receiver does. */
    static byte[] nextAcrossTimeouts(DataInputStream in) throws IOException {
        while (true) {
            try {
                return next(in);
            } catch (SocketTimeoutException retryAsPahoDoes) {
                // the stream kept what it had read
            }
        }
    }

    /** Paho's own parser, topic validation included: a topic it rejects throws IllegalArgumentException. */
    static MqttWireMessage parsed(byte[] packet) throws MqttException {
        return MqttWireMessage.createWireMessage(packet);
    }

    static DataInputStream escaping(InputStream source) {
        return new DataInputStream(new TopicEscapingInputStream(source));
    }
}
