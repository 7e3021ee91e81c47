package io.sensorbridge;

import io.sensorbridge.support.TestApplication;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.TestInstance;

/** The application as shipped: routes from routes/*.camel.yaml. */
@CamelMainTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class YamlRoutesTest extends RunningApplicationContract {

    private static final TestApplication APP = TestApplication.use("yaml").set("routes.dsl", "yaml");

    @Override
    TestApplication app() {
        return APP;
    }
}
