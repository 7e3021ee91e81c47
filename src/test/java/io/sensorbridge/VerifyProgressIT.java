package io.sensorbridge;

import java.io.BufferedWriter;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.sensorbridge.support.JarProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code verify} on a large folder tells a person at a terminal how far it is (files and lines read, on one line
 * it rewrites), and prints only its report when its output is not a terminal. The terminal is a real pseudo-terminal
 * made by util-linux's {@code script}.
 */
class VerifyProgressIT {

    private static final int FILES = 3;
    private static final int LINES_PER_FILE = 70_000;

    @TempDir
    Path dir;

    @BeforeEach
    void writeReadings() throws Exception {
        Path topic = Files.createDirectories(dir.resolve("readings/sensors/temperature"));
        long seq = 0;
        for (int file = 1; file <= FILES; file++) {
            try (BufferedWriter out = Files.newBufferedWriter(topic.resolve("2026-12-0" + file + ".jsonl"))) {
                for (int i = 0; i < LINES_PER_FILE; i++) {
                    out.write("{\"topic\":\"sensors/temperature\",\"receivedAt\":\"2026-12-01T00:00:00Z\",\"reading\":"
                              + "{\"sensor\":\"s\",\"run\":\"r\",\"seq\":" + ++seq + ",\"temperature\":1}}\n");
                }
            }
        }
    }

    @Test
    void should_show_progress_on_a_terminal() throws Exception {
        String command = "java -jar " + JarProcess.JAR + " verify " + dir.resolve("readings");
        String output = run(List.of("script", "--quiet", "--return", "--command", command, "/dev/null"));

        assertTrue(output.contains("\rverify: 0 of 3 files, 0 lines read"), output);
        // rewritten at most four times a second: 210,000 lines on a cold JVM take longer than that
        assertTrue(Pattern.compile("\rverify: [1-3] of 3 files, [1-9][0-9,]* lines read").matcher(output).find(),
                output);
        assertTrue(Pattern.compile("\r +\rsensor s, run r: 210000 readings").matcher(output).find(),
                "the line is erased before the report: " + output);
        assertTrue(output.contains("verify: 210000 readings in 3 files"), "then the report: " + output);
    }

    @Test
    void should_print_only_the_report_when_the_output_is_not_a_terminal() throws Exception {
        String output = run(List.of("java", "-jar", JarProcess.JAR.toString(), "verify",
                dir.resolve("readings").toString()));

        assertFalse(output.contains("lines read") || output.contains("\r"), output);
        assertEquals(List.of("sensor s, run r: 210000 readings, seq 1..210000, no gap, 0 duplicates",
                "verify: 210000 readings in 3 files, 1 series, 0 missing, 0 duplicates, 0 without seq,"
                + " 0 unreadable lines: OK"), output.lines().toList());
    }

    private String run(List<String> command) throws Exception {
        Path output = dir.resolve("output-" + System.nanoTime());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "verify ends within 60 s");
        assertEquals(0, process.exitValue(), Files.readString(output));
        return Files.readString(output, StandardCharsets.UTF_8);
    }
}
