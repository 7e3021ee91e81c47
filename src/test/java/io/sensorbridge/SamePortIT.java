package io.sensorbridge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.sensorbridge.support.FreePort;
import io.sensorbridge.support.JarProcess;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Two bridges started at the same moment on one machine with the same port: both pass the free-port check before
 * either listens, so the loser finds out when its own server cannot bind. It must stop in one line naming the key,
 * without a stack trace and before any of its MQTT clients connects (to the winner's broker, where it would push the
 * winner's clients of the same ids off); the winner runs on.
 */
class SamePortIT {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "both on the same {0}")
    @CsvSource({"HTTP_PORT, http.port", "BROKER_EMBEDDED_PORT, broker.embedded.port"})
    void should_stop_the_one_that_loses_the_port_in_one_line(String variable, String key) throws Exception {
        int shared = FreePort.find();
        try (JarProcess first = JarProcess.start(dir.resolve("first"), environment(variable, shared));
             JarProcess second = JarProcess.start(dir.resolve("second"), environment(variable, shared))) {
            await().atMost(Duration.ofSeconds(90)).until(() -> !first.isAlive() || !second.isAlive());
            JarProcess loser = first.isAlive() ? second : first;
            JarProcess winner = loser == first ? second : first;
            String lost = loser.output();
            System.out.printf("the loser of %s:%n%s%n", key, lost);

            assertEquals(1, loser.awaitExit(10), lost);
            List<String> errors = lost.lines().filter(line -> line.contains("ERROR")).toList();
            assertEquals(1, errors.size(), lost);
            assertTrue(errors.get(0).contains("Bad configuration: " + key + " must be a free TCP port: 127.0.0.1:"
                                              + shared + " is in use"), lost);
            assertFalse(lost.contains("\tat "), "no stack trace:\n" + lost);
            assertFalse(lost.contains("WARN"), lost);
            assertFalse(lost.contains("Connected to"), "no MQTT client of the loser connected:\n" + lost);
            await().atMost(Duration.ofSeconds(90)).until(() -> winner.output().contains("received message"));
            assertTrue(winner.isAlive(), winner.output());
            assertFalse(winner.output().contains("Lost connection"), "the winner's clients stayed on:\n"
                                                                     + winner.output());
        }
    }

    /** The defaults (client ids too) in a folder of its own; ports of its own but for the shared one. */
    private static Map<String, String> environment(String variable, int shared) {
        return Map.of("BROKER_EMBEDDED_PORT", String.valueOf(variable.equals("BROKER_EMBEDDED_PORT") ? shared
                        : FreePort.find()),
                "HTTP_PORT", String.valueOf(variable.equals("HTTP_PORT") ? shared : FreePort.find()),
                "SIMULATOR_PERIOD", "200");
    }
}
