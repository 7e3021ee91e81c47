package io.sensorbridge.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading back what the bridge wrote, as verify and replay do: which files, and what each line holds. */
class ReadingFilesTest {

    @TempDir
    Path dir;

    @Test
    void should_give_back_the_reading_exactly_as_it_stands_in_the_line() {
        String reading = "{\"sensor\":\"k\u00fcche-\uD83D\uDE00\", \"seq\":1,\"temperature\":21.50,"
                         + "\"nested\":{\"a\":[1,{\"b\":\"}\"}]},\"note\":\"say \\\"hi\\\"\\n\"}";
        String line = "{\"topic\":\"home/\uD83D\uDE00/t\",\"receivedAt\":\"2026-11-25T10:00:00.120Z\",\"reading\":"
                      + reading + ",\"redelivered\":true}";

        WrittenReading written = WrittenReading.ofJsonLine(line);

        assertEquals(reading, written.reading(), "byte for byte: spacing, number spelling, escapes, emoji");
        assertEquals("home/\uD83D\uDE00/t", written.topic());
        assertEquals("2026-11-25T10:00:00.120Z", written.receivedAt());
        assertEquals("k\u00fcche-\uD83D\uDE00", written.sensor());
        assertEquals(line, written.line());
    }

    @Test
    void should_call_a_torn_line_or_one_without_a_reading_object_unreadable() {
        assertFalse(WrittenReading.ofJsonLine("{\"topic\":\"t\",\"receivedAt\":\"2026-11-25T10:00:00Z\","
                                              + "\"reading\":{\"temp").readable(), "torn");
        assertFalse(WrittenReading.ofJsonLine("not json").readable());
        assertFalse(WrittenReading.ofJsonLine("[1,2]").readable());
        assertFalse(WrittenReading.ofJsonLine("{\"topic\":\"t\",\"reason\":\"not JSON\",\"payloadBase64\":\"eA==\"}")
                .readable(), "a dead letter has no reading");
        assertFalse(WrittenReading.ofJsonLine("{\"topic\":\"t\",\"reading\":21}").readable());
    }

    @Test
    void should_rebuild_a_reading_from_the_columns_a_csv_record_keeps() {
        WrittenReading written = WrittenReading.ofCsvRecord(CsvLines.COLUMNS,
                List.of("2026-11-25T10:00:00.120Z", "sensors/a,b", "42", "r1", "7", "2026-11-25T10:00:00Z", "21.5",
                        "true"));

        assertEquals("{\"sensor\":\"42\",\"run\":\"r1\",\"seq\":7,\"time\":\"2026-11-25T10:00:00Z\","
                     + "\"temperature\":21.5}", written.reading());
        assertEquals("sensors/a,b", written.topic());
        assertEquals("2026-11-25T10:00:00.120Z", written.receivedAt());
        assertEquals("{\"topic\":\"sensors/a,b\",\"receivedAt\":\"2026-11-25T10:00:00.120Z\",\"reading\":"
                     + written.reading() + ",\"redelivered\":true}", written.line());
        assertFalse(WrittenReading.ofCsvRecord(CsvLines.COLUMNS, List.of("too", "few")).readable());
    }

    @Test
    void should_list_readings_at_any_depth_but_not_dead_letters_nor_a_file_whose_gz_is_complete()
            throws IOException {
        Path plain = write("member=a/sensors/t/2026-11-25.jsonl", "{}");
        Path hive = write("member=b/topic=sensors%2Ft/date=2026-11-25/2026-11-25T14.0001.csv.gz", "{}");
        write("member=a/sensors/t/2026-11-26.jsonl", "{}");
        Path compressed = write("member=a/sensors/t/2026-11-26.jsonl.gz", "{}");
        write("dead-letter/sensors/t/2026-11-25.jsonl", "{}");
        write("member=a/forward-dead-letter/mqtt/2026-11-25.jsonl", "{}");
        write("member=a/sensors/t/notes.txt", "not a reading file");

        assertEquals(List.of(plain, compressed, hive), ReadingFiles.below(dir));
        assertEquals(List.of(dir.resolve("dead-letter/sensors/t/2026-11-25.jsonl")),
                ReadingFiles.below(dir.resolve("dead-letter")), "unless asked for by name");
    }

    @Test
    void should_read_a_gzip_file_and_end_a_cut_short_one_with_one_unreadable_line() throws IOException {
        String line = "{\"topic\":\"t\",\"receivedAt\":\"2026-11-25T10:00:00Z\",\"reading\":{\"seq\":1}}\n";
        Path whole = gzip(write("t/2026-11-25.jsonl", line + "\n" + line));
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("t/2026-11-24.jsonl.gz"), Arrays.copyOf(bytes, bytes.length / 2));

        assertEquals(List.of(true, true), readableFlags(whole), "the blank line is passed over");
        assertEquals(List.of(false), readableFlags(cut));
    }

    @Test
    void should_read_a_file_compressed_since_it_was_listed_from_its_gz() throws IOException {
        Path file = write("t/2026-11-25.jsonl", "{\"topic\":\"t\",\"receivedAt\":\"2026-11-25T10:00:00Z\","
                                                + "\"reading\":{\"seq\":1}}\n");
        List<Path> listed = ReadingFiles.below(dir);
        gzip(file);

        try (ReadingFileReader reader = ReadingFileReader.open(listed.get(0))) {
            assertEquals("{\"seq\":1}", reader.next().reading());
            assertNull(reader.next());
        }
        Files.delete(ReadingFiles.compressed(file));
        assertNull(ReadingFileReader.open(file), "deleted by retention meanwhile: nothing to read");
    }

    private List<Boolean> readableFlags(Path file) throws IOException {
        List<Boolean> flags = new ArrayList<>();
        try (ReadingFileReader reader = ReadingFileReader.open(file)) {
            for (WrittenReading line = reader.next(); line != null; line = reader.next()) {
                flags.add(line.readable());
            }
        }
        return flags;
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static Path gzip(Path file) throws IOException {
        Path compressed = ReadingFiles.compressed(file);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(compressed))) {
            Files.copy(file, out);
        }
        Files.delete(file);
        assertTrue(Files.exists(compressed));
        return compressed;
    }
}
