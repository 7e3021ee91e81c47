package io.sensorbridge.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Readings an earlier run of the bridge left in its folder: today's file of a topic, with two readings in it. */
public final class EarlierRun {

    private EarlierRun() {
    }

    /** Writes them below {@code readings} (the folder the bridge is about to write to), under {@code topic}. */
    public static void wrote(Path readings, String topic) {
        try {
            Path file = readings.resolve(topic).resolve(Instant.now().toString().substring(0, 10) + ".jsonl");
            Files.createDirectories(file.getParent());
            Files.write(file, List.of(
                    "{\"topic\":\"" + topic + "\",\"receivedAt\":\"2026-01-01T00:00:00Z\",\"reading\":{\"seq\":1,"
                    + "\"temperature\":1}}",
                    "{\"topic\":\"" + topic + "\",\"receivedAt\":\"2026-01-01T00:00:01Z\",\"reading\":{\"seq\":2,"
                    + "\"temperature\":2}}"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
