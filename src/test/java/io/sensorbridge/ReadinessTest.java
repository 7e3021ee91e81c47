package io.sensorbridge;

import java.util.concurrent.TimeUnit;

import io.sensorbridge.broker.EmbeddedBroker;
import io.sensorbridge.support.HttpGet;
import io.sensorbridge.support.PrometheusText;
import io.sensorbridge.support.TestApplication;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Readiness tells the truth about MQTT: the broker goes away and {@code /observe/health/ready} answers 503 within
 * seconds, naming the check, while {@code /observe/health/live} stays 200 (a restart would not bring the broker
 * back); once the broker is back, ready is 200 again and the connection counters show the loss.
 */
@CamelMainTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadinessTest extends BootedApplication {

    private static final TestApplication APP = TestApplication.use("ready")
            .set("broker.embedded.enabled", "false")
            .set("simulator.enabled", "false")
            .set("bridge.log-level", "OFF");
    private static EmbeddedBroker broker = APP.startOwnBroker();

    @Override
    TestApplication app() {
        return APP;
    }

    @AfterAll
    void stopBroker() {
        broker.stop();
    }

    @Test
    void should_answer_503_while_the_broker_is_away_and_200_once_it_is_back() {
        String ready = APP.http("/observe/health/ready");
        String live = APP.http("/observe/health/live");
        await().atMost(30, TimeUnit.SECONDS).until(() -> HttpGet.status(ready) == 200);

        broker.stop();

        await().atMost(10, TimeUnit.SECONDS).until(() -> HttpGet.status(ready) == 503);
        String full = HttpGet.body(APP.http("/observe/health?exposureLevel=full"));
        assertTrue(full.contains("{\"name\":\"mqtt-subscribed\",\"status\":\"DOWN\""), full);
        assertEquals(200, HttpGet.status(live), "alive: a restart would not bring the broker back");
        PrometheusText away = PrometheusText.parse(HttpGet.body(APP.http("/observe/metrics")));
        assertEquals(0, away.value("sensorbridge_mqtt_connected"));
        assertEquals(0, away.value("sensorbridge_mqtt_subscribed"));

        broker = APP.startOwnBroker();

        await().atMost(30, TimeUnit.SECONDS).until(() -> HttpGet.status(ready) == 200);
        PrometheusText back = PrometheusText.parse(HttpGet.body(APP.http("/observe/metrics")));
        assertEquals(1, back.value("sensorbridge_mqtt_connected"));
        assertTrue(back.value("sensorbridge_mqtt_connections_total") >= 2, "connected twice");
    }
}
