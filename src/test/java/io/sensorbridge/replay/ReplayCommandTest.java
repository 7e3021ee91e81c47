package io.sensorbridge.replay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import io.sensorbridge.files.CsvLines;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code replay} without sending (no Camel at all): bad usage is one line and exit 2; {@code --dry-run} reads what
 * the bridge writes (rotated parts, gzip, the hive layout, CSV, several bridges' folders; never dead letters),
 * merges it in receivedAt order and applies the filters.
 */
class ReplayCommandTest {

    @TempDir
    Path dir;

    /** Written in the bridge's formats: plain and hive layouts, a member folder, parts, gzip, CSV. */
    @BeforeEach
    void writeFiles() throws IOException {
        write("member=edge-1/sensors/a/2026-11-25.0001.jsonl", line("sensors/a", "2026-11-25T10:00:00Z", "a", 1)
                                                              + line("sensors/a", "2026-11-25T10:00:02Z", "a", 2));
        gzip(write("member=edge-1/sensors/a/2026-11-25.0002.jsonl", line("sensors/a", "2026-11-25T10:00:04Z", "a", 3)
                                                                   + "{\"topic\":\"sensors/a\",\"receivedAt\":\"2026"
                                                                   + "-11-25T10:00:05Z\",\"reading\":{\"sen\n"));
        write("member=edge-1/sensors/a/2026-11-25.jsonl", line("sensors/a", "2026-11-25T10:00:06Z", "a", 4));
        write("member=edge-2/topic=sensors%2Fb/date=2026-11-25/2026-11-25T10.jsonl",
                line("sensors/b", "2026-11-25T10:00:01Z", "b", 1) + line("sensors/b", "2026-11-25T10:00:03Z", "b", 2));
        write("member=edge-2/topic=sensors%2Fb/date=2026-11-26/2026-11-26T00.jsonl",
                line("sensors/b", "2026-11-26T00:00:01Z", "b", 3));
        write("member=edge-3/home/c/2026-11-25.csv", new String(CsvLines.HEADER, StandardCharsets.UTF_8) + "\n"
                + "2026-11-25T10:00:05Z,home/c,c,r1,1,2026-11-25T10:00:04.9Z,21.5,\n");
        write("member=edge-1/dead-letter/sensors/a/2026-11-25.jsonl",
                "{\"topic\":\"sensors/a\",\"receivedAt\":\"2026-11-25T10:00:03Z\",\"reason\":\"x\"}\n");
    }

    @Test
    void should_print_every_reading_in_received_order_across_layouts_and_folders_and_send_nothing() {
        List<String> out = new ArrayList<>();

        int code = run(out, dir.toString(), "--dry-run", "--mqtt", "tcp://127.0.0.1:1");

        assertEquals(0, code, String.join("\n", out));
        assertEquals(List.of(
                "2026-11-25T10:00:00Z replay/sensors/a {\"sensor\":\"a\",\"seq\":1, \"temperature\":21.50}",
                "2026-11-25T10:00:01Z replay/sensors/b {\"sensor\":\"b\",\"seq\":1, \"temperature\":21.50}",
                "2026-11-25T10:00:02Z replay/sensors/a {\"sensor\":\"a\",\"seq\":2, \"temperature\":21.50}",
                "2026-11-25T10:00:03Z replay/sensors/b {\"sensor\":\"b\",\"seq\":2, \"temperature\":21.50}",
                "2026-11-25T10:00:04Z replay/sensors/a {\"sensor\":\"a\",\"seq\":3, \"temperature\":21.50}",
                "2026-11-25T10:00:05Z replay/home/c {\"sensor\":\"c\",\"run\":\"r1\",\"seq\":1,"
                + "\"time\":\"2026-11-25T10:00:04.9Z\",\"temperature\":21.5}",
                "2026-11-25T10:00:06Z replay/sensors/a {\"sensor\":\"a\",\"seq\":4, \"temperature\":21.50}",
                "2026-11-26T00:00:01Z replay/sensors/b {\"sensor\":\"b\",\"seq\":3, \"temperature\":21.50}"),
                out.subList(0, out.size() - 1), "payloads as written (spacing, 21.50); the CSV one rebuilt");
        assertEquals("replay: dry run: 8 readings would be sent to mqtt tcp://127.0.0.1:1 as replay/<topic> (QoS 1),"
                     + " 1 unreadable lines skipped; receivedAt 2026-11-25T10:00:00Z to 2026-11-26T00:00:01Z, about"
                     + " 14 h 00 min at --speed 1: nothing sent", out.get(out.size() - 1));
    }

    @Test
    void should_apply_the_range_topic_and_sensor_filters() {
        List<String> out = new ArrayList<>();

        run(out, dir.toString(), "--dry-run", "--from", "2026-11-25T10:00:02Z", "--to", "2026-11-26",
                "--topic", "sensors/+", "--topic", "nothing/#", "--sensor", "a", "--sensor=c", "--speed", "max");

        assertEquals(List.of("2026-11-25T10:00:02Z", "2026-11-25T10:00:04Z", "2026-11-25T10:00:06Z"),
                out.subList(0, out.size() - 1).stream().map(line -> line.split(" ")[0]).toList(),
                "sensor a from 10:00:02 on; c is not on a sensors/+ topic; 2026-11-26 is excluded");
        assertTrue(out.get(out.size() - 1).startsWith("replay: dry run: 3 readings would be sent to nowhere"),
                out.get(out.size() - 1));
        assertTrue(out.get(out.size() - 1).endsWith(", unpaced (--speed max): nothing sent"), out.get(out.size() - 1));
    }

    @Test
    void should_send_to_the_original_topics_with_an_empty_prefix() {
        List<String> out = new ArrayList<>();

        run(out, dir.toString(), "--dry-run", "--mqtt", "tcp://127.0.0.1:1", "--topic-prefix", "", "--sensor", "c");

        assertEquals("2026-11-25T10:00:05Z home/c", out.get(0).substring(0, 27));
        assertTrue(out.get(1).contains("as the original topics"), out.get(1));
    }

    @Test
    void should_take_kafka_as_a_target_with_its_topic() {
        List<String> out = new ArrayList<>();

        int code = run(out, dir.toString(), "--dry-run", "--kafka", "127.0.0.1:1", "--kafka-topic", "replayed",
                "--sensor", "a");

        assertEquals(0, code, String.join("\n", out));
        assertTrue(out.get(out.size() - 1).contains("to kafka 127.0.0.1:1 topic replayed"), out.get(out.size() - 1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            --speed fast                           | replay: --speed must be a factor above 0
            --speed 0                              | replay: --speed must be a factor above 0
            --max-gap soon                         | replay: --max-gap must be a duration above zero
            --from yesterday                       | replay: --from must be an ISO instant
            --from 2026-11-26 --to 2026-11-25      | replay: --from (2026-11-26T00:00:00Z) must be before --to
            --topic a/#/b                          | replay: --topic must be an MQTT topic filter
            --qos 2 --mqtt tcp://h:1883            | replay: --qos must be 0 or 1, not '2'
            --retain --http http://h/x             | replay: --retain goes with --mqtt
            --colour blue                          | replay: unknown option --colour; usage: replay <dir>
            --speed                                | replay: --speed needs a value
            --loop --dry-run                       | replay: --loop with --dry-run would print forever
            --loop=yes --dry-run                   | replay: --loop takes no value
            DIR                                    | replay: where to? Give --mqtt URL, --http URL, --kafka BROKERS (any of them)
            --dry-run other/folder                 | replay: one folder only
            --dry-run --sensor x NO_DIR            | usage: replay <dir>
            """)
    void should_refuse_a_bad_option_in_one_line_with_exit_2(String options, String message) {
        List<String> args = new ArrayList<>();
        if (!options.endsWith("NO_DIR")) {
            args.add(dir.toString());
        }
        for (String option : options.replace("NO_DIR", "").split(" ")) {
            if (!option.isBlank() && !option.equals("DIR")) {
                args.add(option);
            }
        }
        List<String> out = new ArrayList<>();

        int code = run(out, args.toArray(String[]::new));

        assertEquals(2, code, String.join("\n", out));
        assertEquals(1, out.size(), "one line: " + out);
        assertTrue(out.get(0).startsWith(message), out.get(0));
    }

    @Test
    void should_refuse_an_empty_folder_and_a_missing_one_in_one_line_with_exit_2() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty/dead-letter/t"));
        Files.writeString(empty.resolve("2026-11-25.jsonl"), "{}\n");
        List<String> out = new ArrayList<>();

        assertEquals(2, run(out, dir.resolve("empty").toString(), "--dry-run"));
        assertEquals(2, run(out, dir.resolve("missing").toString(), "--dry-run"));

        assertEquals(List.of("replay: no files of readings (.jsonl, .csv, or their .gz) below " + dir.resolve("empty"),
                "replay: " + dir.resolve("missing") + " is not a folder"), out, "dead letters are not readings");
    }

    private static int run(List<String> lines, String... args) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code = ReplayCommand.run(List.of(args), new PrintStream(printed, true, StandardCharsets.UTF_8));
        lines.addAll(printed.toString(StandardCharsets.UTF_8).lines().toList());
        return code;
    }

    private static String line(String topic, String receivedAt, String sensor, int seq) {
        return "{\"topic\":\"" + topic + "\",\"receivedAt\":\"" + receivedAt + "\",\"reading\":{\"sensor\":\"" + sensor
               + "\",\"seq\":" + seq + ", \"temperature\":21.50}}\n";
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static void gzip(Path file) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file.resolveSibling(file.getFileName()
                                                                                                + ".gz")))) {
            Files.copy(file, out);
        }
        Files.delete(file);
    }
}
