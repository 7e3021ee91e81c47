package io.sensorbridge;

import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sensorbridge.mqtt.DurablePahoConsumer;
import io.sensorbridge.support.OutputFiles;
import io.sensorbridge.support.TestApplication;
import io.sensorbridge.support.TestMqttClient;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

import static org.awaitility.Awaitility.await;

/** A bridge that hears nothing for bridge.watchdog-seconds renews its connection, and then still bridges. */
@CamelMainTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatchdogTest extends BootedApplication {

    private static final TestApplication APP = TestApplication.use("watchdog")
            .set("simulator.enabled", "false")
            .set("bridge.watchdog-seconds", "2");

    @Override
    TestApplication app() {
        return APP;
    }

    @Test
    void should_renew_a_silent_connection_and_keep_bridging() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(DurablePahoConsumer.class)).addAppender(log);
        TestApplication.awaitBridgeSubscribed(context);

        await().atMost(30, TimeUnit.SECONDS).until(() -> log.list.stream()
                .anyMatch(event -> event.getFormattedMessage().contains("(watchdog)")));

        TestApplication.awaitBridgeSubscribed(context);
        try (TestMqttClient publisher = new TestMqttClient(APP.brokerUrl(), "watchdog-publisher", true)) {
            publisher.publish("sensors/temperature", "{\"temperature\": 9}", 1);
        }
        await().atMost(20, TimeUnit.SECONDS).until(() -> OutputFiles.lines(APP.readings).size() == 1);
    }
}
