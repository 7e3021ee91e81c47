package io.sensorbridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.sensorbridge.files.CsvLines;
import io.sensorbridge.support.FilesBelow;
import io.sensorbridge.support.OutputFiles;
import io.sensorbridge.support.TestApplication;
import io.sensorbridge.support.TestMqttClient;
import io.sensorbridge.verify.ReadingsVerifier;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outputs people run in production, in the real application: CSV, rotated every few kilobytes, the completed
 * parts gzip-compressed, Hive-style folders; verify reads it all back and finds no reading missing.
 */
@CamelMainTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RotatedCsvOutputTest extends BootedApplication {

    private static final String TOPIC = "sensors/odd,\"name\"";
    private static final int READINGS = 150;

    private static final TestApplication APP = TestApplication.use("rotated")
            .set("simulator.enabled", "false")
            .set("bridge.topic", "sensors/#")
            .set("bridge.log-level", "OFF")
            .set("bridge.output.format", "csv")
            .set("bridge.output.layout", "hive")
            .set("bridge.output.rotate-bytes", "1500")
            .set("bridge.output.compress", "gzip");

    @Override
    TestApplication app() {
        return APP;
    }

    @Test
    void should_write_rotate_and_compress_csv_parts_that_verify_reads_without_a_gap() throws Exception {
        // Given numbered readings on a topic that CSV must quote, each acknowledged by the broker
        TestApplication.awaitBridgeSubscribed(context);
        try (TestMqttClient publisher = new TestMqttClient(APP.brokerUrl(), "rotated-publisher", true)) {
            for (int seq = 1; seq <= READINGS; seq++) {
                publisher.publish(TOPIC, "{\"sensor\":\"s1\",\"run\":\"r1\",\"seq\":" + seq
                                         + ",\"temperature\":" + (seq % 50 - 20) + "}", 1);
            }
        }

        // When the bridge has written them all, in parts of about 1,500 bytes
        await().atMost(60, TimeUnit.SECONDS).ignoreExceptions()
                .until(() -> ReadingsVerifier.verify(APP.readings).readings() == READINGS);

        // Then verify reads every one back from the compressed parts and the active file
        ReadingsVerifier.Report report = ReadingsVerifier.verify(APP.readings);
        assertEquals(0, report.missing(), String.join("\n", report.lines()));
        assertEquals(0, report.unreadable(), report.summary());
        assertTrue(report.lines().get(0).startsWith("sensor s1, run r1: 150 readings, seq 1..150"),
                report.lines().get(0));
        String header = new String(CsvLines.HEADER, StandardCharsets.UTF_8);
        assertTrue(compressedParts().size() >= 3, "parts: " + compressedParts());
        for (Path part : compressedParts()) {
            assertTrue(part.toString().matches(
                    ".*/topic=sensors%2Fodd%2C%22name%22/date=[0-9-]{10}/[0-9-]{10}\\.\\d{4}\\.csv\\.gz"),
                    "Hive-style folders, numbered parts: " + part);
            List<String> lines = OutputFiles.gunzipped(part);
            assertEquals(header, lines.get(0), "a header at the top of " + part);
            assertEquals(1, lines.stream().filter(header::equals).count(), "one header in " + part);
            assertTrue(lines.get(1).contains(",\"sensors/odd,\"\"name\"\"\",s1,r1,"), "quoted topic: " + lines.get(1));
        }
        assertTrue(FilesBelow.of(APP.readings).stream().noneMatch(f -> f.toString().endsWith(".jsonl")),
                "readings only as CSV");
    }

    private static List<Path> compressedParts() throws IOException {
        try (Stream<Path> files = Files.walk(APP.readings)) {
            return files.filter(f -> f.toString().endsWith(".csv.gz")).sorted().toList();
        }
    }
}
