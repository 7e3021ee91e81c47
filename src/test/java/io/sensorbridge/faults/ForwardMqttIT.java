package io.sensorbridge.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.sensorbridge.support.JarProcess;
import io.sensorbridge.support.OutputFiles;
import io.sensorbridge.support.TestMqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MQTT forward (edge to cloud) between two real Mosquittos: the "cloud" one is down when the bridge starts and
 * while readings arrive; they reach the files all the same, and once the cloud broker is up they arrive there, each
 * once, exactly as published, under the topic prefix.
 */
class ForwardMqttIT {

    private static final String CLOUD_SUBSCRIBER = "cloud-subscriber";

    @TempDir
    Path dir;

    private MosquittoBroker edge;
    private MosquittoBroker cloud;

    @Test
    void should_write_files_while_the_other_broker_is_down_and_forward_every_reading_once_it_is_up()
            throws Exception {
        try (JarProcess bridge = startBridge(Map.of())) {
            List<String> published = publish(20);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> OutputFiles.lines(dir.resolve("readings")).size() == 20);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> bridge.output().contains("Cannot connect to " + cloud.url()));

            cloud.start();
            try (TestMqttClient subscriber = new TestMqttClient(cloud.url(), CLOUD_SUBSCRIBER, false)) {
                subscriber.subscribe("site-1/#", 1);
                await().atMost(Duration.ofSeconds(90)).until(() -> subscriber.received().size() >= 20);
                assertEquals(published, new ArrayList<>(subscriber.received()), "each once, as published");
            }
            assertTrue(OutputFiles.lines(dir.resolve("forward-dead-letter")).isEmpty(), "nothing dead-lettered");
        }
    }

    @Test
    void should_dead_letter_what_does_not_fit_while_the_other_broker_is_down_and_send_the_rest_later()
            throws Exception {
        try (JarProcess bridge = startBridge(Map.of("ROUTES_DSL", "java", "FORWARD_QUEUE_SIZE", "3",
                "FORWARD_RETRIES", "1", "FORWARD_RETRY_DELAY", "200"))) {
            List<String> published = new ArrayList<>();
            try (TestMqttClient sensor = new TestMqttClient(edge.url(), "edge-sensor", true)) {
                // one by one, each in the files before the next: the bridge never waits for the forward
                for (int seq = 1; seq <= 15; seq++) {
                    published.add(publish(sensor, seq));
                    int written = seq;
                    await().atMost(Duration.ofSeconds(30))
                            .until(() -> OutputFiles.lines(dir.resolve("readings")).size() == written);
                }
            }
            await().atMost(Duration.ofSeconds(30)).failFast("the bridge stopped", () -> !bridge.isAlive())
                    .until(() -> bridge.output().contains("already wait for it"));

            cloud.start();
            try (TestMqttClient subscriber = new TestMqttClient(cloud.url(), CLOUD_SUBSCRIBER, false)) {
                subscriber.subscribe("site-1/#", 1);
                List<String> deadLettered = new ArrayList<>();
                await().atMost(Duration.ofSeconds(90)).until(() -> {
                    deadLettered.clear();
                    OutputFiles.lines(dir.resolve("forward-dead-letter"))
                            .forEach(record -> deadLettered.add(readingIn(record.get("payload"))));
                    return subscriber.received().size() + deadLettered.size() >= 15;
                });
                List<String> accounted = new ArrayList<>(subscriber.received());
                accounted.addAll(deadLettered);
                assertEquals(new HashSet<>(published), new HashSet<>(accounted));
                assertEquals(15, accounted.size(), "each reading either forwarded or dead-lettered, once");
                assertTrue(subscriber.received().size() >= 3, "the buffered ones are sent on reconnect");
            }
        }
    }

    /** The reading in a dead-letter record: the payload itself, or for a full queue the line that holds it. */
    private static String readingIn(JsonNode payload) {
        return (payload.has("reading") ? payload.get("reading") : payload).toString();
    }

    /**
     * Both brokers, and a persistent session on the cloud one (then stopped), so it keeps what is forwarded before
     * the test reads it.
     */
    @BeforeEach
    void startEdgeWithCloudDown() throws Exception {
        edge = new MosquittoBroker(dir.resolve("edge"));
        cloud = new MosquittoBroker(dir.resolve("cloud"));
        edge.start();
        cloud.start();
        new TestMqttClient(cloud.url(), CLOUD_SUBSCRIBER, false).subscribe("site-1/#", 1).close();
        cloud.stop();
    }

    @AfterEach
    void stopBrokers() throws Exception {
        try (MosquittoBroker e = edge; MosquittoBroker c = cloud) {
            // both are closed, also when closing one of them fails
        }
    }

    private JarProcess startBridge(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(Map.of(
                "BROKER_EMBEDDED_ENABLED", "false",
                "SIMULATOR_ENABLED", "false",
                "MQTT_BROKER_URL", edge.url(),
                "BRIDGE_TOPIC", "sensors/#",
                "BRIDGE_OUTPUT_DIR", dir.resolve("readings").toString(),
                "FORWARD_DEADLETTER_DIR", dir.resolve("forward-dead-letter").toString(),
                "FORWARD_MQTT_URL", cloud.url(),
                "FORWARD_MQTT_TOPIC_PREFIX", "site-1/"));
        env.putAll(more);
        JarProcess bridge = JarProcess.start(dir.resolve("bridge"), env);
        await().atMost(Duration.ofSeconds(60)).until(() -> bridge.output().contains("Subscribed to"));
        return bridge;
    }

    private List<String> publish(int count) throws Exception {
        List<String> published = new ArrayList<>();
        try (TestMqttClient sensor = new TestMqttClient(edge.url(), "edge-sensor", true)) {
            for (int seq = 1; seq <= count; seq++) {
                published.add(publish(sensor, seq));
            }
        }
        return published;
    }

    private static String publish(TestMqttClient sensor, int seq) throws Exception {
        String reading = "{\"sensor\":\"edge-1\",\"seq\":" + seq + ",\"temperature\":" + seq + "}";
        sensor.publish("sensors/edge", reading, 1);
        return reading;
    }
}
