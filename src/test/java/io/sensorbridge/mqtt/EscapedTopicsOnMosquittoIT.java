package io.sensorbridge.mqtt;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import javax.net.SocketFactory;

import io.sensorbridge.faults.RunningMosquitto;
import io.sensorbridge.support.MosquittoPub;
import io.sensorbridge.support.TestCertificates;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Emoji and fullwidth topics from a real Mosquitto reach a raw Paho mqttv3 client given the topic-escaping socket
 * factory, over TCP and TLS, restored exactly and acknowledged; without the factory the first one stops the client.
 */
class EscapedTopicsOnMosquittoIT {

    private static final List<String> TOPICS = List.of("sensors/🌡/temp", "ｔｅｍｐ/x", "plain/topic");
    private static final Duration ARRIVAL = Duration.ofSeconds(15);

    @TempDir
    static Path dir;

    private static TestCertificates pki;
    private static RunningMosquitto tcpBroker;
    private static RunningMosquitto tlsBroker;

    @BeforeAll
    static void startBrokers() throws Exception {
        // mosquitto_pub gets the topic as a command-line argument, which the JVM encodes with sun.jnu.encoding
        assumeTrue("UTF-8".equals(System.getProperty("sun.jnu.encoding")), "needs a UTF-8 locale (LANG=C.UTF-8)");
        pki = TestCertificates.createIn(dir.resolve("pki"));
        tcpBroker = RunningMosquitto.start();
        tlsBroker = RunningMosquitto.start(pki.mosquittoListener(false));
    }

    @AfterAll
    static void stopBrokers() throws Exception {
        for (RunningMosquitto broker : new RunningMosquitto[] {tcpBroker, tlsBroker}) {
            if (broker != null) {
                broker.close();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ssl"})
    void should_deliver_emoji_and_fullwidth_topics_restored_exactly_and_ack_them(String scheme) throws Exception {
        boolean tls = scheme.equals("ssl");
        String url = tls ? tlsBroker.url("ssl://localhost") : tcpBroker.url();
        SocketFactory factory = PacketRewritingSocketFactory.forBroker(url,
                tls ? PemSocketFactory.create(pki.ca, null, null) : null, TopicEscapingInputStream::new);
        String clientId = "escape-" + scheme;

        // Given a durable subscriber to everything at QoS 1 that acks by hand
        try (Subscriber subscriber = new Subscriber(url, clientId, factory)) {
            // When mosquitto_pub publishes to topics Paho alone would die on, then a plain one
            for (String topic : TOPICS) {
                assertTrue(publish(tls, topic, "reading of " + topic), "mosquitto_pub " + topic);
            }

            // Then all three arrive in order, each topic restored exactly, and the client lives on
            await().atMost(ARRIVAL).until(() -> subscriber.arrived.size() == TOPICS.size());
            assertEquals(TOPICS.stream().map(topic -> topic + " <- reading of " + topic).toList(),
                    List.copyOf(subscriber.arrived));
            assertNotEquals(TOPICS.get(0), subscriber.pahoTopics.peek(), "Paho saw the escaped form");
            assertTrue(subscriber.client.isConnected());
        }

        // and were acknowledged: back in the same session only what was published meanwhile arrives
        assertTrue(publish(tls, "sensors/🌡/later", "later"));
        try (Subscriber again = new Subscriber(url, clientId, factory)) {
            await().atMost(ARRIVAL).until(() -> !again.arrived.isEmpty());
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> again.arrived.size() == 1);
            assertEquals("sensors/🌡/later <- later", again.arrived.peek());
        }
    }

    @Test
    void should_show_that_without_the_factory_an_emoji_topic_stops_paho_receiving() throws Exception {
        // Given a subscriber with Paho's own sockets
        try (Subscriber subscriber = new Subscriber(tcpBroker.url(), "no-escape", null)) {
            assertTrue(receiving("no-escape"));

            // When an emoji topic comes, then a plain one
            assertTrue(publish(false, "sensors/🌡/temp", "poison"));
            assertTrue(publish(false, "plain/topic", "never read"));

            // Then its receive thread dies (the IllegalArgumentException on stderr) while Paho says it is connected,
            // and nothing arrives
            await().dontCatchUncaughtExceptions().atMost(ARRIVAL).until(() -> !receiving("no-escape"));
            await().dontCatchUncaughtExceptions().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                    .until(() -> subscriber.arrived.isEmpty() && subscriber.client.isConnected());
        }
    }

    private static boolean receiving(String clientId) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().equals("MQTT Rec: " + clientId) && thread.isAlive());
    }

    private static boolean publish(boolean tls, String topic, String payload) throws Exception {
        return tls
                ? MosquittoPub.publish(tlsBroker.port(), topic, payload, 1, "-h", "localhost", "--cafile",
                        pki.ca.toString())
                : MosquittoPub.publish(tcpBroker.port(), topic, payload, 1);
    }

    /** Paho mqttv3's async client in a persistent session, subscribed to # at QoS 1, acking each message. */
    private static final class Subscriber implements MqttCallback, AutoCloseable {

        final MqttAsyncClient client;
        final Queue<String> arrived = new ConcurrentLinkedQueue<>();
        final Queue<String> pahoTopics = new ConcurrentLinkedQueue<>();

        Subscriber(String url, String clientId, SocketFactory factory) throws MqttException {
            client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
            client.setManualAcks(true);
            client.setCallback(this);
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(false);
            options.setSocketFactory(factory);
            client.connect(options).waitForCompletion(10_000);
            client.subscribe("#", 1).waitForCompletion(10_000);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) throws MqttException {
            pahoTopics.add(topic);
            arrived.add(EscapedTopics.restore(topic) + " <- " + new String(message.getPayload(),
                    StandardCharsets.UTF_8));
            client.messageArrivedComplete(message.getId(), message.getQos());
        }

        @Override
        public void connectionLost(Throwable cause) {
            // the tests notice through what arrives
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // never publishes
        }

        @Override
        public void close() throws MqttException {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(10_000);
            }
            client.close(true);
        }
    }
}
