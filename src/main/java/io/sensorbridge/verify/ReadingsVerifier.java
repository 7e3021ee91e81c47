package io.sensorbridge.verify;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sensorbridge.TerminalProgress;
import io.sensorbridge.files.ReadingFileReader;
import io.sensorbridge.files.ReadingFiles;
import io.sensorbridge.files.WrittenReading;

/**
 * {@code verify <dir>}: proof from the files. Reads every file of readings below a directory written by the bridge
 * ({@code .jsonl} and {@code .csv}, rotated parts, and their {@code .gz}; not the dead-letter folders: see
 * {@link ReadingFiles}) and reports, per sensor and simulator run, how many readings arrived, which sequence
 * numbers are missing and how many came twice (MQTT QoS 1 may redeliver), then one summary line. Readings without {@code seq} (the seed's
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
    private TerminalProgress progress = TerminalProgress.none();

    private ReadingsVerifier() {
    }

    static final String USAGE = "usage: verify <directory of .jsonl or .csv files (.gz too) written by the bridge>";
    static final String HELP = USAGE + """

            Reads every file of readings below the directory (rotated parts and .gz too, not the dead-letter
            folders) and prints, per sensor and simulator run, the readings found, the sequence numbers missing
            and the duplicates, then one summary line. Exit code: 0 no gap, 1 a gap, 2 bad usage.
            More: docs/files.md.""";

    /** Runs the command; returns the exit code. */
    public static int run(List<String> args, PrintStream out) {
        if (args.contains("--help") || args.contains("-h")) {
            out.println(HELP);
            return 0;
        }
        String option = args.stream().filter(arg -> arg.startsWith("-")).findFirst().orElse(null);
        if (option != null) {
            out.println("verify: unknown option " + option + "; " + USAGE);
            return 2;
        }
        if (args.size() != 1) {
            out.println(USAGE);
            return 2;
        }
        if (!Files.isDirectory(Path.of(args.get(0)))) {
            out.println("verify: " + args.get(0) + " is not a folder; " + USAGE);
            return 2;
        }
        try {
            Report report = verify(Path.of(args.get(0)), TerminalProgress.onTerminal(out));
            report.lines().forEach(out::println);
            return report.exitCode();
        } catch (IOException e) {
            out.println("verify: cannot read " + args.get(0) + ": " + e.getMessage());
            return 2;
        }
    }

    public static Report verify(Path directory) throws IOException {
        return verify(directory, TerminalProgress.none());
    }

    private static Report verify(Path directory, TerminalProgress progress) throws IOException {
        ReadingsVerifier verifier = new ReadingsVerifier();
        verifier.progress = progress;
        List<Path> files = ReadingFiles.below(directory);
        verifier.ofFiles = files.size();
        verifier.showProgress(true);
        for (Path file : files) {
            try (ReadingFileReader reader = ReadingFileReader.open(file)) {
                if (reader != null) {
                    verifier.read(reader);
                }
            }
            verifier.showProgress(false);
        }
        progress.done();
        return verifier.report();
    }

    private void read(ReadingFileReader reader) throws IOException {
        files++;
        for (WrittenReading line = reader.next(); line != null; line = reader.next()) {
            if (line.readable()) {
                add(JSON.readTree(line.reading()));
            } else {
                unreadable++; // a line torn by a crash (the bridge starts the next line on a fresh one), or no reading
            }
            if (++lines % 65_536 == 0) {
                showProgress(false);
            }
        }
    }

    private void showProgress(boolean force) {
        progress.show(() -> String.format(Locale.ROOT, "verify: %,d of %,d files, %,d lines read", files, ofFiles,
                lines), force);
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
