package io.sensorbridge;

import java.nio.file.Files;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sensorbridge.support.EarlierRun;
import io.sensorbridge.support.HttpGet;
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
 * The HTTP forward as a user meets it: only {@code forward.http.url} set, on a folder that already holds readings
 * from an earlier run. A new forward starts at the end of the files (forward.start=end): what was there before is not
 * sent, what is written from then on is, one JSON object a request; its position is saved beside the files.
 */
@CamelMainTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForwardHttpDefaultsTest extends BootedApplication {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Webhook WEBHOOK = new Webhook().start();
    private static final TestApplication APP = TestApplication.use("forward-defaults")
            .set("simulator.enabled", "false")
            .set("bridge.topic", "defaults/#")
            .set("forward.http.url", WEBHOOK.url());

    static {
        EarlierRun.wrote(APP.readings, "defaults/old");
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
    void should_send_only_what_is_written_from_its_start_one_reading_a_request() throws Exception {
        TestApplication.awaitBridgeSubscribed(context);
        try (TestMqttClient publisher = new TestMqttClient(APP.brokerUrl(), "defaults-publisher", true)) {
            publisher.publish("defaults/new", "{\"sensor\":\"d\",\"seq\":1,\"temperature\":3}", 1);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> WEBHOOK.acceptedWith("defaults/new").size() == 1);
        JsonNode posted = JSON.readTree(WEBHOOK.acceptedWith("defaults/new").get(0));
        assertTrue(posted.isObject(), "one JSON object a request: " + posted);
        assertEquals(3, posted.get("reading").get("temperature").asInt());
        assertTrue(WEBHOOK.bodiesWith("defaults/old").isEmpty(), "what was in the files before is not sent");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(APP.readings.resolve(".positions/http.json")));
        String health = HttpGet.body(APP.http("/observe/health?exposureLevel=full&data=true"));
        assertTrue(health.contains("http.lag.readings"), "the forward's lag in the health details: " + health);
    }
}
