package io.sensorbridge;

import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sensorbridge.support.TestApplication;
import io.sensorbridge.support.TestMqttClient;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

import static org.awaitility.Awaitility.await;

/** One summary line every bridge.log-summary-seconds for the person at the terminal, with what was written. */
@CamelMainTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SummaryLogTest extends BootedApplication {

    private static final ListAppender<ILoggingEvent> LOG = bridgeLines();
    private static final TestApplication APP = TestApplication.use("summary")
            .set("simulator.enabled", "false")
            .set("bridge.topic", "summary/#")
            .set("bridge.log-summary-seconds", "1");

    private static ListAppender<ILoggingEvent> bridgeLines() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger("bridge")).addAppender(appender);
        return appender;
    }

    @Override
    TestApplication app() {
        return APP;
    }

    @Test
    void should_log_what_was_written_and_dead_lettered_once_an_interval() throws Exception {
        TestApplication.awaitBridgeSubscribed(context);
        try (TestMqttClient publisher = new TestMqttClient(APP.brokerUrl(), "summary-publisher", true)) {
            for (int i = 0; i < 7; i++) {
                publisher.publish("summary/s", "{\"temperature\": " + i + "}", 1);
            }
            publisher.publish("summary/s", "broken", 1);
        }

        await().atMost(20, TimeUnit.SECONDS).until(() -> LOG.list.stream().map(ILoggingEvent::getFormattedMessage)
                .anyMatch(line -> line.matches("last 1 s: .*, 1 dead letters, 0 in flight.*; 7 written since start")));
    }
}
