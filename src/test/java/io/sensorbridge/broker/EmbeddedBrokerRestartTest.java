package io.sensorbridge.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.hivemq.configuration.service.InternalConfigurations;
import io.sensorbridge.support.FreePort;
import io.sensorbridge.support.TestMqttClient;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The embedded broker keeps what it queued for an offline client across a restart on the same data folder, whether
 * the folder is new (opened with {@link PersistenceBuckets#FOR_NEW_DATA} buckets) or was made with HiveMQ's default
 * of 64 (an older sensor-bridge): a folder must be reopened with the bucket count it was created with, and HiveMQ
 * must honour the count (its setting is internal; this catches a HiveMQ upgrade that changes it).
 */
class EmbeddedBrokerRestartTest {

    /** HiveMQ's stores and the version folder each lives in (HiveMQ CE 2025.5). */
    private static final Map<String, String> STORES = Map.of("client_session_store", "040000",
            "client_session_subscriptions", "040000", "client_queue", "040500", "retained_messages", "040500_R",
            "publish_payload_store", "040500_R");
    private static final int MESSAGES = 200;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "data folder made with {0} buckets (0 = new)")
    @ValueSource(ints = {0, 64})
    void should_deliver_what_it_queued_before_a_restart(int bucketsOnDisk) throws Exception {
        Path brokerDir = dir.resolve("broker");
        if (bucketsOnDisk > 0) {
            makeBucketFolders(brokerDir.resolve("data/persistence"), bucketsOnDisk);
        }
        int expectedBuckets = bucketsOnDisk > 0 ? bucketsOnDisk : PersistenceBuckets.FOR_NEW_DATA;
        int port = FreePort.find();
        String url = "tcp://127.0.0.1:" + port;

        // Given a persistent session that is offline while readings are published to it
        EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", port, brokerDir, 10_000);
        broker.start();
        try {
            new TestMqttClient(url, "offline-reader", false).subscribe("sensors/#", 1).close();
            try (TestMqttClient publisher = new TestMqttClient(url, "publisher", true)) {
                for (int i = 0; i < MESSAGES; i++) {
                    publisher.publish("sensors/s" + i, "{\"seq\":" + i + "}", 1);
                }
            }
        } finally {
            broker.stop();
        }

        // When the broker restarts on the same folder and the reader comes back
        broker = new EmbeddedBroker("127.0.0.1", port, brokerDir, 10_000);
        broker.start();
        try (TestMqttClient reader = new TestMqttClient(url, "offline-reader", false)) {
            // Then every queued message arrives, and the folder kept its bucket count
            Set<String> received = new HashSet<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                reader.received().drainTo(received);
                return received.size() == MESSAGES;
            });
            assertEquals(expectedBuckets, InternalConfigurations.PERSISTENCE_BUCKET_COUNT.get());
            assertEquals(expectedBuckets, InternalConfigurations.PAYLOAD_PERSISTENCE_BUCKET_COUNT.get());
            for (String store : STORES.keySet()) {
                assertEquals(expectedBuckets,
                        PersistenceBuckets.existing(brokerDir.resolve("data/persistence"), store).orElse(-1), store);
            }
        } finally {
            broker.stop();
        }
    }

    private static void makeBucketFolders(Path persistence, int buckets) throws IOException {
        for (Map.Entry<String, String> store : STORES.entrySet()) {
            Path folder = persistence.resolve(store.getKey()).resolve(store.getValue());
            for (int i = 0; i < buckets; i++) {
                Files.createDirectories(folder.resolve(store.getKey() + "_" + i));
            }
        }
    }
}
