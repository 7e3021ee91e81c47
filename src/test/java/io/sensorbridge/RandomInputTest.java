package io.sensorbridge;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.sensorbridge.support.FilesBelow;
import io.sensorbridge.support.OutputFiles;
import io.sensorbridge.support.TestApplication;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A seeded random mix of payloads and topics, good and hostile, thrown at the running bridge through the real
 * broker. Whatever they are: the bridge stays up, every message ends up either as a reading line or as a
 * dead-letter line (the counts add up exactly), and nothing is written outside the output folders.
 */
@CamelMainTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RandomInputTest extends BootedApplication {

    private static final int MESSAGES = 1_000;
    private static final long SEED = 20261125L;
    private static final TestApplication APP = TestApplication.use("random")
            .set("simulator.enabled", "false")
            .set("bridge.topic", "#")
            .set("bridge.log-level", "OFF");
    private static final String TOPIC_CHARS = "ab/./..%2e\\ CON😀é-_~*:?\"<>|";

    private final Random random = new Random(SEED);

    @Override
    TestApplication app() {
        return APP;
    }

    @Test
    void should_account_for_every_message_and_write_nothing_outside_the_output_folders() throws Exception {
        TestApplication.awaitBridgeSubscribed(context);
        MqttClient publisher = new MqttClient(APP.brokerUrl(), "random-publisher", new MemoryPersistence());
        publisher.connect(new MqttConnectionOptions());
        for (int i = 0; i < MESSAGES; i++) {
            String topic = topic();
            byte[] payload = payload();
            // a synchronous publish can return before Paho frees its in-flight slot ("too many publishes")
            await().atMost(10, TimeUnit.SECONDS).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                    .ignoreException(MqttException.class)
                    .until(() -> publish(publisher, topic, payload));
        }
        publisher.disconnect();
        publisher.close();

        await().atMost(90, TimeUnit.SECONDS).until(() -> OutputFiles.lines(APP.readings).size()
                + OutputFiles.lines(APP.deadLetters).size() >= MESSAGES);
        long readings = OutputFiles.lines(APP.readings).size();
        long deadLetters = OutputFiles.lines(APP.deadLetters).size();
        System.out.printf("random input (seed %d): %d readings, %d dead letters%n", SEED, readings, deadLetters);
        assertEquals(MESSAGES, readings + deadLetters, "each message exactly once");
        assertTrue(readings > 0 && deadLetters > 0, "the mix has both kinds");
        assertEquals(List.of(), FilesBelow.outside(APP.dir, APP.readings, APP.deadLetters, APP.dir.resolve("broker")));
        assertTrue(TestApplication.bridgeSubscribed(context), "the bridge is still consuming");
    }

    private static boolean publish(MqttClient publisher, String topic, byte[] payload) throws MqttException {
        publisher.publish(topic, payload, 1, false);
        return true;
    }

    private String topic() {
        StringBuilder topic = new StringBuilder("fuzz/");
        int length = 1 + random.nextInt(random.nextInt(10) == 0 ? 3000 : 30);
        for (int i = 0; i < length; i++) {
            topic.appendCodePoint(TOPIC_CHARS.codePointAt(TOPIC_CHARS.offsetByCodePoints(0,
                    random.nextInt(TOPIC_CHARS.codePointCount(0, TOPIC_CHARS.length())))));
        }
        return topic.toString();
    }

    private byte[] payload() {
        String reading = "{\"sensor\":\"r\",\"seq\":" + (1 + random.nextInt(1000)) + ",\"temperature\":"
                         + (random.nextInt(101) - 50) + (random.nextBoolean() ? ".5" : "") + "}";
        return switch (random.nextInt(10)) {
            case 0, 1, 2 -> utf8(reading);
            case 3 -> utf8("{\"temperature\": " + random.nextInt(60) + "}");
            case 4 -> utf8(reading.substring(0, random.nextInt(reading.length())));
            case 5 -> bytes(random.nextInt(2000));
            case 6 -> utf8(List.of("[]", "null", "7", "\"t\"", "{}", "{\"temperature\":\"hot\"}",
                    "{\"temperature\":[1]}", "{\"temperature\":1e999}").get(random.nextInt(8)));
            case 7 -> random.nextInt(20) == 0 ? bytes(300 * 1024) : new byte[0];
            case 8 -> utf8(reading.replace("\"r\"", "\"" + "é😀\\u0000\\n".repeat(random.nextInt(5)) + "\""));
            default -> utf8(reading.replace("}", ",\"extra\":{\"nested\":[1,2,{\"x\":null}]}}"));
        };
    }

    private byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
