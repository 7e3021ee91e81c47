package io.sensorbridge.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the bridge has written so far for one run, read incrementally from every {@code .jsonl} under its output
 * folder (a test polls it many times while the files grow). Only complete lines count; a line that is not JSON is
 * counted apart, so a torn write shows instead of hiding.
 */
final class WrittenReadings {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final String run;
    private final Map<Path, Long> readUpTo = new HashMap<>();
    private final BitSet seqs = new BitSet();
    private int lines;
    private int unreadable;

    WrittenReadings(Path dir, String run) {
        this.dir = dir;
        this.run = run;
    }

    /** Lines of this run written so far, duplicates included. */
    synchronized int lines() {
        refresh();
        return lines;
    }

    /** Distinct seqs of this run written so far. */
    synchronized int distinctSeqs() {
        refresh();
        return seqs.cardinality();
    }

    synchronized int unreadableLines() {
        refresh();
        return unreadable;
    }

    /** The seqs of {@code 1..last} not written, as ranges ("17-20, 33"), at most a few. */
    synchronized String missing(int last) {
        refresh();
        List<String> ranges = new ArrayList<>();
        int from = seqs.nextClearBit(1);
        while (from <= last && ranges.size() < 10) {
            int to = Math.min(seqs.nextSetBit(from) < 0 ? last + 1 : seqs.nextSetBit(from), last + 1) - 1;
            ranges.add(from == to ? String.valueOf(from) : from + "-" + to);
            from = seqs.nextClearBit(to + 1);
        }
        return ranges.isEmpty() ? "none" : String.join(", ", ranges);
    }

    private void refresh() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
                readNewLines(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readNewLines(Path file) throws IOException {
        long from = readUpTo.getOrDefault(file, 0L);
        byte[] added;
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(from);
            added = in.readAllBytes();
        }
        int complete = completeLinesLength(added);
        new String(added, 0, complete, StandardCharsets.UTF_8).lines().forEach(this::count);
        readUpTo.put(file, from + complete);
    }

    /** Bytes up to and including the last newline: a line still being written is read next time. */
    private static int completeLinesLength(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        return end;
    }

    private void count(String line) {
        JsonNode reading;
        try {
            reading = JSON.readTree(line).path("reading");
        } catch (IOException e) {
            unreadable++;
            return;
        }
        if (run.equals(reading.path("run").asText())) {
            lines++;
            seqs.set(reading.path("seq").asInt());
        }
    }
}
