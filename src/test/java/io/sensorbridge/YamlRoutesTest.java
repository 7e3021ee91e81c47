package io.sensorbridge;

import io.sensorbridge.support.TestApplication;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The application as shipped: routes from routes/*.camel.yaml. */
@CamelMainTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class YamlRoutesTest extends RunningApplicationContract {

    private static final TestApplication APP = TestApplication.use("yaml").set("routes.dsl", "yaml");

    @Override
    TestApplication app() {
        return APP;
    }

    @Test
    void should_run_the_routes_written_in_yaml() {
        for (String id : new String[] {"simulator", "bridge", "dead-letter"}) {
            String source = context.getRoute(id).getSourceLocation();
            assertTrue(source != null && source.contains(".camel.yaml"), id + " comes from " + source);
        }
    }
}
