package io.sensorbridge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A forward that lags while the files rotate, compress and are cut to a size: a part is compressed only once the
 * forward has passed it, and only the size cap deletes what the forward has not sent yet, each such reading counted
 * (sensorbridge_forward_skipped_total) and nothing else missing.
 */
@CamelMainTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForwardBehindRotationTest extends BootedApplication {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int READINGS = 400;
    private static final Webhook WEBHOOK = new Webhook();
    private static final TestApplication APP = TestApplication.use("forward-rotation")
            .set("simulator.enabled", "false")
            .set("bridge.topic", "rotating/#")
            .set("bridge.log-level", "OFF")
            .set("bridge.output.rotate-bytes", "3000")
            .set("bridge.output.compress", "gzip")
            .set("bridge.output.retain-bytes", "30000")
            .set("forward.http.url", WEBHOOK.url())
            .set("forward.http.batch-size", "50")
            .set("forward.retry-delay", "200");

    @Override
    TestApplication app() {
        return APP;
    }

    @AfterAll
    void stopWebhook() {
        WEBHOOK.close();
    }

    @Test
    void should_compress_a_part_only_once_the_forward_passed_it_and_count_what_the_size_cap_took_first()
            throws Exception {
        // Given a forward whose webhook is away, and a few hundred readings that fill many 3 KB parts
        TestApplication.awaitBridgeSubscribed(context);
        try (TestMqttClient publisher = new TestMqttClient(APP.brokerUrl(), "rotation-publisher", true)) {
            for (int seq = 1; seq <= READINGS; seq++) {
                publisher.publish("rotating/a", "{\"sensor\":\"r\",\"seq\":" + seq + ",\"temperature\":" + seq % 40
                                                + ",\"pad\":\"" + "x".repeat(60) + "\"}", 1);
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> written() == READINGS || skipped() > 0);
        // (how many parts the cap keeps depends on the writer's batches: a part ends after the batch that filled it)
        await().atMost(Duration.ofSeconds(30)).until(() -> !parts(".jsonl").isEmpty());

        // Then while it lags nothing is compressed, and the size cap deleted the oldest parts, each reading counted
        assertTrue(parts(".gz").isEmpty(), "compression waits for the forward: " + parts(".gz"));
        await().atMost(Duration.ofSeconds(30)).until(() -> skipped() > 0);

        // When the webhook is back
        WEBHOOK.start();

        // Then every reading is either delivered or counted as skipped, and none is missing otherwise
        await().atMost(Duration.ofSeconds(60)).until(() -> delivered().size() + (int) skipped() >= READINGS);
        Set<Integer> got = new HashSet<>(delivered());
        List<Integer> missing = new ArrayList<>();
        for (int seq = 1; seq <= READINGS; seq++) {
            if (!got.contains(seq)) {
                missing.add(seq);
            }
        }
        assertEquals((long) skipped(), missing.size(), "skipped readings counted exactly: missing " + missing);
        // and once the forward has passed them, the parts are compressed
        await().atMost(Duration.ofSeconds(30)).until(() -> parts(".jsonl").isEmpty() && !parts(".gz").isEmpty());
        assertFalse(Files.exists(APP.readings.resolve(".positions/http.json.tmp")));
    }

    private static int written() {
        return OutputFiles.lines(APP.readings).size();
    }

    /** Rotated parts ({@code 2026-12-07.0001.jsonl}) ending in {@code suffix}. */
    private static List<Path> parts(String suffix) throws IOException {
        try (Stream<Path> all = Files.walk(APP.readings)) {
            return all.filter(file -> file.getFileName().toString().matches("\\d{4}-\\d{2}-\\d{2}\\.\\d{4}\\..*")
                                      && file.getFileName().toString().endsWith(suffix)).toList();
        }
    }

    private static double skipped() {
        return PrometheusText.parse(HttpGet.body(APP.http("/observe/metrics")))
                .value("sensorbridge_forward_skipped_total");
    }

    private static List<Integer> delivered() throws IOException {
        List<Integer> seqs = new ArrayList<>();
        for (String body : WEBHOOK.acceptedWith("rotating/a")) {
            for (JsonNode line : JSON.readTree(body)) {
                seqs.add(line.get("reading").get("seq").asInt());
            }
        }
        return seqs;
    }
}
