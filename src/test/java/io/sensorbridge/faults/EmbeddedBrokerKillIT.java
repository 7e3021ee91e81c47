package io.sensorbridge.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.sensorbridge.support.FreePort;
import io.sensorbridge.support.JarProcess;
import io.sensorbridge.support.TestMqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In the default run "nothing lost" rests on the embedded broker: what it acknowledged to a publisher and queued for
 * a client that is away survives a kill -9 of the whole process (the jar as a user runs it, a new data folder, so
 * the layout a new folder gets: broker/PersistenceLayout).
 */
class EmbeddedBrokerKillIT {

    private static final int MESSAGES = 500;

    @TempDir
    Path dir;

    @Test
    void should_deliver_what_it_acknowledged_before_a_kill_9() throws Exception {
        int port = FreePort.find();
        String url = "tcp://127.0.0.1:" + port;
        // the broker alone: neither the simulator nor the bridge runs
        Map<String, String> env = Map.of("BROKER_EMBEDDED_PORT", String.valueOf(port), "SIMULATOR_ENABLED", "false",
                "BRIDGE_ENABLED", "false");

        // Given a persistent session that is away while readings are published to it, each acknowledged
        try (JarProcess broker = started(env)) {
            new TestMqttClient(url, "away-reader", false).subscribe("sensors/#", 1).close();
            try (TestMqttClient publisher = new TestMqttClient(url, "publisher", true)) {
                for (int i = 0; i < MESSAGES; i++) {
                    publisher.publish("sensors/s" + i % 10, "{\"seq\":" + i + "}", 1);
                }
            }
            // When the process is killed: no shutdown hook runs, nothing is flushed or closed
            broker.kill();
            assertEquals(137, broker.awaitExit(10), "killed by SIGKILL");
        }

        // Then, started again on the same folder, it delivers every one of them to the reader coming back
        try (JarProcess broker = started(env); TestMqttClient reader = new TestMqttClient(url, "away-reader", false)) {
            Set<String> received = new HashSet<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                reader.received().drainTo(received);
                return received.size() == MESSAGES;
            });
        }
    }

    private JarProcess started(Map<String, String> env) {
        JarProcess broker = JarProcess.start(dir, env);
        await().atMost(Duration.ofSeconds(60)).until(() -> broker.output().contains("Embedded MQTT broker listening")
                                                           || !broker.isAlive());
        return broker;
    }
}
