package io.sensorbridge;

import io.sensorbridge.faults.RunningMosquitto;
import io.sensorbridge.support.TestApplication;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The seed's scripts and the application meet at a real Mosquitto, the embedded broker disabled: so our bridge and
 * simulator work against Mosquitto too, over the run's MQTT version, while the seed's scripts speak MQTT 3.1.1.
 */
@CamelMainTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeedScriptsOnMosquittoIT extends SeedScriptsContract {

    private static final RunningMosquitto MOSQUITTO = start();
    private static final TestApplication APP = TestApplication.use("seed-mosquitto")
            .set("broker.embedded.enabled", "false")
            .set("mqtt.broker.url", MOSQUITTO.url())
            .set("simulator.period", "200");

    private static RunningMosquitto start() {
        try {
            return RunningMosquitto.start();
        } catch (Exception e) {
            throw new IllegalStateException("Mosquitto did not start", e);
        }
    }

    @Override
    TestApplication app() {
        return APP;
    }

    @Override
    int brokerPort() {
        return MOSQUITTO.port();
    }

    @Test
    void should_connect_with_the_mqtt_version_set() {
        TestApplication.awaitBridgeSubscribed(context);
        // Mosquitto's log names the protocol: p2 is MQTT 3.1.1, p5 is MQTT 5
        String protocol = TestApplication.mqttVersion().equals("5") ? "p5" : "p2";
        String bridge = "as " + APP.settings("mqtt.client-id") + " (" + protocol + ",";
        assertEquals(1, MOSQUITTO.logLines(bridge), "Mosquitto's log has the bridge connected " + bridge);
        assertEquals(1, MOSQUITTO.logLines("as " + APP.settings("simulator.client-id") + " (" + protocol + ","),
                "and the simulator, with " + protocol);
    }

    @AfterAll
    void stopMosquitto() throws InterruptedException {
        // the application first, so it does not see its broker vanish and start reconnecting
        context.stop();
        MOSQUITTO.close();
    }
}
