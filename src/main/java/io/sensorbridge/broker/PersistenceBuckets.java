package io.sensorbridge.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.hivemq.configuration.service.InternalConfigurations;

/**
 * How many shards ("buckets") HiveMQ splits each of its five disk stores into. HiveMQ's default, 64, opens 320
 * databases at every start and is most of its start-up time here (bench/run: 4.5-6 s of a 2-core machine); a
 * broker inside a bridge serves a handful of clients, so a new data folder gets {@link #FOR_NEW_DATA}.
 * <p>
 * A data folder keeps the count it was created with: HiveMQ finds a message by hashing it into a bucket, so
 * opening an existing folder with another count would hide what it holds. The count is read back from the
 * bucket folders on disk ({@code persistence/<store>/<version>/<store>_<n>}). The setting is HiveMQ's internal
 * (a static, read when the broker is built); a test pins its effect on the pinned HiveMQ version.
 */
final class PersistenceBuckets {

    static final int FOR_NEW_DATA = 4;
    private static final Pattern BUCKET = Pattern.compile(".*_(\\d+)");

    private PersistenceBuckets() {
    }

    /** Sets HiveMQ's bucket counts for the broker about to be built on this data folder. */
    static void chooseFor(Path dataFolder) throws IOException {
        Path persistence = dataFolder.resolve("persistence");
        InternalConfigurations.PERSISTENCE_BUCKET_COUNT.set(existing(persistence, "client_session_store")
                .orElse(FOR_NEW_DATA));
        InternalConfigurations.PAYLOAD_PERSISTENCE_BUCKET_COUNT.set(existing(persistence, "publish_payload_store")
                .orElse(FOR_NEW_DATA));
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
}
