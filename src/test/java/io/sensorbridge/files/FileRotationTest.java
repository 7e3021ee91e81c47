package io.sensorbridge.files;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sensorbridge.support.OutputFiles;
import io.sensorbridge.support.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rotation by size and period, compression and retention, on the real disk, with a clock the test moves. */
class FileRotationTest {

    private static final Instant NOON = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(NOON);
    private final List<String> written = new CopyOnWriteArrayList<>();
    private GroupCommitWriter writer;

    @AfterEach
    void stop() throws InterruptedException {
        writer.stop();
    }

    private void start(long rotateBytes, FilePeriod every, Compression compression, Retention retention) {
        writer = new GroupCommitWriter(FsyncPolicy.BATCH, 10, 1000, 16, 60_000,
                new FileLifecycle(new RotationPolicy(rotateBytes, every), compression, retention), Followers.NONE, clock,
                new SimpleMeterRegistry());
        writer.manage(dir);
        writer.start();
    }

    /** Appends each line once the one before is written, so each is a batch of its own and sizes are exact. */
    private void append(String file, byte[] header, String... lines) throws InterruptedException {
        for (String line : lines) {
            writer.append(dir.resolve(file), header, line.getBytes(StandardCharsets.UTF_8), failure -> {
                assertNull(failure);
                written.add(line);
            });
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(10, TimeUnit.SECONDS)
                    .until(() -> written.contains(line));
        }
    }

    private static String[] numbered(int from, int to) {
        return Stream.iterate(from, i -> i <= to, i -> i + 1).map(i -> String.format("{\"seq\":%05d}", i))
                .toArray(String[]::new);
    }

    @Test
    void should_rotate_a_full_file_to_numbered_parts_that_hold_whole_lines() throws Exception {
        start(200, FilePeriod.DAY, Compression.NONE, Retention.KEEP_ALL);

        append("t/2026-11-25.jsonl", null, numbered(1, 100));

        List<Path> parts = files("t/2026-11-25.0*.jsonl");
        assertTrue(parts.size() >= 5, "parts: " + parts);
        assertEquals(dir.resolve("t/2026-11-25.0001.jsonl"), parts.get(0));
        List<String> lines = new ArrayList<>();
        for (Path part : parts) {
            String text = Files.readString(part);
            assertTrue(text.endsWith("\n"), "a part ends with a whole line: " + part);
            assertTrue(text.length() >= 200, "a part is rotated once full: " + part);
            lines.addAll(text.lines().toList());
        }
        if (Files.exists(dir.resolve("t/2026-11-25.jsonl"))) {
            lines.addAll(Files.readAllLines(dir.resolve("t/2026-11-25.jsonl")));
        }
        assertEquals(List.of(numbered(1, 100)), lines, "every line once, in order, parts first");
    }

    @Test
    void should_compress_parts_to_exactly_the_lines_written() throws Exception {
        start(300, FilePeriod.DAY, Compression.GZIP, Retention.KEEP_ALL);

        append("t/2026-11-25.jsonl", null, numbered(1, 200));

        await().atMost(10, TimeUnit.SECONDS).until(() -> files("t/*.tmp").isEmpty()
                                                        && files("t/2026-11-25.0*.jsonl").isEmpty());
        List<Path> parts = files("t/2026-11-25.0*");
        assertFalse(parts.isEmpty());
        List<String> lines = new ArrayList<>();
        for (Path part : parts) {
            assertTrue(part.toString().endsWith(".jsonl.gz"), "only compressed parts: " + part);
            lines.addAll(OutputFiles.gunzipped(part));
        }
        lines.addAll(Files.readAllLines(dir.resolve("t/2026-11-25.jsonl")));
        assertEquals(List.of(numbered(1, 200)), lines);
    }

