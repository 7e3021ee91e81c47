package io.sensorbridge.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.migration.meta.PersistenceType;

/**
 * How HiveMQ lays out its five disk stores in a data folder: how many shards ("buckets") each is split into, and
 * whether the message payloads and retained messages live in RocksDB (HiveMQ's default) or in Xodus, like its
 * other stores. Both are start-up costs on the way to the first reading: HiveMQ's default of 64 buckets opens 320
 * databases at every start (4.5-6 s of a 2-core machine); RocksDB's native library is unpacked and loaded at every
 * start (about 0.4 s to the first reading, bench/startup). A broker inside a bridge serves a handful of clients, so
 * a new data folder gets {@link #FOR_NEW_DATA} buckets and Xodus throughout.
 * <p>
 * A data folder keeps what it was created with: HiveMQ finds a message by hashing it into a bucket of a store of
 * one type, and the embedded broker does not migrate, so opening an existing folder otherwise would hide what it
 * holds. Both are read back from the folders on disk ({@code persistence/<store>/<version>[_R]/<store>_<n>}, where
 * {@code _R} marks RocksDB). The settings are HiveMQ's internal ones (statics, read when the broker is built);
 * {@code EmbeddedBrokerRestartTest} pins their effect on the pinned HiveMQ version.
 */
final class PersistenceLayout {

    static final int FOR_NEW_DATA = 4;
    private static final Pattern BUCKET = Pattern.compile(".*_(\\d+)");
    private static final String ROCKSDB_SUFFIX = "_R";

    private PersistenceLayout() {
    }

    /** Sets HiveMQ's bucket counts and store types for the broker about to be built on this data folder. */
    static void chooseFor(Path dataFolder) throws IOException {
        Path persistence = dataFolder.resolve("persistence");
        InternalConfigurations.PERSISTENCE_BUCKET_COUNT.set(existing(persistence, "client_session_store")
                .orElse(FOR_NEW_DATA));
        InternalConfigurations.PAYLOAD_PERSISTENCE_BUCKET_COUNT.set(existing(persistence, "publish_payload_store")
                .orElse(FOR_NEW_DATA));
        InternalConfigurations.PAYLOAD_PERSISTENCE_TYPE.set(type(persistence, "publish_payload_store")
                .orElse(PersistenceType.FILE));
        InternalConfigurations.RETAINED_MESSAGE_PERSISTENCE_TYPE.set(type(persistence, "retained_messages")
                .orElse(PersistenceType.FILE));
    }

    /** The bucket count a store on disk was created with, if it exists. */
    static OptionalInt existing(Path persistence, String store) throws IOException {
        Path storeFolder = persistence.resolve(store);
        if (!Files.isDirectory(storeFolder)) {
            return OptionalInt.empty();
        }
        try (Stream<Path> buckets = Files.find(storeFolder, 2, (path, attributes) -> attributes.isDirectory())) {
            return buckets.map(path -> BUCKET.matcher(path.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(match -> Integer.parseInt(match.group(1)) + 1)
                    .max();
        }
    }

    /** Whether a store on disk is RocksDB ({@code FILE_NATIVE}) or Xodus ({@code FILE}), if it exists. */
    static Optional<PersistenceType> type(Path persistence, String store) throws IOException {
        Path storeFolder = persistence.resolve(store);
        if (!Files.isDirectory(storeFolder)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(storeFolder)) {
            return Optional.of(versions.anyMatch(version -> version.getFileName().toString().endsWith(ROCKSDB_SUFFIX))
                    ? PersistenceType.FILE_NATIVE : PersistenceType.FILE);
        }
    }
}
