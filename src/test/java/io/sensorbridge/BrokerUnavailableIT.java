package io.sensorbridge;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.sensorbridge.broker.EmbeddedBroker;
import io.sensorbridge.support.FreePort;
import io.sensorbridge.support.JarProcess;
import io.sensorbridge.support.OutputFiles;
import io.sensorbridge.support.TestMqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** No broker at start-up: the bridge says so once per attempt, backs off, and resumes when the broker comes. */
class BrokerUnavailableIT {

    @TempDir
    Path dir;

    @Test
    void should_retry_with_back_off_and_resume_when_the_broker_comes_up() throws Exception {
        int port = FreePort.find();
        try (JarProcess bridge = JarProcess.start(dir, Map.of("BROKER_EMBEDDED_ENABLED", "false",
                "SIMULATOR_ENABLED", "false",
                "MQTT_BROKER_URL", "tcp://127.0.0.1:" + port,
                "BRIDGE_OUTPUT_DIR", dir.resolve("readings").toString()))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> bridge.output().contains("retry 3 in 4000 ms"));
            String output = bridge.output();
            assertTrue(output.contains("Cannot connect to tcp://127.0.0.1:" + port + " as sensor-bridge:"), output);
            assertTrue(output.contains("retry 1 in 1000 ms") && output.contains("retry 2 in 2000 ms"), output);
            assertFalse(output.contains("\tat "), "no stack trace:\n" + output);

            EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", port, dir.resolve("broker"), 1000);
            broker.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> bridge.output().contains("Subscribed to"));
                try (TestMqttClient publisher = new TestMqttClient("tcp://127.0.0.1:" + port, "late", true)) {
                    publisher.publish("sensors/temperature", "{\"temperature\": 5}", 1);
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> OutputFiles.lines(dir.resolve("readings")).size() == 1);
                assertTrue(bridge.isAlive());
            } finally {
                broker.stop();
            }
        }
    }
}
