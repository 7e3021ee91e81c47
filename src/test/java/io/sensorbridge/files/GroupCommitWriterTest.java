package io.sensorbridge.files;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupCommitWriterTest {

    @TempDir
    Path dir;

    private final List<String> completed = new CopyOnWriteArrayList<>();
    private GroupCommitWriter writer;

    @BeforeEach
    void start() {
        writer = new GroupCommitWriter(FsyncPolicy.BATCH, 100, 1000, 2, 60_000, FileLifecycle.KEEP_DAY_FILES, Followers.NONE,
                Clock.systemUTC(), new SimpleMeterRegistry());
        writer.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        writer.stop();
    }

    private void append(Path file, String line) throws InterruptedException {
        writer.append(file, null, line.getBytes(StandardCharsets.UTF_8), failure -> {
            assertNull(failure);
            completed.add(line);
        });
    }

    @Test
    void should_complete_lines_in_the_order_they_were_appended_across_files() throws Exception {
        for (int i = 0; i < 1000; i++) {
            append(dir.resolve("f" + (i % 5) + "/day.jsonl"), "line " + i);
        }

        await().atMost(10, TimeUnit.SECONDS).until(() -> completed.size() == 1000);
        for (int i = 0; i < 1000; i++) {
            assertEquals("line " + i, completed.get(i));
        }
        assertEquals(200, Files.readAllLines(dir.resolve("f3/day.jsonl")).size(), "five files, more than may stay open");
    }

    @Test
    void should_start_on_a_fresh_line_after_a_torn_one() throws Exception {
        Path file = dir.resolve("torn.jsonl");
        Files.writeString(file, "{\"complete\":1}\n{\"torn\":");

        append(file, "{\"next\":2}");

        await().atMost(10, TimeUnit.SECONDS).until(() -> completed.size() == 1);
        assertEquals(List.of("{\"complete\":1}", "{\"torn\":", "{\"next\":2}"), Files.readAllLines(file));
    }

    @Test
    void should_hold_lines_back_while_the_disk_fails_and_write_them_once_it_works() throws Exception {
        Path blocker = Files.writeString(dir.resolve("not-a-folder"), "a file where a folder must go");

        append(blocker.resolve("day.jsonl"), "waits");

        await().during(1500, TimeUnit.MILLISECONDS).atMost(5, TimeUnit.SECONDS).until(completed::isEmpty);
        Files.delete(blocker);
        await().atMost(10, TimeUnit.SECONDS).until(() -> completed.size() == 1);
        assertEquals(List.of("waits"), Files.readAllLines(blocker.resolve("day.jsonl")));
    }

    @Test
    void should_fail_what_it_could_not_write_when_stopped() throws Exception {
        Path blocker = Files.writeString(dir.resolve("blocked"), "x");
        List<Exception> failures = new CopyOnWriteArrayList<>();
        writer.append(blocker.resolve("day.jsonl"), null, "never".getBytes(StandardCharsets.UTF_8), failures::add);

        writer.stop();

        assertEquals(1, failures.size());
        assertTrue(failures.get(0).getMessage().contains("stopped"), failures.get(0).getMessage());
    }
}