    @Test
    void should_compress_parts_under_a_load_that_never_lets_the_queue_empty() throws Exception {
        start(300, FilePeriod.DAY, Compression.GZIP, Retention.KEEP_ALL);
        AtomicBoolean compressed = new AtomicBoolean();
        AtomicInteger queuedAfter = new AtomicInteger();
        Thread feeder = new Thread(() -> {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            try {
                for (int seq = 0; System.nanoTime() < until && queuedAfter.get() < 2_000; seq++) {
                    writer.append(dir.resolve("t/2026-11-25.jsonl"), null,
                            String.format("{\"seq\":%07d}", seq).getBytes(StandardCharsets.UTF_8), failure -> { });
                    if (compressed.get()) {
                        queuedAfter.incrementAndGet();
                    }
                }
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        });
        feeder.start();

        await().atMost(20, TimeUnit.SECONDS).ignoreExceptions()
                .until(() -> !files("t/2026-11-25.0*.jsonl.gz").isEmpty());
        compressed.set(true);
        feeder.join(TimeUnit.SECONDS.toMillis(40));
        assertTrue(queuedAfter.get() >= 2_000, "parts were compressed while lines kept coming, not after");
    }

    @Test
    void should_complete_the_day_file_at_midnight_when_no_reading_arrives() throws Exception {
        clock.advance(Duration.ofHours(11).plusMinutes(59));
        start(0, FilePeriod.DAY, Compression.GZIP, Retention.KEEP_ALL);
        append("t/2026-11-25.jsonl", null, numbered(1, 3));
        await().during(1500, TimeUnit.MILLISECONDS).until(() -> files("t/*.gz").isEmpty());

        clock.advance(Duration.ofMinutes(2));

        await().atMost(10, TimeUnit.SECONDS).until(() -> Files.exists(dir.resolve("t/2026-11-25.jsonl.gz")));
        assertFalse(Files.exists(dir.resolve("t/2026-11-25.jsonl")), "the plain file is replaced");
        assertEquals(List.of(numbered(1, 3)), OutputFiles.gunzipped(dir.resolve("t/2026-11-25.jsonl.gz")));
    }

    @Test
    void should_complete_hour_files_on_the_hour() throws Exception {
        start(0, FilePeriod.HOUR, Compression.GZIP, Retention.KEEP_ALL);
        append("t/2026-11-25T12.jsonl", null, numbered(1, 2));

        // a file whose period has just ended is left alone for a grace time, for a line received just before the end
        clock.advance(Duration.ofMinutes(60).plus(FileLifecycle.GRACE));

        await().atMost(10, TimeUnit.SECONDS).until(() -> Files.exists(dir.resolve("t/2026-11-25T12.jsonl.gz")));
        assertEquals("2026-11-25T13", FilePeriod.HOUR.nameOf(clock.instant()));
    }

    @Test
    void should_leave_a_file_whose_period_just_ended_alone_for_the_grace_time() throws Exception {
        start(0, FilePeriod.HOUR, Compression.GZIP, Retention.KEEP_ALL);
        append("t/2026-11-25T12.jsonl", null, numbered(1, 2));

        clock.advance(Duration.ofMinutes(60));
        append("t/2026-11-25T12.jsonl", null, numbered(3, 3));

        await().during(1500, TimeUnit.MILLISECONDS).until(() -> files("t/*.gz").isEmpty());
        assertEquals(List.of(numbered(1, 3)), Files.readAllLines(dir.resolve("t/2026-11-25T12.jsonl")),
                "a line received before the hour and written after it goes into the hour's file, not a new part");
    }

    @Test
    void should_write_a_late_line_for_a_compressed_day_to_a_new_part() throws Exception {
        start(0, FilePeriod.DAY, Compression.GZIP, Retention.KEEP_ALL);
        append("t/2026-11-24.jsonl", null, numbered(1, 1));
        await().atMost(10, TimeUnit.SECONDS).until(() -> Files.exists(dir.resolve("t/2026-11-24.jsonl.gz")));

        append("t/2026-11-24.jsonl", null, numbered(2, 2));

        await().atMost(10, TimeUnit.SECONDS).until(() -> Files.exists(dir.resolve("t/2026-11-24.0001.jsonl.gz")));
        assertEquals(List.of(numbered(1, 1)), OutputFiles.gunzipped(dir.resolve("t/2026-11-24.jsonl.gz")));
        assertEquals(List.of(numbered(2, 2)), OutputFiles.gunzipped(dir.resolve("t/2026-11-24.0001.jsonl.gz")));
    }

    @Test
    void should_clear_what_a_crash_left_half_compressed_and_finish_the_rest() throws Exception {
        Files.createDirectories(dir.resolve("t"));
        Files.writeString(dir.resolve("t/2026-11-23.jsonl.gz.tmp"), "half a gzip");
        Files.writeString(dir.resolve("t/2026-11-23.jsonl"), "{\"seq\":1}\n");
        gzip(dir.resolve("t/2026-11-22.jsonl.gz"), "{\"seq\":0}\n");
        Files.writeString(dir.resolve("t/2026-11-22.jsonl"), "{\"seq\":0}\n");

        start(0, FilePeriod.DAY, Compression.GZIP, Retention.KEEP_ALL);

        await().atMost(10, TimeUnit.SECONDS).until(() -> files("t/*").equals(
                List.of(dir.resolve("t/2026-11-22.jsonl.gz"), dir.resolve("t/2026-11-23.jsonl.gz"))));
        assertEquals(List.of("{\"seq\":1}"), OutputFiles.gunzipped(dir.resolve("t/2026-11-23.jsonl.gz")));
    }

    @Test
    void should_delete_completed_files_past_the_retained_days_but_never_the_active_one() throws Exception {
        Path old = completed("t/2026-11-20.jsonl", 10, 1_000);
        Path recent = completed("t/2026-11-24.jsonl", 1, 1_000);
        Path active = completed("t/2026-11-25.jsonl", 9, 1_000);
        Path notOurs = completed("t/2026-11-20.log", 10, 1_000);

        start(0, FilePeriod.DAY, Compression.NONE, new Retention(3, 0));

        await().atMost(10, TimeUnit.SECONDS).until(() -> !Files.exists(old));
        assertTrue(Files.exists(notOurs), "a file the bridge did not write is left alone, whatever its name's date");
        assertTrue(Files.exists(recent), "written a day ago");
        assertTrue(Files.exists(active), "today's file is active, though last written 9 days ago");
        clock.advance(Duration.ofHours(12).plus(FileLifecycle.GRACE));
        await().atMost(10, TimeUnit.SECONDS).until(() -> !Files.exists(active));
        assertTrue(Files.exists(recent));
    }

    @Test
    void should_delete_the_oldest_completed_files_while_over_the_byte_budget() throws Exception {
        Path oldest = completed("t/2026-11-21.jsonl", 4, 1_000);
        Path older = completed("t/2026-11-22.0001.jsonl", 3, 1_000);
        Path kept = completed("t/2026-11-23.jsonl", 2, 1_000);
        Path active = completed("t/2026-11-25.jsonl", 0, 1_400);

        start(0, FilePeriod.DAY, Compression.NONE, new Retention(0, 2_500));

        await().atMost(10, TimeUnit.SECONDS).until(() -> !Files.exists(older));
        assertFalse(Files.exists(oldest));
        assertTrue(Files.exists(kept), "2,400 bytes are within the budget");
        assertTrue(Files.exists(active));
    }

    @Test
    void should_keep_the_active_file_even_when_it_alone_is_over_the_byte_budget() throws Exception {
        Path completed = completed("t/2026-11-24.jsonl", 1, 10);
        Path active = completed("t/2026-11-25.jsonl", 0, 1_400);

        start(0, FilePeriod.DAY, Compression.NONE, new Retention(0, 1_000));

        await().atMost(10, TimeUnit.SECONDS).until(() -> !Files.exists(completed));
        append("t/2026-11-25.jsonl", null, numbered(1, 1));
        assertTrue(Files.exists(active));
    }

    @Test
    void should_write_the_csv_header_once_at_the_top_of_each_new_file_also_after_rotation() throws Exception {
        start(80, FilePeriod.DAY, Compression.NONE, Retention.KEEP_ALL);

        append("t/2026-11-25.csv", CsvLines.HEADER, "a,1", "b,2", "c,3", "d,4", "e,5", "f,6", "g,7", "h,8");

        List<Path> all = files("t/*.csv");
        assertTrue(all.size() >= 2, "rotated: " + all);
        String header = new String(CsvLines.HEADER, StandardCharsets.UTF_8);
        for (Path file : all) {
            List<String> lines = Files.readAllLines(file);
            assertEquals(header, lines.get(0), file.toString());
            assertEquals(1, lines.stream().filter(header::equals).count(), "header once in " + file);
        }
    }

    /** A file of {@code bytes} bytes, last written {@code daysOld} days before noon. */
    private Path completed(String name, int daysOld, int bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "y".repeat(bytes - 1) + "\n");
        Files.setLastModifiedTime(file, FileTime.from(NOON.minus(Duration.ofDays(daysOld))));
        return file;
    }

    private List<Path> files(String glob) {
        try (Stream<Path> all = Files.walk(dir)) {
            var matcher = dir.getFileSystem().getPathMatcher("glob:" + dir + "/" + glob);
            return all.filter(matcher::matches).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void gzip(Path file, String text) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
