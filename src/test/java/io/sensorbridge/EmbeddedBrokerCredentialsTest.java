package io.sensorbridge;

import java.util.concurrent.TimeUnit;

import io.sensorbridge.support.MosquittoPub;
import io.sensorbridge.support.OutputFiles;
import io.sensorbridge.support.TestApplication;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With mqtt.username and mqtt.password set, the embedded broker asks every client for them: the simulator and the
 * bridge, which connect with them, still work; another client gets in only with the right pair.
 */
@CamelMainTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedBrokerCredentialsTest extends BootedApplication {

    private static final String USER = "sensor";
    private static final String PASSWORD = "embedded-s3cr3t";
    private static final String TOPIC = "credentials/temperature";
    private static final TestApplication APP = TestApplication.use("credentials")
            .set("mqtt.username", USER)
            .set("mqtt.password", PASSWORD)
            .set("sensor.topic", TOPIC);

    @Override
    TestApplication app() {
        return APP;
    }

    @Test
    void should_bridge_the_simulators_readings_with_the_same_credentials() {
        await().atMost(30, TimeUnit.SECONDS).until(() -> OutputFiles.lines(APP.readings).size() >= 3);
    }

    @Test
    void should_let_in_a_client_only_with_the_right_user_name_and_password() throws Exception {
        TestApplication.awaitBridgeSubscribed(context);
        String reading = "{\"temperature\": 21, \"sensor\": \"outside-client\"}";

        assertFalse(MosquittoPub.publish(APP.port, TOPIC, reading, 1), "anonymous");
        assertFalse(MosquittoPub.publish(APP.port, TOPIC, reading, 1, "-u", USER, "-P", "wrong"), "wrong password");
        assertFalse(MosquittoPub.publish(APP.port, TOPIC, reading, 1, "-u", "intruder", "-P", PASSWORD), "wrong user");
        assertTrue(MosquittoPub.publish(APP.port, TOPIC, reading, 1, "-u", USER, "-P", PASSWORD), "right pair");

        await().atMost(20, TimeUnit.SECONDS).until(() -> OutputFiles.lines(APP.readings).stream()
                .anyMatch(line -> line.at("/reading/sensor").asText().equals("outside-client")));
        assertEquals(1, OutputFiles.lines(APP.readings).stream()
                .filter(line -> line.at("/reading/sensor").asText().equals("outside-client")).count(),
                "only the client with the right pair got its reading through");
    }
}
