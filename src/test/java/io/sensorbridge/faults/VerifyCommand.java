package io.sensorbridge.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The project's own proof: {@code java -jar sensor-bridge.jar verify <dir>} reads every {@code .jsonl} under dir
 * and prints, per sensor and run, the count, the missing seq ranges and the duplicates, then one summary line.
 * Exit 0: no gap; 1: gaps; 2: bad usage.
 */
final class VerifyCommand {

    private static final long TIMEOUT_SECONDS = 60;

    /** What verify said: its exit code and its output, the summary line last. */
    record Verdict(int exitCode, List<String> output) {

        String summary() {
            return output.isEmpty() ? "(verify printed nothing)" : output.get(output.size() - 1);
        }

        String report() {
            return "verify exited " + exitCode + ":\n" + String.join("\n", output);
        }
    }

    private VerifyCommand() {
    }

    static Verdict run(Path readings) throws IOException, InterruptedException {
        Path output = Files.createTempFile(readings.getParent(), "verify", ".out");
        try (LoggedProcess verify = LoggedProcess.start("verify", BridgeJar.command("verify", readings.toString()),
                Map.of(), readings.getParent(), output)) {
            int exitCode = verify.awaitExit(TIMEOUT_SECONDS);
            return new Verdict(exitCode, Files.readAllLines(output, StandardCharsets.UTF_8));
        }
    }
}
