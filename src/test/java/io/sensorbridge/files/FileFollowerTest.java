package io.sensorbridge.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reading side of a forward, on real files and without Camel: where it starts, how it finds its saved position
 * again after the files moved on without it (rotated, compressed, deleted), what it says before a file may go, and
 * what it hands out again after a failure.
 */
class FileFollowerTest {

    private static final String DAY = "2026-11-25";

    @TempDir
    Path dir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ForwardLag lag = new ForwardLag("test", meters);

    @Test
    void should_start_at_the_end_of_the_files_the_first_time_and_send_what_is_written_from_then_on()
            throws IOException {
        Path file = append("t/" + DAY + ".jsonl", 1, 2);
        FileFollower follower = follower(false);

        assertEquals(List.of(), seqs(follower.poll(10)), "what was there before is not sent");
        long before = Files.size(file);
        append("t/" + DAY + ".jsonl", 3, 4);
        follower.written(file, before, Files.size(file), 2, null);

        assertEquals(List.of(3, 4), seqs(follower.poll(10)));
    }

    @Test
    void should_start_at_the_oldest_file_kept_when_asked_and_read_each_topic_in_the_order_written()
            throws IOException {
        append("t/" + DAY + ".0001.jsonl", 1, 2);
        append("t/" + DAY + ".jsonl", 3, 3);
        append("t/2026-11-24.jsonl.gz", 0, 0);
        append("u/" + DAY + ".jsonl", 100, 100);

        List<Integer> seqs = seqs(follower(true).poll(10));

        assertEquals(List.of(0, 1, 2, 3), seqs.stream().filter(seq -> seq < 100).toList(),
                "the day before (compressed), its rotated part, then the active file");
        assertTrue(seqs.contains(100), "every topic: " + seqs);
    }

    @Test
    void should_go_on_from_its_saved_position_after_a_restart() throws IOException {
        Path file = append("t/" + DAY + ".jsonl", 1, 3);
        FileFollower first = follower(true);
        List<ReadingSource.Handed> sent = first.poll(2);
        sent.forEach(first::acknowledged);
        first.save(true);

        append("t/" + DAY + ".jsonl", 4, 4);

        assertEquals(List.of(3, 4), seqs(follower(true).poll(10)), "the two acknowledged ones are not sent again");
        assertTrue(Files.exists(dir.resolve(".positions/test.json")));
        assertFalse(Files.exists(file.resolveSibling(".positions")), "positions live at the top of the folder");
    }

    @Test
    void should_find_its_file_again_when_it_was_rotated_to_a_part_while_the_forward_was_away() throws IOException {
        Path active = append("t/" + DAY + ".jsonl", 1, 3);
        FileFollower first = follower(true);
        first.poll(1).forEach(first::acknowledged);
        first.save(true);

        Files.move(active, dir.resolve("t/" + DAY + ".0001.jsonl"));
        append("t/" + DAY + ".jsonl", 4, 5);

        assertEquals(List.of(2, 3, 4, 5), seqs(follower(true).poll(10)));
    }

    @Test
    void should_read_on_in_the_gz_when_its_file_was_compressed_and_go_on_after_a_file_that_is_gone()
            throws IOException {
        Path ended = append("t/2026-11-24.jsonl", 1, 3);
        append("u/2026-11-24.0001.jsonl", 10, 12);
        append("u/2026-11-24.0002.jsonl", 13, 14);
        FileFollower first = follower(true);
        for (ReadingSource.Handed reading : first.poll(10)) {
            int seq = seqOf(reading);
            if (seq == 1 || seq == 10) {
                first.acknowledged(reading);
            }
        }
        first.save(true);

        gzip(ended);
        Files.delete(dir.resolve("u/2026-11-24.0001.jsonl"));

        List<Integer> seqs = seqs(follower(true).poll(10));
        assertEquals(List.of(2, 3), seqs.stream().filter(seq -> seq < 10).toList(), "on in the .gz");
        assertEquals(List.of(13, 14), seqs.stream().filter(seq -> seq >= 10).toList(), "the next file after one gone");
    }

    @Test
    void should_say_a_completed_file_may_go_only_once_everything_in_it_is_acknowledged() throws IOException {
        Path part = append("t/" + DAY + ".0001.jsonl", 1, 2);
        Path active = append("t/" + DAY + ".jsonl", 3, 3);
        FileFollower follower = follower(true);
        List<ReadingSource.Handed> sent = follower.poll(10);

        assertFalse(follower.passed(part), "handed out, not acknowledged");
        follower.acknowledged(sent.get(0));
        assertFalse(follower.passed(part));
        follower.acknowledged(sent.get(1));
        follower.acknowledged(sent.get(2));

        assertTrue(follower.passed(part));
        assertTrue(follower.passed(dir.resolveSibling("elsewhere").resolve("t/" + DAY + ".jsonl")),
                "a file outside the folder it follows");
        assertFalse(follower.passed(dir.resolve("new/" + DAY + ".jsonl")), "a file of a topic it has not read yet");
        assertTrue(follower.passed(active), "its end reached");
    }

