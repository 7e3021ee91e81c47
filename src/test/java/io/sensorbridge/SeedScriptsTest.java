package io.sensorbridge;

import io.sensorbridge.support.TestApplication;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.TestInstance;

/** The seed's scripts and the application meet at the embedded broker. */
@CamelMainTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeedScriptsTest extends SeedScriptsContract {

    private static final TestApplication APP = TestApplication.use("seed").set("simulator.period", "200");

    @Override
    TestApplication app() {
        return APP;
    }

    @Override
    int brokerPort() {
        return APP.port;
    }
}
