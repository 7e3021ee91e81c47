package io.sensorbridge;

import java.time.Duration;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.SocketFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sensorbridge.faults.RunningMosquitto;
import io.sensorbridge.support.TestApplication;
import io.sensorbridge.support.TestMqttClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The simulator on MQTT 5 publishes QoS 1 readings at a steady 200 a second to a real Mosquitto with its default
 * topic aliases (a Topic Alias Maximum of 10 in its CONNACK), which is stopped and started again mid-stream: every
 * reading reaches a subscriber with a persistent session, and the simulator connects once more, not in a loop.
 * Paho mqttv5 1.2.5 alone resends the readings in flight at the stop with only their topic alias, which the new
 * connection does not know: Mosquitto drops it for a protocol error, on every reconnect
 * (eclipse-paho/paho.mqtt.java#916, #1104). Mosquitto is frozen before it stops until readings are in flight, as
 * with a busy broker: a quick one on loopback acknowledges each within a millisecond, and a plain stop seldom finds
 * one unacknowledged. The subclasses connect over {@code tcp://} and {@code ssl://}.
 */
abstract class Mqtt5PublisherRestartContract extends BootedApplication {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "sensors/alias/temperature";
    private static final String SUBSCRIBER = "alias-subscriber";

    private final RunningMosquitto broker;
    private final SocketFactory tls;
    private final List<TestMqttClient> subscribers = new CopyOnWriteArrayList<>();

    /** {@code tls}: the subscriber's TLS socket factory; null for tcp://. */
    Mqtt5PublisherRestartContract(RunningMosquitto broker, SocketFactory tls) {
        this.broker = broker;
        this.tls = tls;
    }

    /** A Mosquitto with its default topic aliases; {@code listener} options as for RunningMosquitto.start. */
    static RunningMosquitto mosquitto(List<String> listener) {
        try {
            return RunningMosquitto.start(listener);
        } catch (Exception e) {
            throw new IllegalStateException("Mosquitto did not start", e);
        }
    }

    /**
     * The simulator alone on MQTT 5, publishing to {@code brokerUrl}; the subscriber's persistent session is made
     * first, so the broker keeps every reading for it from the first on.
     */
    static TestApplication simulatorOn(String name, String brokerUrl, SocketFactory tls) {
        try {
            new TestMqttClient(brokerUrl, SUBSCRIBER, false, tls).subscribe(TOPIC, 1).close();
        } catch (Exception e) {
            throw new IllegalStateException("The subscriber could not connect", e);
        }
        return TestApplication.use(name)
                .set("mqtt.version", "5")
                .set("broker.embedded.enabled", "false")
                .set("mqtt.broker.url", brokerUrl)
                .set("bridge.enabled", "false")
                .set("sensor.topic", TOPIC)
                .set("simulator.period", "5")
                .set("simulator.log-level", "OFF");
    }

    @AfterAll
    void closeSubscribersAndBroker() throws Exception {
        for (TestMqttClient subscriber : subscribers) {
            subscriber.close();
        }
        broker.close();
    }

    @Test
    void should_deliver_every_reading_and_connect_once_more_when_the_broker_restarts() throws Exception {
        subscribers.add(subscriber());
        await("readings").atMost(Duration.ofSeconds(30)).until(() -> highestSeq() >= 400);
        assertEquals(1, connections("up"), "connected once");

        broker.pause();
        await("readings in flight").atMost(Duration.ofSeconds(10)).until(() -> inFlight() > 0);
        broker.restart();
        long beforeRestart = highestSeq();
        subscribers.add(subscriber());

        // 1,000 readings are 5 s of the simulator's pace
        await("readings after the restart").atMost(Duration.ofSeconds(30))
                .failFast("the simulator connects again and again", () -> connections("up") > 2)
                .until(() -> highestSeq() >= beforeRestart + 1_000);
        SortedSet<Long> received = receivedSeqs();
        SortedSet<Long> missing = new TreeSet<>();
        for (long seq = 1; seq <= received.last(); seq++) {
            if (!received.contains(seq)) {
                missing.add(seq);
            }
        }
        assertEquals(new TreeSet<>(), missing, "readings missing of 1.." + received.last());
        await("one reconnect, no loop").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> connections("up") == 2 && connections("lost") == 1);
    }

    /** The persistent session's client, connected (again). */
    private TestMqttClient subscriber() throws Exception {
        return new TestMqttClient(app().settings("mqtt.broker.url"), SUBSCRIBER, false, tls);
    }

    private SortedSet<Long> receivedSeqs() throws Exception {
        SortedSet<Long> seqs = new TreeSet<>();
        for (TestMqttClient subscriber : subscribers) {
            for (String payload : subscriber.received()) {
                seqs.add(JSON.readTree(payload).get("seq").asLong());
            }
        }
        return seqs;
    }

    private long highestSeq() throws Exception {
        SortedSet<Long> seqs = receivedSeqs();
        return seqs.isEmpty() ? 0 : seqs.last();
    }

    private double inFlight() {
        return Meters.of(context).get("sensorbridge.publisher.in.flight")
                .tag("client", app().settings("simulator.client-id")).gauge().value();
    }

    private double connections(String event) {
        return Meters.of(context).get("sensorbridge.mqtt.connections")
                .tag("client", app().settings("simulator.client-id")).tag("event", event).counter().count();
    }
}
