package io.sensorbridge;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.sensorbridge.support.OutputFiles;
import io.sensorbridge.support.TestApplication;
import io.sensorbridge.support.TestMqttClient;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Payloads that are not readings, sent through the real broker: each becomes one dead-letter line with a one-line
 * reason, and the good reading sent right after it still lands.
 */
@CamelMainTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadPayloadTest extends BootedApplication {

    private static final String TOPIC = "bad/readings";
    private static final TestApplication APP = TestApplication.use("bad")
            .set("simulator.enabled", "false")
            .set("bridge.topic", "bad/#")
            .set("bridge.log-level", "OFF");

    private TestMqttClient publisher;

    @BeforeEach
    void connect() throws Exception {
        TestApplication.awaitBridgeSubscribed(context);
        publisher = new TestMqttClient(APP.brokerUrl(), "bad-publisher", true);
    }

    @AfterEach
    void disconnect() throws Exception {
        publisher.close();
    }

    private static final List<byte[]> BAD = List.of(
            text("{\"temperature\": "),
            text("{\"temperature\": 21, \"sensor\": \"a\""),
            new byte[0],
            text("[1, 2, 3]"),
            text("42"),
            text("\"a string\""),
            text("null"),
            new byte[] {'{', '"', 't', '"', ':', (byte) 0xC3, (byte) 0x28, '}'},
            randomBytes(64),
            text("{\"temperature\": \"hot\"}"),
            text("{\"temperature\": 1e309}"),
            text("{\"temperature\": NaN}"),
            text("{\"temperature\": {\"celsius\": 21}}"),
            text("{\"humidity\": 40}"),
            text("{\"temperature\": 21, \"seq\": -1}"),
            text("{\"temperature\": 21, \"sensor\": 7}"),
            text("{\"temperature\": 21} {\"temperature\": 22}"),
            concat(text("{\"temperature\": 1, \"x\": \""), new byte[] {(byte) 0xE2, (byte) 0x28, (byte) 0xA1},
                    text("\"}")),
            randomBytes(300 * 1024),
            randomBytes(20 * 1024 * 1024));

    @Override
    TestApplication app() {
        return APP;
    }

    @Test
    void should_dead_letter_each_bad_payload_and_still_write_the_next_good_one() throws Exception {
        for (int i = 0; i < BAD.size(); i++) {
            publisher.publish(TOPIC, BAD.get(i), 1);
            publisher.publish(TOPIC, "{\"sensor\":\"good\",\"run\":\"r\",\"seq\":" + (i + 1) + ",\"temperature\":1}", 1);
        }

        await().atMost(60, TimeUnit.SECONDS).until(() -> count(APP.deadLetters, TOPIC) == BAD.size()
                && count(APP.readings, TOPIC) == BAD.size());
        List<JsonNode> deadLetters = OutputFiles.lines(APP.deadLetters).stream()
                .filter(line -> line.get("topic").asText().equals(TOPIC)).toList();
        for (int i = 0; i < BAD.size(); i++) {
            JsonNode record = deadLetters.get(i);
            String reason = record.get("reason").asText();
            assertEquals(TOPIC, record.get("topic").asText());
            assertFalse(reason.isBlank() || reason.contains("\n"), "one-line reason: " + reason);
            assertEquals(BAD.get(i).length, record.get("size").asInt(), "size of payload " + i);
            byte[] kept = Base64.getDecoder().decode(record.get("payloadBase64").asText());
            assertTrue(kept.length <= 4096, "a bounded prefix is kept");
            assertTrue(Arrays.equals(kept, Arrays.copyOf(BAD.get(i), kept.length)), "the raw payload's prefix");
        }
        assertTrue(deadLetters.get(BAD.size() - 1).get("reason").asText().contains("larger than bridge.max-payload-bytes"));
        assertEquals("temperature is not a number", deadLetters.get(9).get("reason").asText());
    }

    @Test
    void should_keep_every_good_reading_in_a_burst_of_bad_ones_and_few_log_lines() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger("dead-letter")).addAppender(log);
        int each = 10_000;
        for (int i = 1; i <= each; i++) {
            publisher.publish("bad/burst", "{\"temperature\": oops " + i, 1);
            publisher.publish("bad/burst", "{\"sensor\":\"burst\",\"run\":\"r\",\"seq\":" + i + ",\"temperature\":1}", 1);
        }

        await().atMost(120, TimeUnit.SECONDS).until(() -> count(APP.readings, "bad/burst") == each
                && count(APP.deadLetters, "bad/burst") == each);
        assertTrue(log.list.size() <= 25, log.list.size() + " dead-letter log lines for " + each + " bad messages");
    }

    private static long count(Path dir, String topic) {
        return OutputFiles.lines(dir).stream().filter(line -> line.get("topic").asText().equals(topic)).count();
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        bytes[0] = (byte) 0xFF; // never valid JSON
        return bytes;
    }
}
