package io.sensorbridge;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.camel.LoggingLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogRateLimitTest {

    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final Logger logger = (Logger) LoggerFactory.getLogger("rate-limit-test");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

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
    void should_let_through_the_first_lines_of_each_second_and_say_how_many_it_held_back() {
        LogRateLimit limit = new LogRateLimit("rate-limit-test", LoggingLevel.INFO, 3, now::get);

        assertEquals(List.of(true, true, true, false, false, false, false, false, false, false), passes(limit, 10));
        assertEquals(List.of(), messages());
        now.addAndGet(999_000_000L);
        assertEquals(List.of(false), passes(limit, 1));
        now.addAndGet(1_000_000L);
        assertEquals(List.of(true, true, true, false), passes(limit, 4));
        assertEquals(List.of("8 more message(s) not logged in the last second (bridge.log-max-per-second=3)"),
                messages());
        now.addAndGet(1_000_000_000L);
        assertEquals(List.of(true), passes(limit, 1));
        assertEquals(2, messages().size());
    }

    @Test
    void should_let_all_through_with_no_limit_and_none_when_the_level_is_off() {
        assertEquals(20, passes(new LogRateLimit("rate-limit-test", LoggingLevel.INFO, 0, now::get), 20).stream()
                .filter(b -> b).count());
        assertEquals(0, passes(new LogRateLimit("rate-limit-test", LoggingLevel.OFF, 5, now::get), 20).stream()
                .filter(b -> b).count());
        assertEquals(List.of(), messages());
    }

    private static List<Boolean> passes(LogRateLimit limit, int calls) {
        return IntStream.range(0, calls).mapToObj(i -> limit.matches(null)).toList();
    }

    private List<String> messages() {
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