    @Test
    void should_count_what_the_size_cap_deleted_before_it_was_read() throws IOException {
        Path part = append("t/" + DAY + ".0001.jsonl", 1, 5);
        append("t/" + DAY + ".jsonl", 6, 6);
        FileFollower follower = follower(true);
        follower.poll(2);

        follower.removing(part);
        Files.delete(part);

        assertEquals(List.of(6), seqs(follower.poll(10)), "the rest of the deleted part is skipped");
        assertEquals(3.0, meters.find("sensorbridge.forward.skipped").counter().count(), "3 never sent, counted");
    }

    @Test
    void should_hand_out_again_in_order_what_was_not_acknowledged_after_a_failure() throws IOException {
        append("t/" + DAY + ".jsonl", 1, 4);
        FileFollower follower = follower(true);
        List<ReadingSource.Handed> sent = follower.poll(10);
        follower.acknowledged(sent.get(0));
        follower.acknowledged(sent.get(2));

        follower.rewind();

        assertEquals(List.of(2, 4), seqs(follower.poll(10)), "only what was not acknowledged, in order");
    }

    @Test
    void should_read_csv_records_that_span_lines_under_their_header() throws IOException {
        Path file = dir.resolve("t/" + DAY + ".csv");
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join(",", CsvLines.COLUMNS) + "\n"
                                + "2026-11-25T10:00:00Z,\"odd\ntopic\",s,,1,,20,\n"
                                + "2026-11-25T10:00:01Z,t,s,,2,,21,\n");

        List<ReadingSource.Handed> read = follower(true).poll(10);

