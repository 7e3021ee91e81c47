package io.sensorbridge.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.sensorbridge.support.JarProcess;
import io.sensorbridge.support.OutputFiles;
import io.sensorbridge.support.TestMqttClient;
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

    @Test
    void should_write_files_while_the_other_broker_is_down_and_forward_every_reading_once_it_is_up()
            throws Exception {
        try (MosquittoBroker edge = new MosquittoBroker(dir.resolve("edge"));
             MosquittoBroker cloud = new MosquittoBroker(dir.resolve("cloud"))) {
            edge.start();
            // a persistent session on the cloud broker, so it keeps what is forwarded before we read it
            cloud.start();
            new TestMqttClient(cloud.url(), CLOUD_SUBSCRIBER, false).subscribe("site-1/#", 1).close();
            cloud.stop();

            try (JarProcess bridge = JarProcess.start(dir.resolve("bridge"), Map.of(
                    "BROKER_EMBEDDED_ENABLED", "false",
                    "SIMULATOR_ENABLED", "false",
                    "MQTT_BROKER_URL", edge.url(),
                    "BRIDGE_TOPIC", "sensors/#",
                    "BRIDGE_OUTPUT_DIR", dir.resolve("readings").toString(),
                    "FORWARD_DEADLETTER_DIR", dir.resolve("forward-dead-letter").toString(),
                    "FORWARD_MQTT_URL", cloud.url(),
                    "FORWARD_MQTT_TOPIC_PREFIX", "site-1/"))) {
                await().atMost(Duration.ofSeconds(60)).until(() -> bridge.output().contains("Subscribed to"));
                List<String> published = new ArrayList<>();
                try (TestMqttClient sensor = new TestMqttClient(edge.url(), "edge-sensor", true)) {
                    for (int seq = 1; seq <= 20; seq++) {
                        String reading = "{\"sensor\":\"edge-1\",\"seq\":" + seq + ",\"temperature\":" + seq + "}";
                        sensor.publish("sensors/edge", reading, 1);
                        published.add(reading);
                    }
                }

                await().atMost(Duration.ofSeconds(30))
                        .until(() -> OutputFiles.lines(dir.resolve("readings")).size() == 20);
                assertTrue(bridge.output().contains("Cannot connect to " + cloud.url()), "the cloud broker is down");

                cloud.start();
                try (TestMqttClient subscriber = new TestMqttClient(cloud.url(), CLOUD_SUBSCRIBER, false)) {
                    subscriber.subscribe("site-1/#", 1);
                    await().atMost(Duration.ofSeconds(90)).until(() -> subscriber.received().size() >= 20);
                    assertEquals(published, new ArrayList<>(subscriber.received()), "each once, as published");
                }
                assertTrue(OutputFiles.lines(dir.resolve("forward-dead-letter")).isEmpty(), "nothing dead-lettered");
            }
        }
    }
}
