package io.sensorbridge;

import java.util.concurrent.TimeUnit;

import io.sensorbridge.support.MosquittoPub;
import io.sensorbridge.support.OutputFiles;
import io.sensorbridge.support.TestApplication;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Credentials with broker.embedded.allow-anonymous=true: a client that gives no user name gets in, as with
 * Mosquitto's allow_anonymous and a password file; one that gives a wrong password is still refused.
 */
@CamelMainTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedBrokerAllowAnonymousTest extends BootedApplication {

    private static final String TOPIC = "anonymous/temperature";
    private static final TestApplication APP = TestApplication.use("allow-anonymous")
            .set("mqtt.username", "sensor")
            .set("mqtt.password", "embedded-s3cr3t")
            .set("broker.embedded.allow-anonymous", "true")
            .set("simulator.enabled", "false")
            .set("sensor.topic", TOPIC);

    @Override
    TestApplication app() {
        return APP;
    }

    @Test
    void should_let_in_a_client_without_user_name_but_not_one_with_a_wrong_password() throws Exception {
        TestApplication.awaitBridgeSubscribed(context);

        assertFalse(MosquittoPub.publish(APP.port, TOPIC, "{\"temperature\": 1, \"sensor\": \"wrong\"}", 1,
                "-u", "sensor", "-P", "wrong"), "wrong password");
        assertTrue(MosquittoPub.publish(APP.port, TOPIC, "{\"temperature\": 2, \"sensor\": \"anonymous\"}", 1),
                "no user name");

        await().atMost(20, TimeUnit.SECONDS).until(() -> OutputFiles.lines(APP.readings).stream()
                .anyMatch(line -> line.at("/reading/sensor").asText().equals("anonymous")));
        assertTrue(OutputFiles.lines(APP.readings).stream()
                .noneMatch(line -> line.at("/reading/sensor").asText().equals("wrong")), "the refused one is not there");
    }
}
