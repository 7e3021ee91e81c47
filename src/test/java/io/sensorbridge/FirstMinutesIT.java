package io.sensorbridge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.sensorbridge.support.FreePort;
import io.sensorbridge.support.JarProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A newcomer's first minutes with {@code bin/sensor-bridge}, as the README has them: the default run's first screen
 * is short and says where things are, Ctrl-C stops it within seconds and says so, help and a mistyped command answer
 * at once. Only the ports differ from the defaults (free ones, so that tests never compete for 1883 and 8080).
 */
class FirstMinutesIT {

    private static final int FIRST_SCREEN_LINES = 30;
    private static final long STOP_MILLIS = 5_000;

    @TempDir
    Path dir;

    @Test
    void should_show_a_short_first_screen_and_stop_within_seconds_of_ctrl_c() throws Exception {
        int brokerPort = FreePort.find();
        int httpPort = FreePort.find();
        try (JarProcess app = JarProcess.launch(dir, Map.of("BROKER_EMBEDDED_PORT", String.valueOf(brokerPort),
                "HTTP_PORT", String.valueOf(httpPort)))) {
            await().atMost(Duration.ofSeconds(90)).until(() -> app.output().contains("bridge - received message: {")
                                                                || !app.isAlive());
            // the first reading's line: the simulator's, or the bridge's if it comes first
            List<String> lines = app.output().lines().toList();
            List<String> firstScreen = lines.subList(0, lines.indexOf(lines.stream()
                    .filter(line -> line.contains("simulator - published: {") || line.contains("bridge - received"))
                    .findFirst().orElseThrow()));
            String screen = String.join("\n", firstScreen);
            System.out.printf("first screen: %d lines before the first reading%n%s%n", firstScreen.size(), screen);

            assertTrue(firstScreen.size() <= FIRST_SCREEN_LINES, firstScreen.size() + " lines:\n" + screen);
            for (String said : List.of(
                    "Readings go to " + dir.resolve("data/readings") + "/<topic>/<yyyy-MM-dd>.jsonl",
                    "Embedded MQTT broker listening on tcp://127.0.0.1:" + brokerPort,
                    "Live chart: http://127.0.0.1:" + httpPort + "/  health: http://127.0.0.1:" + httpPort
                    + "/observe/health  metrics: http://127.0.0.1:" + httpPort + "/observe/metrics",
                    "Subscribed to sensors/temperature (QoS 1 granted)")) {
                assertTrue(screen.contains(said), "the first screen says " + said + ":\n" + screen);
            }
            for (String noise : List.of("Auto-configuration summary", "Property-placeholders summary", "0.0.0.0",
                    "WARN", "ERROR", "\tat ")) {
                assertFalse(screen.contains(noise), "the first screen has no " + noise + ":\n" + screen);
            }

            long stopping = System.nanoTime();
            app.interrupt();
            int exit = app.awaitExit(30);
            long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping);
            System.out.println("Ctrl-C: the process ended " + stopMillis + " ms after SIGINT");

            assertEquals(130, exit, app.output());
            assertTrue(stopMillis < STOP_MILLIS, "stopped in " + stopMillis + " ms:\n" + app.output());
            String stop = app.output().substring(app.output().indexOf("Ctrl-C: stopping"));
            assertTrue(stop.contains("Embedded MQTT broker stopped"), stop);
            assertFalse(app.output().contains("SIGTERM"), "a Ctrl-C is not called SIGTERM:\n" + stop);
            assertFalse(stop.contains("WARN") || stop.contains("ERROR"), stop);
        }
    }

    @ParameterizedTest(name = "bin/sensor-bridge {0}")
    @CsvSource(delimiter = '|', textBlock = """
            --help        | 0 | sensor-bridge: an MQTT sensor simulator and an MQTT-to-files bridge
            help          | 0 | sensor-bridge: an MQTT sensor simulator and an MQTT-to-files bridge
            verify --help | 0 | usage: verify <directory
            replay --help | 0 | usage: replay <dir>
            frobnicate    | 2 | sensor-bridge: unknown command frobnicate
            --frobnicate  | 2 | sensor-bridge: unknown option --frobnicate
            """)
    void should_answer_help_and_mistakes_at_once(String args, int code, String first) throws Exception {
        try (JarProcess app = JarProcess.launch(dir, Map.of(), args.split(" "))) {
            int exit = app.awaitExit(30);

            assertEquals(code, exit, app.output());
            assertTrue(app.output().startsWith(first), app.output());
            if (code == 2) {
                assertEquals(1, app.output().lines().count(), "one line:\n" + app.output());
            }
        }
    }
}
