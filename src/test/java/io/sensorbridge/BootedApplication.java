package io.sensorbridge;

import io.sensorbridge.support.TestApplication;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;

/**
 * A test class that boots the real application once ({@code @CamelMainTest} with
 * {@code @TestInstance(PER_CLASS)} on the subclass) under its own {@link TestApplication} settings.
 */
abstract class BootedApplication {

    @BeanInject
    CamelContext context;

    abstract TestApplication app();

    @AfterAll
    void clearSettings() {
        app().clear();
    }
}
