package io.sensorbridge.mqtt;

import java.net.Socket;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The factory Paho gets matches its broker URL's scheme, as Paho's network modules demand. */
class PacketRewritingSocketFactoryTest {

    @Test
    void should_give_tcp_a_plain_factory_because_paho_refuses_an_ssl_one_there() throws Exception {
        SocketFactory factory = PacketRewritingSocketFactory.forBroker("tcp://127.0.0.1:1883", null,
                TopicEscapingInputStream::new);

        assertFalse(factory instanceof SSLSocketFactory);
        try (Socket socket = factory.createSocket()) {
            assertFalse(socket.isConnected());
        }
    }

    @Test
    void should_give_ssl_an_ssl_factory_whose_unconnected_sockets_are_ssl_sockets() throws Exception {
        SocketFactory factory = PacketRewritingSocketFactory.forBroker("SSL://localhost:8883", null,
                TopicEscapingInputStream::new);

        assertInstanceOf(SSLSocketFactory.class, factory);
        try (Socket socket = factory.createSocket()) {
            SSLSocket tls = assertInstanceOf(SSLSocket.class, socket);
            tls.setSoTimeout(1234);
            assertEquals(1234, tls.getSoTimeout());
            assertFalse(tls.isConnected());
        }
    }

    @Test
    void should_refuse_websocket_urls_whose_sockets_carry_frames_not_mqtt_packets() {
        IllegalArgumentException refusal = assertThrows(IllegalArgumentException.class,
                () -> PacketRewritingSocketFactory.forBroker("wss://broker:443", null, TopicEscapingInputStream::new));

        assertEquals("Rewriting MQTT packets needs a tcp:// or ssl:// broker URL, not wss://broker:443",
                refusal.getMessage());
    }
}
