package io.sensorbridge;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.sensorbridge.reading.SimulatedSensors;
import io.sensorbridge.support.OutputFiles;
import io.sensorbridge.support.TestApplication;
import io.sensorbridge.verify.ReadingsVerifier;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fifty simulated sensors, each on its own topic, with every kind of chaos on, through the real broker into the
 * real files: each sensor's readings land in its topic's folder, the malformed messages in the dead-letter files,
 * and verify finds no reading missing, tells the simulator's drops apart and counts its duplicates.
 */
@CamelMainTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatedSensorsChaosTest extends BootedApplication {

    private static final int SENSORS = 50;
    private static final int READINGS_PER_SENSOR = 20;
    private static final TestApplication APP = TestApplication.use("chaos")
            .set("simulator.sensors", String.valueOf(SENSORS))
            .set("simulator.period", "200")
            // on a loaded machine publishing falls behind; the buffer's limit is not what this test is about
            .set("simulator.buffer", "100000")
            .set("sensor.topic", "sensors/{sensor}/temperature")
            .set("simulator.model", "walk")
            .set("simulator.seed", "2026")
            .set("simulator.chaos.malformed-rate", "0.03")
            .set("simulator.chaos.duplicate-rate", "0.03")
            .set("simulator.chaos.drop-rate", "0.03")
            .set("simulator.log-level", "OFF")
            .set("bridge.log-level", "OFF");

    @Override
    TestApplication app() {
        return APP;
    }

    @Test
    void should_file_each_sensor_under_its_topic_and_let_verify_tell_chaos_from_loss() throws Exception {
        await().atMost(60, TimeUnit.SECONDS).until(() -> readingsBySensor().size() == SENSORS
                && readingsBySensor().values().stream().allMatch(n -> n >= READINGS_PER_SENSOR));
        // suspended, not stopped: its producer stays connected and sends what is still in its buffer
        context.getRouteController().suspendRoute("simulator");
        SimulatedSensors.Tally sent = context.getRegistry().lookupByNameAndType("simulatedSensors",
                SimulatedSensors.class).tally();
        await().atMost(60, TimeUnit.SECONDS).until(
                () -> OutputFiles.lines(APP.readings).size() == sent.readings() + sent.duplicates()
                      && OutputFiles.lines(APP.deadLetters).size() == sent.malformed());

        ReadingsVerifier.Report report = ReadingsVerifier.verify(APP.readings);
        System.out.println("simulated sensors with chaos: sent " + sent + "; " + report.summary());
        assertEquals(0, report.missing(), report.summary());
        assertEquals(sent.dropped(), report.droppedBySimulator(), report.summary());
        assertEquals(sent.duplicates(), report.duplicates(), report.summary());
        assertEquals(SENSORS, report.lines().size() - 1, "one series per sensor: " + report.summary());
        assertTrue(sent.dropped() > 0 && sent.duplicates() > 0 && sent.malformed() > 0, "every fault came up: " + sent);
        assertEachSensorInItsOwnFolder(APP.readings, SENSORS);
        assertEquals(Set.of("sensors"), topLevelFolders(APP.deadLetters), "malformed ones on the sensors' topics");
    }

    private static Map<String, Long> readingsBySensor() {
        return OutputFiles.lines(APP.readings).stream()
                .collect(Collectors.groupingBy(line -> line.path("reading").path("sensor").asText(),
                        Collectors.counting()));
    }

    private static void assertEachSensorInItsOwnFolder(Path dir, int sensors) {
        Set<String> folders = new HashSet<>();
        for (Path file : OutputFiles.files(dir)) {
            String folder = dir.relativize(file.getParent()).toString();
            folders.add(folder);
            for (JsonNode line : OutputFiles.linesOf(file)) {
                String sensor = line.path("reading").path("sensor").asText();
                assertEquals("sensors/" + sensor + "/temperature", line.path("topic").asText(), line.toString());
                assertEquals("sensors/" + sensor + "/temperature", folder, "sim-N needs no encoding: " + line);
            }
        }
        assertEquals(sensors, folders.size(), "one folder per sensor: " + folders);
    }

    private static Set<String> topLevelFolders(Path dir) {
        return OutputFiles.files(dir).stream().map(file -> dir.relativize(file).getName(0).toString())
                .collect(Collectors.toSet());
    }
}
