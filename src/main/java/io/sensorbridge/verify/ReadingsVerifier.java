package io.sensorbridge.verify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code verify <dir>}: proof from the files. Reads every {@code .jsonl} below a directory written by the bridge
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

    private ReadingsVerifier() {
    }

    /** Runs the command; returns the exit code. */
    public static int run(List<String> args, PrintStream out) {
        if (args.size() != 1 || !Files.isDirectory(Path.of(args.get(0)))) {
            out.println("usage: verify <directory of .jsonl files written by the bridge>");
            return 2;
        }
        try {
            Report report = verify(Path.of(args.get(0)));
            report.lines().forEach(out::println);
            return report.exitCode();
        } catch (IOException e) {
            out.println("verify: cannot read " + args.get(0) + ": " + e.getMessage());
            return 2;
        }
    }

    public static Report verify(Path directory) throws IOException {
        ReadingsVerifier verifier = new ReadingsVerifier();
        try (Stream<Path> all = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) all.filter(ReadingsVerifier::isLinesFile).sorted()::iterator) {
                verifier.read(file);
            }
        }
        return verifier.report();
    }

    private static boolean isLinesFile(Path file) {
        return Files.isRegularFile(file) && file.getFileName().toString().endsWith(".jsonl");
    }

    private void read(Path file) throws IOException {
        files++;
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isBlank()) {
                    add(line);
                }
            }
        }
    }

    private void add(String line) {
        JsonNode reading;
        try {
            reading = JSON.readTree(line).path("reading");
        } catch (IOException e) {
            unreadable++; // a line torn by a crash; the bridge starts the next line on a fresh one
            return;
        }
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
