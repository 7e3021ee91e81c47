package io.sensorbridge;

import java.time.Duration;

import io.sensorbridge.support.EarlierRun;
import io.sensorbridge.support.TestApplication;
import io.sensorbridge.support.TestMqttClient;
import io.sensorbridge.support.Webhook;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A forward added later with {@code forward.start=oldest}: it sends the readings written before it existed (a backfill
 * of a new target from the files), then what comes after, in order.
 */
@CamelMainTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForwardBackfillTest extends BootedApplication {

    private static final Webhook WEBHOOK = new Webhook().start();
    private static final TestApplication APP = TestApplication.use("forward-backfill")
            .set("simulator.enabled", "false")
            .set("bridge.topic", "backfill/#")
            .set("bridge.log-level", "OFF")
            .set("forward.http.url", WEBHOOK.url())
            .set("forward.start", "oldest");

    static {
        EarlierRun.wrote(APP.readings, "backfill/old");
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
    void should_send_what_was_written_before_it_existed_then_what_comes_after() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> WEBHOOK.acceptedWith("backfill/old").size() == 2);

        TestApplication.awaitBridgeSubscribed(context);
        try (TestMqttClient publisher = new TestMqttClient(APP.brokerUrl(), "backfill-publisher", true)) {
            publisher.publish("backfill/new", "{\"sensor\":\"b\",\"seq\":3,\"temperature\":3}", 1);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> WEBHOOK.acceptedWith("backfill/new").size() == 1);
        assertEquals(3, WEBHOOK.requests().size(), "each once: " + WEBHOOK.requests());
    }
}