        assertEquals(List.of(1, 2), seqs(read));
        assertEquals("odd\ntopic", read.get(0).reading().topic());
    }

    @Test
    void should_wake_the_writer_when_it_reaches_the_end_of_the_last_completed_file() throws IOException {
        Path part = append("t/" + DAY + ".0001.jsonl", 1, 2);
        FileFollower follower = follower(true);
        AtomicInteger wakes = new AtomicInteger();
        follower.onPassed(wakes::incrementAndGet);
        List<ReadingSource.Handed> sent = follower.poll(10);

        follower.acknowledged(sent.get(0));
        assertEquals(0, wakes.get(), "not at its end yet");
        follower.acknowledged(sent.get(1));

        assertTrue(follower.passed(part));
        assertEquals(1, wakes.get(), "the writer may compress the part now, with no later file to move on to");
    }

    @Test
    void should_read_a_new_file_that_became_a_part_before_the_forward_took_in_the_word_of_its_first_write()
            throws IOException {
        FileFollower follower = follower(false);
        Path active = dir.resolve("t/" + DAY + ".jsonl");
        Path part = dir.resolve("t/" + DAY + ".0001.jsonl");

        // the writer begins a file, completes it, renames it to a part and begins the next, all before the forward
        // takes in what it said
        append("t/" + DAY + ".jsonl", 1, 2);
        follower.written(active, 0, Files.size(active), 2, null);
        Files.move(active, part);
        follower.rotated(active, part);
        append("t/" + DAY + ".jsonl", 3, 4);
        follower.written(active, 0, Files.size(active), 2, null);

        assertEquals(List.of(1, 2, 3, 4), seqs(follower.poll(10)));
    }

    @Test
    void should_wait_for_the_word_of_a_rename_it_sees_on_disk_first_and_skip_nothing() throws IOException {
        FileFollower follower = follower(false);
        Path active = dir.resolve("t/" + DAY + ".jsonl");
        Path part = dir.resolve("t/" + DAY + ".0001.jsonl");
        append("t/" + DAY + ".jsonl", 1, 2);
        follower.written(active, 0, Files.size(active), 2, null);

        // the active file is renamed to a part, and the forward reads before the writer has said so
        Files.move(active, part);
        assertEquals(List.of(), seqs(follower.poll(10)), "nothing to read under the old name yet");

        follower.rotated(active, part);
        append("t/" + DAY + ".jsonl", 3, 4);
        follower.written(active, 0, Files.size(active), 2, null);
        assertEquals(List.of(1, 2, 3, 4), seqs(follower.poll(10)), "the part is read, not passed over as gone");
    }

    @Test
    void should_take_what_the_writer_hands_over_from_memory_and_not_read_it_back() throws IOException {
        append("t/" + DAY + ".jsonl", 1, 2);
        FileFollower follower = follower(false);

        write(follower, "t/" + DAY + ".jsonl", 3, 4);
        assertEquals(List.of(3), seqs(follower.poll(1)), "a poll of one takes one");
        write(follower, "t/" + DAY + ".jsonl", 5, 5);

        assertEquals(List.of(4, 5), seqs(follower.poll(10)));
        assertEquals(0, bytesRead("files"), "nothing read back from the file");
        assertEquals(Files.size(dir.resolve("t/" + DAY + ".jsonl")) - lineBytes(2), bytesRead("memory"));
    }

    @Test
    void should_take_from_memory_across_a_rotation_the_forward_hears_of_late() throws IOException {
        FileFollower follower = follower(false);
        Path active = dir.resolve("t/" + DAY + ".jsonl");
        Path part = dir.resolve("t/" + DAY + ".0001.jsonl");

        write(follower, "t/" + DAY + ".jsonl", 1, 2);
        Files.move(active, part);
        follower.rotated(active, part);
        write(follower, "t/" + DAY + ".jsonl", 3, 4);

        assertEquals(List.of(1, 2, 3, 4), seqs(follower.poll(10)), "each file's bytes went with that file");
        assertEquals(0, bytesRead("files"));
    }

    @Test
    void should_read_back_what_was_not_handed_over_and_send_each_reading_once() throws IOException {
        FileFollower follower = follower(false);
        Path file = append("t/" + DAY + ".jsonl", 1, 2);
        follower.written(file, 0, Files.size(file), 2, null);
        write(follower, "t/" + DAY + ".jsonl", 3, 4);

        assertEquals(List.of(1, 2, 3, 4), seqs(follower.poll(10)), "the file read to its end, the bytes not added");
        write(follower, "t/" + DAY + ".jsonl", 5, 6);
        assertEquals(List.of(5, 6), seqs(follower.poll(10)));
    }

    @Test
    void should_send_only_what_the_writer_said_it_wrote_not_a_batch_it_is_still_writing() throws IOException {
        FileFollower follower = follower(false);
        Path file = append("t/" + DAY + ".jsonl", 1, 2);
        follower.written(file, 0, Files.size(file), 2, null);
        long said = Files.size(file);
        append("t/" + DAY + ".jsonl", 3, 4); // written, not yet forced nor told

        assertEquals(List.of(1, 2), seqs(follower.poll(10)));
        follower.written(file, said, Files.size(file), 2, null);
        assertEquals(List.of(3, 4), seqs(follower.poll(10)));
    }

    @Test
    void should_hold_at_most_its_share_of_memory_for_a_forward_far_behind() throws IOException {
        FileFollower follower = follower(false);
        int perWrite = 20_000;
        int writes = (int) (FileFollower.MEMORY_BYTES / (perWrite * lineBytes(1))) + 3;
        for (int write = 0; write < writes; write++) {
            write(follower, "t/" + DAY + ".jsonl", write * perWrite + 1, (write + 1) * perWrite);
        }

        List<Integer> sent = new ArrayList<>();
        for (List<ReadingSource.Handed> got = follower.poll(50_000); !got.isEmpty(); got = follower.poll(50_000)) {
            sent.addAll(seqs(got));
        }
        assertEquals(writes * perWrite, sent.size());
        assertEquals(1, sent.get(0));
        assertEquals(writes * perWrite, sent.get(sent.size() - 1));
        assertTrue(bytesRead("memory") <= FileFollower.MEMORY_BYTES, "held no more than its share");
        assertTrue(bytesRead("files") > 0, "the rest read back from the file");
    }

    /** Appends readings as the writer does, and hands the follower the bytes written, as the writer does. */
    private void write(FileFollower follower, String name, int from, int to) throws IOException {
        Path file = dir.resolve(name);
        long before = Files.exists(file) ? Files.size(file) : 0;
        append(name, from, to);
        byte[] all = Files.readAllBytes(file);
        follower.written(file, before, all.length, to - from + 1, Arrays.copyOfRange(all, (int) before, all.length));
    }

    private double bytesRead(String from) {
        return meters.get("sensorbridge.forward.read").tag("from", from).counter().count();
    }

    /** The length of a line {@link #append} writes for a one-digit seq. */
    private long lineBytes(int lines) throws IOException {
        Path probe = append("probe/" + DAY + ".jsonl", 1, lines);
        long size = Files.size(probe);
        Files.delete(probe);
        Files.delete(probe.getParent());
        return size;
    }

    private FileFollower follower(boolean fromOldest) throws IOException {
        FileFollower follower = new FileFollower(dir, "test", fromOldest, Map.of(), 0, lag, Clock.systemUTC());
        follower.open();
        follower.prepare();
        return follower;
    }

    /** Appends readings {@code from..to} to a file below the folder (a .gz is written whole). */
    private Path append(String name, int from, int to) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        StringBuilder lines = new StringBuilder();
        for (int seq = from; seq <= to; seq++) {
            lines.append("{\"topic\":\"t\",\"receivedAt\":\"2026-11-25T10:00:00Z\",\"reading\":{\"seq\":").append(seq)
                    .append(",\"temperature\":1}}\n");
        }
        if (name.endsWith(".gz")) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
            }
        } else {
            Files.writeString(file, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        return file;
    }

    private static void gzip(Path file) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file.resolveSibling(file.getFileName()
                                                                                                + ".gz")))) {
            Files.copy(file, out);
        }
        Files.delete(file);
    }

    private static List<Integer> seqs(List<ReadingSource.Handed> handed) {
        List<Integer> seqs = new ArrayList<>();
        handed.forEach(reading -> seqs.add(seqOf(reading)));
        return seqs;
    }

    private static int seqOf(ReadingSource.Handed reading) {
        String text = reading.reading().reading();
        int at = text.indexOf("\"seq\":") + 6;
        int end = at;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        return Integer.parseInt(text.substring(at, end));
    }
}
