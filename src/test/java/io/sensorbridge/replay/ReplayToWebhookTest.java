package io.sensorbridge.replay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.sensorbridge.support.OutputFiles;
import io.sensorbridge.support.TestApplication;
import io.sensorbridge.support.Webhook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code replay --http} to a real HTTP server (the JDK's): each reading's line POSTed as the HTTP forward posts it,
 * in JSON-array batches when forward.http.batch-size asks; a 5xx answer retried with back-off until accepted, a 4xx
 * one dead-lettered at once, and the summary and exit code say so.
 */
class ReplayToWebhookTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;

    private TestApplication app;
    private Webhook webhook;

    @BeforeEach
    void startWebhook() {
        webhook = new Webhook().start();
        app = TestApplication.use("replay-webhook");
        app.set("forward.deadletter.dir", app.dir.resolve("dead-letters").toString())
                .set("forward.retry-delay", "100");
    }

    @AfterEach
    void stopWebhook() {
        webhook.close();
        app.clear();
    }

    @Test
    void should_post_the_lines_in_json_array_batches_when_asked() throws Exception {
        app.set("forward.http.batch-size", "10").set("forward.http.batch-millis", "200");
        List<String> lines = record(25);

        Result result = replay();

        assertEquals(0, result.code(), result.out());
        assertEquals(List.of("[" + String.join(",", lines.subList(0, 10)) + "]",
                "[" + String.join(",", lines.subList(10, 20)) + "]",
                "[" + String.join(",", lines.subList(20, 25)) + "]"),
                webhook.requests().stream().map(Webhook.Request::body).toList(),
                "the last, short batch sent after forward.http.batch-millis, before the replay ends");
        assertTrue(result.summary().startsWith("replay: 25 readings sent to http " + webhook.url()
                                               + " (up to 10 a request), 0 dead-lettered"), result.summary());
    }

    @Test
    void should_retry_a_5xx_answer_and_dead_letter_a_4xx_one() throws Exception {
        List<String> lines = record(3);
        webhook.answer(500, 503, 200, 400);

        Result result = replay();

        assertEquals(List.of(lines.get(0), lines.get(0), lines.get(0), lines.get(1), lines.get(2)),
                webhook.requests().stream().map(Webhook.Request::body).toList(),
                "the first sent three times (500, 503, then 200), the second once (400), the third once");
        assertEquals(1, result.code(), result.out());
        assertTrue(result.summary().startsWith("replay: 2 readings sent to http " + webhook.url() + " (1 a request),"
                                               + " 1 dead-lettered (in " + app.dir.resolve("dead-letters") + ")"),
                result.summary());
        assertTrue(result.summary().endsWith(": DEAD LETTERS"), result.summary());
        List<JsonNode> deadLetters = OutputFiles.lines(app.dir.resolve("dead-letters/http"));
        assertEquals(1, deadLetters.size());
        assertTrue(deadLetters.get(0).get("reason").asText().contains("400"), deadLetters.get(0).toString());
        assertEquals(2, deadLetters.get(0).get("payload").get("reading").get("seq").asInt());
    }

    /** Readings one second apart in a day file; returns their lines. Replayed at --speed max. */
    private List<String> record(int count) throws IOException {
        Path file = Files.createDirectories(dir.resolve("readings/sensors/hooked")).resolve("2026-11-25.jsonl");
        List<String> lines = new ArrayList<>();
        try (Writer out = Files.newBufferedWriter(file)) {
            for (int seq = 1; seq <= count; seq++) {
                String line = "{\"topic\":\"sensors/hooked\",\"receivedAt\":\"" + T0.plusSeconds(seq)
                              + "\",\"reading\":{\"sensor\":\"hooked\",\"seq\":" + seq + ",\"temperature\":7}}";
                lines.add(line);
                out.write(line + "\n");
            }
        }
        return lines;
    }

    private record Result(int code, List<String> lines) {
        String summary() {
            return lines.get(lines.size() - 1);
        }

        String out() {
            return String.join("\n", lines);
        }
    }

    private Result replay() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code = ReplayCommand.run(List.of(dir.resolve("readings").toString(), "--http", webhook.url(), "--speed",
                "max"), new PrintStream(printed, true, StandardCharsets.UTF_8));
        return new Result(code, printed.toString(StandardCharsets.UTF_8).lines().toList());
    }
}
