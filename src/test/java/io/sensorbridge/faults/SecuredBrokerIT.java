package io.sensorbridge.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.sensorbridge.support.JarProcess;
import io.sensorbridge.support.MosquittoPub;
import io.sensorbridge.support.OutputFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Mosquitto that wants a user name and password (password_file made by mosquitto_passwd): the right ones
 * work, wrong ones give one line per retry with back-off, and the password never shows in the bridge's output.
 */
class SecuredBrokerIT {

    private static final String USER = "sensor";
    private static final String PASSWORD = "s3cr3t-Pa55word";

    @TempDir
    Path dir;

    private MosquittoBroker broker;

    @BeforeEach
    void startSecuredBroker() throws Exception {
        broker = new MosquittoBroker(dir.resolve("mosquitto"),
                MosquittoBroker.passwordAccess(dir, USER, PASSWORD));
        broker.start();
    }

    @AfterEach
    void stopBroker() throws Exception {
        broker.close();
    }

    private JarProcess bridge(String password) {
        return JarProcess.start(dir.resolve("bridge"), Map.of("BROKER_EMBEDDED_ENABLED", "false",
                "SIMULATOR_ENABLED", "false",
                "MQTT_BROKER_URL", broker.url(),
                "MQTT_USERNAME", USER,
                "MQTT_PASSWORD", password,
                "BRIDGE_OUTPUT_DIR", dir.resolve("readings").toString()));
    }

    @Test
    void should_bridge_with_the_right_password_and_never_log_it() throws Exception {
        try (JarProcess bridge = bridge(PASSWORD)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> bridge.output().contains("Subscribed to"));

            assertTrue(MosquittoPub.publish(broker.port(), "sensors/temperature", "{\"temperature\": 3}", 1,
                    "-u", USER, "-P", PASSWORD));

            await().atMost(Duration.ofSeconds(20)).until(() -> OutputFiles.lines(dir.resolve("readings")).size() == 1);
            bridge.terminate();
            assertTrue(bridge.awaitExit(15) >= 0, "stopped");
            assertFalse(bridge.output().contains(PASSWORD), "the password is in the log:\n" + bridge.output());
        }
    }

    @Test
    void should_retry_with_back_off_on_a_wrong_password_in_one_line_each() throws Exception {
        String wrong = "not-the-Pa55word";
        try (JarProcess bridge = bridge(wrong)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> bridge.output().contains("retry 3 in 4000 ms"));

            List<String> refusals = bridge.output().lines().filter(l -> l.contains("Cannot connect to")).toList();
            assertEquals(3, refusals.size(), "one line per attempt, with back-off:\n" + bridge.output());
            assertTrue(refusals.get(0).contains("as sensor-bridge"), refusals.get(0));
            assertFalse(bridge.output().contains("\tat "), "no stack trace:\n" + bridge.output());
            assertFalse(bridge.output().contains(wrong), "the password is in the log:\n" + bridge.output());
            assertTrue(bridge.isAlive(), "keeps trying");
        }
    }
}
