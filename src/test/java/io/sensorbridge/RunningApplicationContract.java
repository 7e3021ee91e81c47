package io.sensorbridge;

import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sensorbridge.support.OutputFiles;
import io.sensorbridge.support.TestApplication;
import io.sensorbridge.support.TestMqttClient;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a user relies on when they run the application, whichever DSL its routes are written in: the subclasses
 * boot the real application with YAML routes and with Java DSL routes.
 */
abstract class RunningApplicationContract extends BootedApplication {

    static final String TOPIC = "sensors/temperature";

    @Test
    void should_write_each_simulated_reading_as_one_line_with_the_documented_fields() {
        await().atMost(30, TimeUnit.SECONDS).until(() -> simulated().size() >= 5);

        List<JsonNode> lines = simulated();
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertTrue(Files.exists(app().readings.resolve("sensors/temperature/" + today + ".jsonl")),
                "one file per topic and UTC day");
        JsonNode first = lines.get(0).get("reading");
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            JsonNode reading = line.get("reading");
            assertEquals(TOPIC, line.get("topic").asText(), "topic on each line");
            assertNotNull(Instant.parse(line.get("receivedAt").asText()), "receive time on each line");
            assertEquals(first.get("run").asText(), reading.get("run").asText(), "one simulator run");
            assertEquals(first.get("seq").asLong() + i, reading.get("seq").asLong(), "seq grows by one: " + line);
            assertTrue(reading.get("temperature").isInt(), "temperature is an integer: " + line);
            int temperature = reading.get("temperature").asInt();
            assertTrue(temperature >= -20 && temperature <= 30, "temperature in -20..30: " + line);
            assertNotNull(Instant.parse(reading.get("time").asText()), "ISO-8601 time: " + line);
        }
    }

    /** The lines of the simulator's readings (other tests publish too). */
    private List<JsonNode> simulated() {
        return OutputFiles.lines(app().readings).stream()
                .filter(line -> "sim-1".equals(line.path("reading").path("sensor").asText()))
                .toList();
    }

    @Test
    void should_write_a_bare_seed_reading_published_by_an_outside_client() throws Exception {
        TestApplication.awaitBridgeSubscribed(context);
        try (TestMqttClient publisher = new TestMqttClient(app().brokerUrl(), "outside-publisher", true)) {
            publisher.publish(TOPIC, "{\"temperature\": 77}", 1);
        }

        JsonNode seedReading = new ObjectMapper().readTree("{\"temperature\":77}");
        await().atMost(20, TimeUnit.SECONDS).until(() -> OutputFiles.lines(app().readings).stream()
                .anyMatch(line -> line.get("reading").equals(seedReading)));
    }

    @Test
    void should_publish_readings_that_an_outside_subscriber_receives() throws Exception {
        try (TestMqttClient subscriber = new TestMqttClient(app().brokerUrl(), "outside-subscriber", true)) {
            subscriber.subscribe(TOPIC, 1);

            String payload = subscriber.received().poll(20, TimeUnit.SECONDS);

            assertNotNull(payload, "a reading within 20 s");
            JsonNode reading = new ObjectMapper().readTree(payload);
            assertTrue(reading.get("temperature").isInt(), payload);
            assertTrue(reading.get("seq").asLong() >= 1, payload);
            assertEquals("sim-1", reading.get("sensor").asText(), payload);
        }
    }
}
