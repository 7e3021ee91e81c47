package io.sensorbridge.replay;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.sensorbridge.files.ReadingFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The files of a folder merged into one stream in receivedAt order, with few files open at any time. */
class MergedReadingsTest {

    private static final String[] TOPICS = {"sensors/a", "sensors/b", "sensors/c"};
    private static final int DAYS = 30;
    private static final int PER_DAY = 40;

    @TempDir
    Path dir;

    @Test
    void should_merge_a_month_of_files_in_order_with_one_file_per_topic_open() throws IOException {
        // Given a month of day files for three topics, each day in two rotated parts and the active file
        LocalDate day = LocalDate.of(2026, 11, 1);
        for (int d = 0; d < DAYS; d++, day = day.plusDays(1)) {
            for (int t = 0; t < TOPICS.length; t++) {
                Path folder = Files.createDirectories(dir.resolve(TOPICS[t]));
                for (int part = 0; part < 3; part++) {
                    String name = day + (part < 2 ? ".000" + (part + 1) : "") + ".jsonl";
                    try (Writer out = Files.newBufferedWriter(folder.resolve(name))) {
                        for (int i = 0; i < PER_DAY / 3 + 1; i++) {
                            long second = (part * (PER_DAY / 3 + 1) + i) * 600L + t * 7;
                            out.write(line(TOPICS[t], day.atStartOfDay(ZoneOffset.UTC).plusSeconds(second).toInstant()
                                    .toString()));
                        }
                    }
                }
            }
        }

        // When they are merged
        List<Long> times = new ArrayList<>();
        int mostOpen;
        try (MergedReadings merged = new MergedReadings(ReadingFiles.below(dir), null, null, reading -> true)) {
            for (MergedReadings.Timed next = merged.next(); next != null; next = merged.next()) {
                times.add(next.millis());
            }
            mostOpen = merged.mostFilesOpen();
        }

        // Then every line comes once, in receivedAt order, and no more than one file per topic was open at once
        assertEquals(DAYS * TOPICS.length * 3 * (PER_DAY / 3 + 1), times.size());
        assertEquals(times.stream().sorted().toList(), times, "receivedAt order");
        assertTrue(mostOpen <= TOPICS.length, "at most one file per topic open at once, not " + mostOpen);
    }

    @Test
    void should_never_open_a_file_whose_period_is_outside_the_range() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("t"));
        Files.writeString(folder.resolve("2026-11-24.jsonl"), "torn\nlines\n");
        Files.writeString(folder.resolve("2026-11-25T13.jsonl"), "torn\n");
        Files.writeString(folder.resolve("2026-11-25T14.jsonl"), line("t", "2026-11-25T14:59:59.999Z")
                                                                 + line("t", "2026-11-25T14:10:00Z"));
        Files.writeString(folder.resolve("2026-11-25T15.jsonl"), line("t", "2026-11-25T15:00:00Z"));

        List<String> times = new ArrayList<>();
        long unreadable;
        try (MergedReadings merged = new MergedReadings(ReadingFiles.below(dir),
                Instant.parse("2026-11-25T14:00:00Z"), Instant.parse("2026-11-25T15:00:00Z"), reading -> true)) {
            for (MergedReadings.Timed next = merged.next(); next != null; next = merged.next()) {
                times.add(next.reading().receivedAt());
            }
            unreadable = merged.unreadable();
        }

        assertEquals(List.of("2026-11-25T14:59:59.999Z", "2026-11-25T14:10:00Z"), times,
                "the line a little out of order comes as it stands; --to is exclusive");
        assertEquals(0, unreadable, "the torn files of other hours were not read");
    }

    private static String line(String topic, String receivedAt) {
        return "{\"topic\":\"" + topic + "\",\"receivedAt\":\"" + receivedAt + "\",\"reading\":{\"sensor\":\"s\"}}\n";
    }
}
