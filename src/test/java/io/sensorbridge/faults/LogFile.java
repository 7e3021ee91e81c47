package io.sensorbridge.faults;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A log a process appends to across restarts: readiness is "one more occurrence of this line than before". */
final class LogFile {

    private final Path path;

    LogFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    int occurrences(String text) {
        return (int) lines().stream().filter(line -> line.contains(text)).count();
    }

    /** Waits until {@code text} appears more often than {@code before} times, e.g. once more since a start. */
    void awaitMoreThan(int before, String text, Duration atMost) {
        await("'" + text + "' in " + path)
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> occurrences(text) > before);
    }

    /** The last lines, to quote when something went wrong. */
    String tail(int count) {
        List<String> lines = lines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    private List<String> lines() {
        if (!Files.exists(path)) {
            return List.of();
        }
        try {
            return Files.readAllLines(path, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
