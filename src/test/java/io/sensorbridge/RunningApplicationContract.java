package io.sensorbridge;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sensorbridge.support.HttpGet;
import io.sensorbridge.support.OutputFiles;
import io.sensorbridge.support.PrometheusText;
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

    @Test
    void should_be_ready_and_live_once_subscribed_with_each_readiness_check_up() {
        TestApplication.awaitBridgeSubscribed(context);

        await().atMost(10, TimeUnit.SECONDS).until(() -> HttpGet.status(app().http("/observe/health/ready")) == 200);
        assertEquals(200, HttpGet.status(app().http("/observe/health/live")));
        String checks = HttpGet.body(app().http("/observe/health?exposureLevel=full"));
        for (String check : new String[] {"mqtt-subscribed", "file-writer", "embedded-broker", "forward-lag"}) {
            assertTrue(checks.contains("{\"name\":\"" + check + "\",\"status\":\"UP\"}"), check + " in " + checks);
        }
    }

    @Test
    void should_count_each_message_received_as_written_dead_lettered_or_in_flight() throws Exception {
        TestApplication.awaitBridgeSubscribed(context);
        PrometheusText before = metrics();
        int good = 20;
        int bad = 5;
        try (TestMqttClient publisher = new TestMqttClient(app().brokerUrl(), "metrics-publisher", true)) {
            for (int i = 0; i < good; i++) {
                publisher.publish(TOPIC, "{\"temperature\": " + i + "}", 1);
            }
            for (int i = 0; i < bad; i++) {
                publisher.publish(TOPIC, "not json " + i, 1);
            }
        }

        // the simulator keeps publishing: wait for a scrape with this test's messages counted and none in between
        await().atMost(30, TimeUnit.SECONDS).until(() -> {
            PrometheusText now = metrics();
            double received = now.value("sensorbridge_messages_received_total");
            double written = now.value("sensorbridge_readings_written_total");
            double deadLetters = now.value("sensorbridge_dead_letters_total");
            double inFlight = now.value("sensorbridge_messages_in_flight");
            return written - before.value("sensorbridge_readings_written_total") >= good
                   && deadLetters - before.value("sensorbridge_dead_letters_total") >= bad
                   && received == written + deadLetters + inFlight;
        });
        PrometheusText after = metrics();
        assertTrue(after.value("sensorbridge_written_bytes_total") > before.value("sensorbridge_written_bytes_total"));
        assertTrue(after.value("sensorbridge_fsync_seconds_count") > before.value("sensorbridge_fsync_seconds_count"));
        assertTrue(after.value("sensorbridge_acknowledge_latency_seconds_count")
                   > before.value("sensorbridge_acknowledge_latency_seconds_count"));
        assertTrue(after.value("sensorbridge_publisher_published_total") > 0, "the simulator's readings");
        assertEquals(1, after.value("sensorbridge_mqtt_subscribed"));
        assertEquals(0, after.value("sensorbridge_writer_paused"));
        assertTrue(after.has("sensorbridge_disk_free_bytes") && after.has("jvm_memory_used_bytes"),
                "free disk and the JVM's own meters");
        assertTrue(after.value("sensorbridge_last_reading_timestamp_seconds") > Instant.now().getEpochSecond() - 60);
    }

    private PrometheusText metrics() {
        HttpResponse<String> response = HttpGet.get(app().http("/observe/metrics"));
        assertEquals(200, response.statusCode());
        return PrometheusText.parse(response.body());
    }

    @Test
    void should_stream_a_reading_to_the_live_page_once_its_line_is_in_the_file() throws Exception {
        TestApplication.awaitBridgeSubscribed(context);
        String sensor = "live-" + UUID.randomUUID();
        HttpResponse<Stream<String>> events = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(app().http("/live/events"))).build(),
                HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = events.body()) {
            assertEquals(200, events.statusCode());
            assertTrue(events.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
            CompletableFuture<String> event = CompletableFuture.supplyAsync(() -> lines
                    .filter(line -> line.startsWith("data: ") && line.contains(sensor)).findFirst().orElseThrow());
            try (TestMqttClient publisher = new TestMqttClient(app().brokerUrl(), "live-publisher", true)) {
                publisher.publish(TOPIC, "{\"sensor\":\"" + sensor + "\",\"temperature\":12}", 1);
            }

            JsonNode streamed = new ObjectMapper().readTree(event.get(20, TimeUnit.SECONDS).substring("data: ".length()));
            assertTrue(OutputFiles.lines(app().readings).contains(streamed), "the streamed line is already in the file");
            assertEquals(12, streamed.get("reading").get("temperature").asInt());
        }
    }

    @Test
    void should_serve_only_its_own_page_and_refuse_other_paths() {
        assertEquals(200, HttpGet.status(app().http("/")));
        assertEquals(200, HttpGet.status(app().http("/uplot.min.js")));
        for (String path : new String[] {"/application.properties", "/../application.properties", "/observe/info",
                "/live/../../pom.xml", "/nothing-here"}) {
            assertEquals(404, HttpGet.status(app().http(path)), path);
        }
    }
}
