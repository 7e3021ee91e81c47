package io.sensorbridge;

import java.util.List;

import io.sensorbridge.faults.RunningMosquitto;
import io.sensorbridge.support.TestApplication;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.TestInstance;

/** {@link Mqtt5PublisherRestartContract} over {@code tcp://}. */
@CamelMainTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Mqtt5PublisherRestartTest extends Mqtt5PublisherRestartContract {

    private static final RunningMosquitto BROKER = mosquitto(List.of());
    private static final TestApplication APP = simulatorOn("alias-tcp", BROKER.url(), null);

    Mqtt5PublisherRestartTest() {
        super(BROKER, null);
    }

    @Override
    TestApplication app() {
        return APP;
    }
}
