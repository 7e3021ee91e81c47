package io.sensorbridge.files;

import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One log line when a forward falls more than a minute behind, one when it has caught up; none per update. */
class ForwardLagTest {

    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ForwardLag.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void listen() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(lines);
    }

    @Test
    void should_say_once_when_a_forward_falls_behind_and_once_when_it_has_caught_up() {
        ForwardLag lag = new ForwardLag("http", meters);

        lag.update("http", 10, 1_000, 5_000);
        lag.update("http", 500, 50_000, 61_000);
        lag.update("http", 900, 90_000, 120_000);
        lag.update("http", 10, 1_000, 2_000);
        lag.update("http", 0, 0, 0);
        lag.update("http", 0, 0, 0);

        assertEquals(List.of("Forward http is more than a minute behind: 500 reading(s) wait, the oldest sent 61 s ago"
                             + " and not acknowledged yet", "Forward http has caught up"),
                lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
        assertEquals(0.0, meters.find("sensorbridge.forward.lag.readings").gauge().value());
    }
}
