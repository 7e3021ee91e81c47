package io.sensorbridge.verify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sensorbridge.files.CsvLines;
import io.sensorbridge.files.CsvRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadingsVerifierTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void should_pass_when_every_seq_is_present() throws IOException {
        write("sensors/a/2026-11-25.jsonl", LongStream.rangeClosed(1, 100), "s1", "r1");

        ReadingsVerifier.Report report = ReadingsVerifier.verify(dir);

        assertEquals(0, report.exitCode(), report.summary());
        assertEquals(100, report.readings());
        assertTrue(report.summary().endsWith(": OK"), report.summary());
    }

    @Test
    void should_name_the_missing_ranges_and_fail() throws IOException {
        write("a/2026-11-25.jsonl", LongStream.of(1, 2, 6, 7, 9, 10), "s1", "r1");

        ReadingsVerifier.Report report = ReadingsVerifier.verify(dir);

        assertEquals(1, report.exitCode());
        assertEquals(4, report.missing());
        assertTrue(report.lines().get(0).contains("4 missing (3-5, 8)"), report.lines().get(0));
    }

    @Test
    void should_count_duplicates_without_calling_them_gaps() throws IOException {
        write("a/2026-11-25.jsonl", LongStream.of(1, 2, 2, 3, 3, 3), "s1", "r1");

        ReadingsVerifier.Report report = ReadingsVerifier.verify(dir);

        assertEquals(0, report.exitCode());
        assertEquals(3, report.duplicates());
    }

    @Test
    void should_count_seqs_the_simulator_dropped_on_purpose_apart_from_missing_ones() throws IOException {
        Path file = Files.createDirectories(dir.resolve("a")).resolve("2026-11-25.jsonl");
        Files.writeString(file, line(1, "") + line(2, "") + line(5, ",\"dropped\":[3,4]") + line(7, "")
                                + line(9, ",\"dropped\":[8]"));

        ReadingsVerifier.Report report = ReadingsVerifier.verify(dir);

        assertEquals(1, report.missing(), "only 6 is lost: " + report.lines());
        assertEquals(3, report.droppedBySimulator());
        assertEquals(1, report.exitCode());
        assertTrue(report.lines().get(0).contains("1 missing (6), 3 dropped by the simulator"), report.lines().get(0));
        assertTrue(report.summary().contains("1 missing, 3 dropped by the simulator, 0 duplicates"), report.summary());
    }

    @Test
    void should_check_each_sensor_and_run_on_its_own_across_files() throws IOException {
        write("a/2026-11-24.jsonl", LongStream.rangeClosed(1, 5), "s1", "r1");
        write("a/2026-11-25.jsonl", LongStream.rangeClosed(6, 10), "s1", "r1");
        write("b/2026-11-25.jsonl", LongStream.rangeClosed(1, 3), "s1", "r2");
        write("c/2026-11-25.jsonl", LongStream.of(2), "s2", "r1");

        ReadingsVerifier.Report report = ReadingsVerifier.verify(dir);

        assertEquals(1, report.missing(), "only s2/r1 lacks seq 1");
        assertEquals(4, report.lines().size(), "three series and the summary");
    }

    @Test
    void should_count_bare_seed_readings_and_torn_lines_without_gap_checking_them() throws IOException {
        Path file = Files.createDirectories(dir.resolve("seed")).resolve("2026-11-25.jsonl");
        Files.writeString(file, """
                {"topic":"seed","receivedAt":"2026-11-25T10:00:00Z","reading":{"temperature":21}}
                {"topic":"seed","receivedAt":"2026-11-25T10:00:01Z","reading":{"temp
                {"topic":"seed","receivedAt":"2026-11-25T10:00:02Z","reading":{"temperature":-3}}
                """);
        Files.writeString(dir.resolve("seed/notes.txt"), "not a lines file");

        ReadingsVerifier.Report report = ReadingsVerifier.verify(dir);

        assertEquals(2, report.withoutSeq());
        assertEquals(1, report.unreadable());
        assertEquals(0, report.exitCode());
    }

    @Test
    void should_read_millions_of_lines_in_bounded_memory() throws IOException {
        write("big/2026-11-25.jsonl", LongStream.rangeClosed(1, 2_000_000).filter(seq -> seq != 1_234_567), "s", "r");

        ReadingsVerifier.Report report = ReadingsVerifier.verify(dir);

        assertEquals(1, report.missing());
        assertTrue(report.lines().get(0).contains("(1234567)"), report.lines().get(0));
    }

    @Test
    void should_read_rotated_parts_and_their_gzip_files() throws IOException {
        write("a/2026-11-25.0001.jsonl", LongStream.rangeClosed(1, 10), "s1", "r1");
        write("a/2026-11-25.0002.jsonl", LongStream.rangeClosed(11, 20), "s1", "r1");
        gzip(dir.resolve("a/2026-11-25.0002.jsonl"));
        write("a/2026-11-25.jsonl", LongStream.rangeClosed(21, 30), "s1", "r1");

        ReadingsVerifier.Report report = ReadingsVerifier.verify(dir);

        assertEquals(30, report.readings());
        assertEquals(0, report.missing(), report.summary());
    }

    @Test
    void should_read_csv_files_whose_quoted_topics_hold_commas_quotes_and_line_ends() throws IOException {
        String topic = "odd,\"topic\"\nwith\r\nbreaks";
        StringBuilder csv = new StringBuilder(new String(CsvLines.HEADER, StandardCharsets.UTF_8)).append('\n');
        for (int seq = 1; seq <= 5; seq++) {
            String line = JSON.writeValueAsString(Map.of("topic", topic, "receivedAt", "2026-11-25T10:00:00Z",
                    "reading", Map.of("sensor", "s,1", "run", "r1", "seq", seq, "temperature", -3)));
            csv.append(new String(CsvLines.record(line.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                    .append('\n');
        }
        Path file = Files.createDirectories(dir.resolve("t")).resolve("2026-11-25.csv");
        Files.writeString(file, csv);

        List<String> first;
        try (var in = Files.newBufferedReader(file)) {
            CsvRecords records = new CsvRecords(in);
            assertEquals(CsvLines.COLUMNS, records.next());
            first = records.next();
        }
        assertEquals(topic, first.get(1), "the topic round-trips");
        assertEquals("s,1", first.get(2));
        gzip(file);
        ReadingsVerifier.Report report = ReadingsVerifier.verify(dir);
        assertEquals(5, report.readings(), report.summary());
        assertEquals(0, report.unreadable());
        assertTrue(report.lines().get(0).startsWith("sensor s,1, run r1: 5 readings"), report.lines().get(0));
    }

    @Test
    void should_exit_2_with_usage_for_a_missing_directory() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        int code = ReadingsVerifier.run(List.of(dir.resolve("nope").toString()),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertEquals(2, code);
        String said = printed.toString(StandardCharsets.UTF_8);
        assertTrue(said.startsWith("verify: " + dir.resolve("nope") + " is not a folder; usage: verify"), said);
    }

    private static void gzip(Path file) throws IOException {
        Path compressed = file.resolveSibling(file.getFileName() + ".gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(compressed))) {
            Files.copy(file, out);
        }
        Files.delete(file);
    }

    private void write(String name, LongStream seqs, String sensor, String run) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        try (Writer out = Files.newBufferedWriter(file)) {
            for (long seq : (Iterable<Long>) seqs.boxed()::iterator) {
                out.write(line(sensor, run, seq, ""));
            }
        }
    }

    private static String line(long seq, String moreFields) {
        return line("s1", "r1", seq, moreFields);
    }

    private static String line(String sensor, String run, long seq, String moreFields) {
        return "{\"topic\":\"t\",\"receivedAt\":\"2026-11-25T10:00:00Z\",\"reading\":{\"sensor\":\"" + sensor
               + "\",\"run\":\"" + run + "\",\"seq\":" + seq + ",\"temperature\":1" + moreFields + "}}\n";
    }
}
