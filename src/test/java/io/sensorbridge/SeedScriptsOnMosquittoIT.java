package io.sensorbridge;

import io.sensorbridge.faults.RunningMosquitto;
import io.sensorbridge.support.TestApplication;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The seed's scripts and the application meet at a real Mosquitto, the embedded broker disabled: so our bridge and
 * simulator work against Mosquitto too, over MQTT 5 (set explicitly), while the seed's scripts speak MQTT 3.1.1.
 */
@CamelMainTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeedScriptsOnMosquittoIT extends SeedScriptsContract {

    private static final RunningMosquitto MOSQUITTO = start();
    private static final TestApplication APP = TestApplication.use("seed-mosquitto")
            .set("broker.embedded.enabled", "false")
            .set("mqtt.broker.url", MOSQUITTO.url())
            .set("mqtt.version", "5")
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

    @AfterAll
    void stopMosquitto() throws InterruptedException {
        // the application first, so it does not see its broker vanish and start reconnecting
        context.stop();
        MOSQUITTO.close();
    }
}
