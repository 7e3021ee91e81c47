package io.sensorbridge;

import io.sensorbridge.support.TestApplication;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.TestInstance;

/** The same application with routes.dsl=java: the routes in src/main/java/io/sensorbridge/routes. */
@CamelMainTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JavaRoutesTest extends RunningApplicationContract {

    private static final TestApplication APP = TestApplication.use("java").set("routes.dsl", "java");

    @Override
    TestApplication app() {
        return APP;
    }
}
