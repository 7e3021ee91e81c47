package io.sensorbridge.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.migration.meta.PersistenceType;
import io.sensorbridge.support.FreePort;
import io.sensorbridge.support.TestMqttClient;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The embedded broker keeps what it queued for an offline client across a restart on the same data folder, whether
 * the folder is new (opened with {@link PersistenceLayout#FOR_NEW_DATA} buckets, payloads in Xodus) or was made by an
 * older sensor-bridge (HiveMQ's default of 64 buckets, or 4; payloads in RocksDB): a folder must be reopened with the
 * layout it was created with, and HiveMQ must honour it (its settings are internal; this catches a HiveMQ upgrade
 * that changes them). Its stop takes well under a second with a client still connected ({@link QuickStop}, internal
 * too) and loses nothing.
 */
class EmbeddedBrokerRestartTest {

    /** HiveMQ's stores and the version folder each lives in (HiveMQ CE 2025.5); RocksDB's end in _R. */
    private static final Map<String, String> STORES = Map.of("client_session_store", "040000",
            "client_session_subscriptions", "040000", "client_queue", "040500", "retained_messages", "040500",
            "publish_payload_store", "040500");
    private static final Set<String> IN_ROCKSDB_BY_DEFAULT = Set.of("retained_messages", "publish_payload_store");
    private static final int MESSAGES = 200;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "data folder made with {0} buckets (0 = new), payloads in RocksDB: {1}")
    @CsvSource({"0, false", "64, true", "4, true"})
    void should_deliver_what_it_queued_before_a_restart(int bucketsOnDisk, boolean rocksDbOnDisk) throws Exception {
        Path brokerDir = dir.resolve("broker");
        if (bucketsOnDisk > 0) {
            makeBucketFolders(brokerDir.resolve("data/persistence"), bucketsOnDisk, rocksDbOnDisk);
        }
        int expectedBuckets = bucketsOnDisk > 0 ? bucketsOnDisk : PersistenceLayout.FOR_NEW_DATA;
        PersistenceType expectedType = rocksDbOnDisk ? PersistenceType.FILE_NATIVE : PersistenceType.FILE;
        int port = FreePort.find();
        String url = "tcp://127.0.0.1:" + port;

        // Given a persistent session that is offline while readings are published to it, and a client still
        // connected when the broker stops (quickly: HiveMQ's own stop waits out 4 s, see QuickStop)
        EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", port, brokerDir, 10_000);
        broker.start();
        long stopMillis;
        try (TestMqttClient connected = new TestMqttClient(url, "connected-at-stop", false)) {
            new TestMqttClient(url, "offline-reader", false).subscribe("sensors/#", 1).close();
            try (TestMqttClient publisher = new TestMqttClient(url, "publisher", true)) {
                for (int i = 0; i < MESSAGES; i++) {
                    publisher.publish("sensors/s" + i, "{\"seq\":" + i + "}", 1);
                }
            }
            long stopping = System.nanoTime();
            broker.stop();
            stopMillis = (System.nanoTime() - stopping) / 1_000_000;
        }
        System.out.println("embedded broker stop: " + stopMillis + " ms");
        assertTrue(stopMillis < 2_000, "the broker stopped in " + stopMillis + " ms");

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
            assertEquals(expectedType, InternalConfigurations.PAYLOAD_PERSISTENCE_TYPE.get());
            assertEquals(expectedType, InternalConfigurations.RETAINED_MESSAGE_PERSISTENCE_TYPE.get());
            Path persistence = brokerDir.resolve("data/persistence");
            for (String store : STORES.keySet()) {
                assertEquals(expectedBuckets, PersistenceLayout.existing(persistence, store).orElse(-1), store);
                // HiveMQ made no store of the other kind beside the one on disk
                assertEquals(List.of(version(store, IN_ROCKSDB_BY_DEFAULT.contains(store) && rocksDbOnDisk)),
                        list(persistence.resolve(store)), store);
            }
        } finally {
            broker.stop();
        }
    }

    private static void makeBucketFolders(Path persistence, int buckets, boolean rocksDb) throws IOException {
        for (String store : STORES.keySet()) {
            boolean inRocksDb = rocksDb && IN_ROCKSDB_BY_DEFAULT.contains(store);
            Path folder = persistence.resolve(store).resolve(version(store, inRocksDb));
            for (int i = 0; i < buckets; i++) {
                Files.createDirectories(folder.resolve(store + "_" + i));
            }
        }
    }

    private static String version(String store, boolean rocksDb) {
        return STORES.get(store) + (rocksDb ? "_R" : "");
    }

    private static List<String> list(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(path -> path.getFileName().toString()).toList();
        }
    }
}
