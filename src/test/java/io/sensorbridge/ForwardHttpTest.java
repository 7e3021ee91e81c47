package io.sensorbridge;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sensorbridge.support.HttpGet;
import io.sensorbridge.support.OutputFiles;
import io.sensorbridge.support.PrometheusText;
import io.sensorbridge.support.TestApplication;
import io.sensorbridge.support.TestMqttClient;
import io.sensorbridge.support.Webhook;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP forward against a real HTTP server: each reading is POSTed as its JSON line; 5xx answers and a server
 * that is down are retried with back-off; a 4xx answer dead-letters the reading at once. The files never wait.
 */
@CamelMainTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForwardHttpTest extends BootedApplication {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Webhook WEBHOOK = new Webhook().start();
    private static final TestApplication APP = TestApplication.use("forward-http")
            .set("simulator.enabled", "false")
            .set("bridge.topic", "forward/#")
            .set("bridge.log-level", "OFF")
            .set("forward.http.url", WEBHOOK.url() + "?token=t0ken")
            .set("forward.http.token", "s3cr3t")
            .set("forward.retries", "6")
            .set("forward.retry-delay", "200");
    private static final Path FORWARD_DEAD_LETTERS = APP.dir.resolve("forward-dead-letter");

    static {
        APP.set("forward.deadletter.dir", FORWARD_DEAD_LETTERS.toString());
    }

    private TestMqttClient publisher;

    @Override
    TestApplication app() {
        return APP;
    }

    @BeforeEach
    void connect() throws Exception {
        TestApplication.awaitBridgeSubscribed(context);
        publisher = new TestMqttClient(APP.brokerUrl(), "forward-http-publisher", true);
    }

    @AfterEach
    void disconnect() throws Exception {
        publisher.close();
    }

    @AfterAll
    void stopWebhook() {
        WEBHOOK.close();
    }

    @Test
    void should_post_each_reading_as_its_json_line_to_the_url_as_given() throws Exception {
        publisher.publish("forward/plain", "{\"sensor\":\"plain\",\"seq\":1,\"temperature\":21}", 1);

        await().atMost(Duration.ofSeconds(20)).until(() -> WEBHOOK.bodiesWith("\"plain\"").size() == 1);
        JsonNode posted = JSON.readTree(WEBHOOK.bodiesWith("\"plain\"").get(0));
        assertEquals("forward/plain", posted.get("topic").asText());
        assertEquals(21, posted.get("reading").get("temperature").asInt());
        Webhook.Request request = WEBHOOK.requests().stream().filter(r -> r.body().contains("\"plain\"")).findFirst()
                .orElseThrow();
        assertEquals("token=t0ken", request.query(), "the query string of forward.http.url is sent as given");
        assertEquals("application/json", request.contentType());
        assertEquals("Bearer s3cr3t", request.authorization(), "forward.http.token");
        PrometheusText metrics = PrometheusText.parse(HttpGet.body(APP.http("/observe/metrics")));
        assertTrue(metrics.value("sensorbridge_forward_read_bytes_total", "from", "memory") > 0,
                "the line was taken from the writer's memory");
        assertEquals(0, metrics.value("sensorbridge_forward_read_bytes_total", "from", "files"),
                "not read back from the file");
    }

    @Test
    void should_retry_a_reading_the_server_answers_with_5xx_until_it_is_accepted() throws Exception {
        WEBHOOK.answer(500, 503);
        double retriesBefore = metric("sensorbridge_forward_retries_total");
        double sentBefore = metric("sensorbridge_forward_sent_total");
        publisher.publish("forward/retried", "{\"sensor\":\"retried\",\"seq\":1,\"temperature\":5}", 1);

        await().atMost(Duration.ofSeconds(20)).until(() -> WEBHOOK.bodiesWith("\"retried\"").size() == 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> metric("sensorbridge_forward_sent_total") == sentBefore + 1);
        assertEquals(retriesBefore + 2, metric("sensorbridge_forward_retries_total"), "each retry counted");
        assertEquals(1, OutputFiles.lines(APP.readings.resolve("forward/retried")).size(), "in the files once");
        assertTrue(deadLettersWith("\"retried\"").isEmpty(), "accepted on the third try: no dead letter");
    }

    @Test
    void should_dead_letter_a_reading_the_server_refuses_with_4xx_without_retrying() throws Exception {
        WEBHOOK.answer(400);
        double deadLettersBefore = metric("sensorbridge_forward_dead_letters_total");
        publisher.publish("forward/refused", "{\"sensor\":\"refused\",\"seq\":1,\"temperature\":7}", 1);

        await().atMost(Duration.ofSeconds(20)).until(() -> deadLettersWith("\"refused\"").size() == 1);
        JsonNode record = deadLettersWith("\"refused\"").get(0);
        assertEquals("http", record.get("forward").asText());
        assertTrue(record.get("reason").asText().startsWith("forward http: ")
                   && record.get("reason").asText().contains("400"), record.toString());
        assertEquals(7, record.get("payload").get("reading").get("temperature").asInt());
        assertEquals(1, WEBHOOK.bodiesWith("\"refused\"").size(), "a 4xx is not retried");
        assertEquals(1, OutputFiles.lines(APP.readings.resolve("forward/refused")).size(), "the file has it");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> metric("sensorbridge_forward_dead_letters_total") == deadLettersBefore + 1);
    }

    @Test
    void should_keep_writing_files_while_the_server_is_down_and_deliver_when_it_is_back() throws Exception {
        WEBHOOK.stop();
        try {
            publisher.publish("forward/down", "{\"sensor\":\"down\",\"seq\":1,\"temperature\":9}", 1);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> OutputFiles.lines(APP.readings.resolve("forward/down")).size() == 1);
            assertTrue(WEBHOOK.bodiesWith("\"down\"").isEmpty());
        } finally {
            WEBHOOK.start();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> WEBHOOK.bodiesWith("\"down\"").size() == 1);
        assertTrue(deadLettersWith("\"down\"").isEmpty());
    }

    private static List<JsonNode> deadLettersWith(String text) {
        return OutputFiles.lines(FORWARD_DEAD_LETTERS.resolve("http")).stream()
                .filter(line -> line.toString().contains(text)).toList();
    }

    /** A forward meter from /observe/metrics (only the HTTP forward runs here). */
    private static double metric(String name) {
        return PrometheusText.parse(HttpGet.body(APP.http("/observe/metrics"))).value(name);
    }
}
