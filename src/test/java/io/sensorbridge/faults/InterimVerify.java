package io.sensorbridge.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Temporary stand-in for {@code sensor-bridge.jar verify} until it lands on main: distinct seqs per run. */
final class InterimVerify {

    private InterimVerify() {
    }

    static VerifyCommand.Verdict run(Path readings) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, List<Integer>> seqsByRun = new TreeMap<>();
        try (Stream<Path> files = Files.walk(readings)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    JsonNode reading = json.readTree(line).path("reading");
                    seqsByRun.computeIfAbsent(reading.path("sensor").asText() + "/" + reading.path("run").asText(),
                            k -> new ArrayList<>()).add(reading.path("seq").asInt());
                }
            }
        }
        List<String> output = new ArrayList<>();
        long missing = 0;
        long duplicates = 0;
        for (Map.Entry<String, List<Integer>> run : seqsByRun.entrySet()) {
            long distinct = run.getValue().stream().distinct().count();
            long max = run.getValue().stream().mapToInt(Integer::intValue).max().orElse(0);
            missing += max - distinct;
            duplicates += run.getValue().size() - distinct;
            output.add(run.getKey() + ": " + run.getValue().size() + " readings, " + (max - distinct)
                       + " missing, " + (run.getValue().size() - distinct) + " duplicates");
        }
        output.add("interim verify: " + seqsByRun.size() + " run(s), " + missing + " missing, " + duplicates
                   + " duplicates");
        return new VerifyCommand.Verdict(missing == 0 ? 0 : 1, output);
    }
}
