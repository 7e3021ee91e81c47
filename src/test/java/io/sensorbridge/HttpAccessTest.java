package io.sensorbridge;

import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sensorbridge.support.HttpGet;
import io.sensorbridge.support.TestApplication;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * With http.username and http.password set, every path of the HTTP port (page, events, health, metrics) asks for
 * them: 401 without or with wrong ones, 200 with them; and the password is in no log line, from start-up on.
 */
@CamelMainTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpAccessTest extends BootedApplication {

    private static final String USER = "observer";
    private static final String PASSWORD = "s3cr3t-h77p-pa55";
    private static final ListAppender<ILoggingEvent> LOG = everyLogLine();
    private static final TestApplication APP = TestApplication.use("access")
            .set("simulator.enabled", "false")
            .set("http.username", USER)
            .set("http.password", PASSWORD);

    private static ListAppender<ILoggingEvent> everyLogLine() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(appender);
        return appender;
    }

    @Override
    TestApplication app() {
        return APP;
    }

    @Test
    void should_ask_every_request_for_the_password_and_never_log_it() {
        TestApplication.awaitBridgeSubscribed(context);
        for (String path : new String[] {"/", "/live/events", "/live.js", "/observe/health/ready", "/observe/metrics"}) {
            HttpResponse<String> anonymous = HttpGet.get(APP.http(path));
            assertEquals(401, anonymous.statusCode(), path);
            assertEquals("Basic realm=\"sensor-bridge\"", anonymous.headers().firstValue("www-authenticate").orElse(""));
            assertEquals(401, HttpGet.get(APP.http(path), USER, "wrong").statusCode(), path);
            assertEquals(401, HttpGet.get(APP.http(path), "someone", PASSWORD).statusCode(), path);
        }
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> HttpGet.get(APP.http("/observe/health/ready"), USER, PASSWORD).statusCode() == 200);
        assertEquals(200, HttpGet.get(APP.http("/observe/metrics"), USER, PASSWORD).statusCode());
        assertEquals(200, HttpGet.get(APP.http("/"), USER, PASSWORD).statusCode());

        for (ILoggingEvent line : LOG.list) {
            assertFalse(line.getFormattedMessage().contains(PASSWORD), "password logged: " + line);
        }
    }
}
