package io.sensorbridge;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sensorbridge.support.OutputFiles;
import io.sensorbridge.support.TestApplication;
import io.sensorbridge.support.TestMqttClient;
import io.sensorbridge.support.Webhook;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP forward in batches (Java DSL routes, so both DSLs run a forward): readings are POSTed as JSON arrays,
 * and when the server keeps failing the forward's small queue fills up without holding up the files; every reading
 * is then either delivered or in a dead-letter record.
 */
@CamelMainTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForwardHttpBatchTest extends BootedApplication {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Webhook WEBHOOK = new Webhook().start();
    private static final TestApplication APP = TestApplication.use("forward-batch")
            .set("routes.dsl", "java")
            .set("simulator.enabled", "false")
            .set("bridge.topic", "batch/#")
            .set("bridge.log-level", "OFF")
            .set("forward.http.url", WEBHOOK.url())
            .set("forward.http.batch-size", "3")
            .set("forward.http.batch-millis", "300")
            .set("forward.retry-delay", "300");
    private static final Path FORWARD_DEAD_LETTERS = APP.dir.resolve("forward-dead-letter");

    static {
        APP.set("forward.deadletter.dir", FORWARD_DEAD_LETTERS.toString());
    }

    @Override
    TestApplication app() {
        return APP;
    }

    @AfterAll
    void stopWebhook() {
        WEBHOOK.close();
    }

    @Test
    void should_post_readings_as_json_arrays_of_at_most_the_batch_size() throws Exception {
        publish("batch/arrays", 1, 3);
        await().atMost(Duration.ofSeconds(20)).until(() -> postedSeqs("batch/arrays").size() == 3);
        publish("batch/arrays", 4, 10);
        await().atMost(Duration.ofSeconds(20)).until(() -> postedSeqs("batch/arrays").size() == 10);
        publish("batch/arrays", 11, 11);

        await().atMost(Duration.ofSeconds(20)).until(() -> postedSeqs("batch/arrays").size() == 11);
        assertEquals(IntStream.rangeClosed(1, 11).boxed().toList(), postedSeqs("batch/arrays"), "each once, in order");
        for (String body : WEBHOOK.bodiesWith("batch/arrays")) {
            JsonNode batch = JSON.readTree(body);
            assertTrue(batch.isArray() && batch.size() >= 1 && batch.size() <= 3, body);
        }
        assertTrue(WEBHOOK.requests().stream().allMatch(request -> request.authorization() == null),
                "no forward.http.token, no Authorization header");
    }

    @Test
    void should_wait_while_the_server_fails_and_then_send_every_batch_in_order_without_holding_up_the_files()
            throws Exception {
        WEBHOOK.answer(Collections.nCopies(6, 503).toArray(Integer[]::new));
        publish("batch/failing", 1, 40);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> OutputFiles.lines(APP.readings.resolve("batch/failing")).size() == 40);
        await().atMost(Duration.ofSeconds(60)).until(() -> postedSeqs("batch/failing").size() >= 40);
        assertEquals(IntStream.rangeClosed(1, 40).boxed().toList(), postedSeqs("batch/failing"),
                "every reading accepted once, in order, after six 503 answers");
        assertEquals(0, deadLettered("batch/failing"), "a 503 is retried, never dead-lettered");
    }

    @Test
    void should_dead_letter_a_batch_the_server_refuses_with_4xx_and_go_on() throws Exception {
        WEBHOOK.answer(422);
        publish("batch/refused", 1, 3);

        await().atMost(Duration.ofSeconds(20)).until(() -> deadLettered("batch/refused") == 3);
        publish("batch/refused", 4, 4);
        await().atMost(Duration.ofSeconds(20)).until(() -> postedSeqs("batch/refused").contains(4));
        List<JsonNode> records = OutputFiles.lines(FORWARD_DEAD_LETTERS.resolve("http"));
        assertTrue(records.stream().anyMatch(r -> r.get("reason").asText().contains("statusCode: 422")
                                                  && r.get("payload").isArray()), "the batch, as an array, with why");
    }

    private void publish(String topic, int firstSeq, int lastSeq) throws Exception {
        TestApplication.awaitBridgeSubscribed(context);
        try (TestMqttClient publisher = new TestMqttClient(APP.brokerUrl(), "batch-publisher", true)) {
            for (int seq = firstSeq; seq <= lastSeq; seq++) {
                publisher.publish(topic, "{\"sensor\":\"b\",\"seq\":" + seq + ",\"temperature\":1}", 1);
            }
        }
    }

    /** The seq of every reading on the topic the server accepted (answered 200), in the order it got them. */
    private static List<Integer> postedSeqs(String topic) throws Exception {
        List<Integer> seqs = new java.util.ArrayList<>();
        for (String body : WEBHOOK.acceptedWith(topic)) {
            JSON.readTree(body).forEach(line -> seqs.add(line.get("reading").get("seq").asInt()));
        }
        return seqs;
    }

    /** Readings on the topic in forward dead-letter records: one per queue-full record, a batch's size per batch. */
    private static int deadLettered(String topic) {
        int count = 0;
        for (JsonNode record : OutputFiles.lines(FORWARD_DEAD_LETTERS.resolve("http"))) {
            JsonNode payload = record.get("payload");
            for (JsonNode line : payload.isArray() ? payload : JSON.createArrayNode().add(payload)) {
                count += line.get("topic").asText().equals(topic) ? 1 : 0;
            }
        }
        return count;
    }
}
