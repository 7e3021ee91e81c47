package io.sensorbridge;

import io.sensorbridge.support.TestApplication;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The same application with routes.dsl=java: the routes in src/main/java/io/sensorbridge/routes. */
@CamelMainTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JavaRoutesTest extends RunningApplicationContract {

    private static final TestApplication APP = TestApplication.use("java").set("routes.dsl", "java")
            .set("camel.main.source-location-enabled", "true");

    @Override
    TestApplication app() {
        return APP;
    }

    @Test
    void should_run_the_routes_written_in_java_dsl() {
        for (String id : new String[] {"simulator", "bridge", "dead-letter"}) {
            String source = context.getRoute(id).getSourceLocation();
            assertTrue(source != null && source.contains("Route"), id + " comes from " + source);
        }
    }
}
