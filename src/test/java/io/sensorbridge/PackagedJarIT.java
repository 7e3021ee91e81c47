package io.sensorbridge;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.sensorbridge.support.FreePort;
import io.sensorbridge.support.JarProcess;
import io.sensorbridge.support.OutputFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** target/sensor-bridge.jar run as a user runs it, configured from the environment. */
class PackagedJarIT {

    @TempDir
    Path dir;

    private Map<String, String> environment(int port) {
        return Map.of("SIMULATOR_PERIOD", "200",
                "BROKER_EMBEDDED_PORT", String.valueOf(port),
                "BRIDGE_OUTPUT_DIR", dir.resolve("from-env").toString(),
                "BRIDGE_LOG_LEVEL", "DEBUG");
    }

    @Test
    void should_write_readings_configured_from_the_environment_and_stop_cleanly_on_sigterm() throws Exception {
        try (JarProcess app = JarProcess.start(dir, environment(FreePort.find()))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !OutputFiles.lines(dir.resolve("from-env")).isEmpty());
            // measured, not asserted (bench/run measures start-up against its peers)
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - app.startedAt);
            System.out.println("start-up: first reading on disk " + millis + " ms after the process started");
            assertFalse(app.output().contains("received message"), "BRIDGE_LOG_LEVEL=DEBUG hides the lines");

            app.terminate();

            int exit = app.awaitExit(10);
            assertEquals(143, exit, "exit within 10 s of SIGTERM\n" + app.output());
            assertTrue(app.output().contains("SIGTERM: stopping"), app.output());
            assertTrue(app.output().contains("Embedded MQTT broker stopped"), app.output());
        }
    }

    @Test
    void should_refuse_to_start_in_one_line_when_the_broker_port_is_taken() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

            try (JarProcess app = JarProcess.start(dir, environment(taken.getLocalPort()))) {
                int exit = app.awaitExit(10);

                assertEquals(1, exit, app.output());
                String error = app.output().lines().filter(l -> l.contains("ERROR")).findFirst().orElse("");
                assertTrue(error.contains("broker.embedded.port") && error.contains("in use"), app.output());
                assertFalse(app.output().contains("\tat "), "no stack trace:\n" + app.output());
            }
        }
    }

    @Test
    void should_refuse_to_start_in_one_line_when_the_http_port_is_taken() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Map<String, String> env = new HashMap<>(environment(FreePort.find()));
            env.put("HTTP_PORT", String.valueOf(taken.getLocalPort()));

            try (JarProcess app = JarProcess.start(dir, env)) {
                int exit = app.awaitExit(10);

                assertEquals(1, exit, app.output());
                String error = app.output().lines().filter(l -> l.contains("ERROR")).findFirst().orElse("");
                assertTrue(error.contains("http.port") && error.contains("in use"), app.output());
                assertFalse(app.output().contains("\tat "), "no stack trace:\n" + app.output());
                assertFalse(app.output().contains("Embedded MQTT broker listening"), "nothing started:\n" + app.output());
            }
        }
    }

    @Test
    void should_send_the_webhook_token_in_a_header_and_never_log_it() throws Exception {
        String token = "s3cr3t-webhook-t0ken";
        Map<String, String> env = new HashMap<>(environment(FreePort.find()));
        // nobody listens there: the forward says so once and sends again, with back-off
        env.put("FORWARD_HTTP_URL", "http://127.0.0.1:" + FreePort.find() + "/hook");
        env.put("FORWARD_HTTP_TOKEN", token);
        env.put("FORWARD_RETRY_DELAY", "100");
        // Camel's summary of the properties it applied is off by default; with it on, the token must be masked
        env.put("CAMEL_MAIN_AUTO_CONFIGURATION_LOG_SUMMARY", "true");

        try (JarProcess app = JarProcess.start(dir, env)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> app.output().contains("Forward http: ")
                                                                || !app.isAlive());

            assertTrue(app.output().contains("forward.http.token = xxxxxx"), "masked in the summary:\n" + app.output());
            assertFalse(app.output().contains(token), "the token is in no log line:\n" + app.output());
        }
    }
}
