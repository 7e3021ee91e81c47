package io.sensorbridge.verify;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code verify <dir>}: proof from the files. Reads every file of readings below a directory written by the bridge
 * ({@code .jsonl} and {@code .csv}, rotated parts, and their {@code .gz})
 * and reports, per sensor and simulator run, how many readings arrived, which sequence numbers are missing and
 * how many came twice (MQTT QoS 1 may redeliver), then one summary line. Readings without {@code seq} (the seed's
 * bare {@code {"temperature": N}}) are counted but cannot be checked for gaps. Seqs a reading names in
 * {@code "dropped": [...]} were skipped by the simulator's chaos on purpose: counted apart, not as missing.
 * <p>
 * Exit code: 0 no gap, 1 a gap, 2 bad usage.
 */
public final class ReadingsVerifier {

    /** What {@code verify} found. */
    public record Report(List<String> lines, long readings, long missing, long droppedBySimulator, long duplicates,
                         long withoutSeq, long unreadable) {

        public int exitCode() {
            return missing > 0 ? 1 : 0;
        }

        public String summary() {
            return lines.get(lines.size() - 1);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Series> series = new TreeMap<>();
    private long files;
    private long readings;
    private long withoutSeq;
    private long unreadable;
    private long lines;
    private long ofFiles;
    private Progress progress = Progress.none();

    private ReadingsVerifier() {
    }

    /** Runs the command; returns the exit code. */
    public static int run(List<String> args, PrintStream out) {
        if (args.size() != 1 || !Files.isDirectory(Path.of(args.get(0)))) {
            out.println("usage: verify <directory of .jsonl or .csv files (.gz too) written by the bridge>");
            return 2;
        }
        try {
            Report report = verify(Path.of(args.get(0)), Progress.onTerminal(out));
            report.lines().forEach(out::println);
            return report.exitCode();
        } catch (IOException e) {
            out.println("verify: cannot read " + args.get(0) + ": " + e.getMessage());
            return 2;
        }
    }

    public static Report verify(Path directory) throws IOException {
        return verify(directory, Progress.none());
    }

    private static Report verify(Path directory, Progress progress) throws IOException {
        ReadingsVerifier verifier = new ReadingsVerifier();
        verifier.progress = progress;
        List<Path> files;
        try (Stream<Path> all = Files.walk(directory)) {
            files = all.filter(ReadingsVerifier::isLinesFile).sorted().toList();
        }
        verifier.ofFiles = files.size();
        progress.show(0, files.size(), 0, true);
        for (Path file : files) {
            Path compressed = file.resolveSibling(file.getFileName() + ".gz");
            try {
                verifier.read(file);
            } catch (NoSuchFileException compressedMeanwhile) {
                // a running bridge compressed it since the listing: its lines are in the .gz now
                if (!files.contains(compressed) && Files.exists(compressed)) {
                    verifier.read(compressed);
                }
            }
            progress.show(verifier.files, files.size(), verifier.lines, false);
        }
        progress.done();
        return verifier.report();
    }

    private static boolean isLinesFile(Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.gz$", "");
        return Files.isRegularFile(file) && (name.endsWith(".jsonl") || name.endsWith(".csv"));
    }

    private void read(Path file) throws IOException {
        boolean gzip = file.getFileName().toString().endsWith(".gz");
        try (InputStream bytes = Files.newInputStream(file);
             BufferedReader text = new BufferedReader(new InputStreamReader(
                     gzip ? new GZIPInputStream(bytes, 64 * 1024) : bytes, StandardCharsets.UTF_8))) {
            files++;
            if (file.getFileName().toString().contains(".csv")) {
                readCsv(text);
                return;
            }
            for (String line = text.readLine(); line != null; line = text.readLine()) {
                if (!line.isBlank()) {
                    addJson(line);
                }
                if (++lines % 65_536 == 0) {
                    progress.show(files, ofFiles, lines, false);
                }
            }
        } catch (EOFException | ZipException e) {
            unreadable++; // a .gz cut short: the bridge only ever renames complete ones into place
        }
    }

    /** A CSV file: its header names the columns; each record becomes the reading it was written from. */
    private void readCsv(BufferedReader text) throws IOException {
        CsvRecords records = new CsvRecords(text);
        List<String> header = records.next();
        for (List<String> record = records.next(); record != null; record = records.next()) {
            if (++lines % 65_536 == 0) {
                progress.show(files, ofFiles, lines, false);
            }
            if (header == null || record.size() != header.size()) {
                unreadable++;
                continue;
            }
            ObjectNode reading = JSON.createObjectNode();
            for (int i = 0; i < header.size(); i++) {
                String value = record.get(i);
                if (value.matches("-?\\d{1,18}")) {
                    reading.put(header.get(i), Long.parseLong(value));
                } else if (!value.isEmpty()) {
                    reading.put(header.get(i), value);
                }
            }
            add(reading);
        }
    }

    private void addJson(String line) {
        try {
            add(JSON.readTree(line).path("reading"));
        } catch (IOException e) {
            unreadable++; // a line torn by a crash; the bridge starts the next line on a fresh one
        }
    }

    private void add(JsonNode reading) {
        if (!reading.isObject()) {
            unreadable++;
            return;
        }
        readings++;
        JsonNode seq = reading.path("seq");
        if (!seq.canConvertToLong() || !seq.isIntegralNumber() || seq.asLong() < 1 || seq.asLong() > Integer.MAX_VALUE) {
            withoutSeq++;
            return;
        }
        String key = "sensor " + reading.path("sensor").asText("?") + ", run " + reading.path("run").asText("?");
        Series readingsOfSensor = series.computeIfAbsent(key, k -> new Series());
        readingsOfSensor.add(seq.asLong());
        for (JsonNode dropped : reading.path("dropped")) {
            if (dropped.isIntegralNumber() && dropped.asLong() >= 1 && dropped.asLong() < seq.asLong()) {
                readingsOfSensor.droppedBySimulator(dropped.asLong());
            }
        }
    }

    private Report report() {
        List<String> lines = new ArrayList<>();
        long missing = 0;
        long dropped = 0;
        long duplicates = 0;
        for (Map.Entry<String, Series> entry : series.entrySet()) {
            Series s = entry.getValue();
            missing += s.missing();
            dropped += s.droppedBySimulator();
            duplicates += s.duplicates();
            lines.add(entry.getKey() + ": " + s.count() + " readings, seq 1.." + s.highest() + ", "
                      + (s.missing() == 0 ? "no gap" : s.missing() + " missing (" + s.missingRanges() + ")")
                      + (s.droppedBySimulator() == 0 ? "" : ", " + s.droppedBySimulator() + " dropped by the simulator")
                      + ", " + s.duplicates() + " duplicates");
        }
        lines.add("verify: " + readings + " readings in " + files + " files, " + series.size() + " series, "
                  + missing + " missing, " + (dropped == 0 ? "" : dropped + " dropped by the simulator, ")
                  + duplicates + " duplicates, " + withoutSeq + " without seq, " + unreadable + " unreadable lines: "
                  + (missing == 0 ? "OK" : "GAPS"));
        return new Report(lines, readings, missing, dropped, duplicates, withoutSeq, unreadable);
    }
}
