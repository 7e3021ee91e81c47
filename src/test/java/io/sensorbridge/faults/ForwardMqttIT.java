package io.sensorbridge.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        // an old key of the in-memory queues, as a user upgrading may still have it: one warning, nothing else
        try (JarProcess bridge = startBridge(Map.of("FORWARD_QUEUE_SIZE", "3"))) {
            assertTrue(bridge.output().contains("forward.queue-size is set but no longer does anything"));
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
    void should_forward_with_only_its_url_set_to_the_original_topics() throws Exception {
        // forward.mqtt.url alone, as docs/forwarding.md says: no prefix, the reading under its own topic
        try (JarProcess bridge = startBridge(Map.of("FORWARD_MQTT_TOPIC_PREFIX", ""));
             TestMqttClient subscriber = cloudSubscriber("sensors/#")) {
            List<String> published = publish(5);

            await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.received().size() >= 5);
            assertEquals(published, new ArrayList<>(subscriber.received()), "each once, as published, same topic");
            assertTrue(bridge.isAlive());
        }
    }

    private TestMqttClient cloudSubscriber(String filter) throws Exception {
        cloud.start();
        return new TestMqttClient(cloud.url(), "cloud-subscriber-2", true).subscribe(filter, 1);
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
                "FORWARD_MQTT_URL", cloud.url()));
        env.put("FORWARD_MQTT_TOPIC_PREFIX", "site-1/");
        env.putAll(more);
        if (env.get("FORWARD_MQTT_TOPIC_PREFIX").isEmpty()) {
            env.remove("FORWARD_MQTT_TOPIC_PREFIX");
        }
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
