package io.sensorbridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.sensorbridge.support.OutputFiles;
import io.sensorbridge.support.TestApplication;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed's own Python scripts (Debian's python3-paho-mqtt) against the running application: its publisher's
 * readings end up in our files, and its subscriber prints our simulator's readings. The subclasses run it through
 * the embedded broker and through a real Mosquitto.
 */
abstract class SeedScriptsContract extends BootedApplication {

    private static final Path SEED = Path.of("src/test/resources/seed");

    /** The port of the broker the application and the scripts meet at. */
    abstract int brokerPort();

    @Test
    void should_write_the_readings_of_the_seed_publisher() throws Exception {
        TestApplication.awaitBridgeSubscribed(context);
        Process publisher = python("publisher.py", 3);

        assertTrue(publisher.waitFor(30, TimeUnit.SECONDS), "the seed publisher ends after 3 readings");
        assertEquals(0, publisher.exitValue(), output(publisher));
        await().atMost(20, TimeUnit.SECONDS).until(() -> OutputFiles.lines(app().readings).stream()
                .filter(line -> line.get("reading").size() == 1 && line.get("reading").has("temperature"))
                .count() == 3);
    }

    @Test
    void should_let_the_seed_subscriber_print_the_simulator_readings() throws Exception {
        Process subscriber = python("subscriber.py", 3);

        assertTrue(subscriber.waitFor(30, TimeUnit.SECONDS), "the seed subscriber ends after 3 messages");
        List<String> received = output(subscriber).lines().filter(l -> l.startsWith("received message:")).toList();
        assertEquals(3, received.size(), output(subscriber));
        assertTrue(received.get(0).contains("'temperature'") && received.get(0).contains("'seq'"), received.get(0));
    }

    private Process python(String script, int count) throws IOException {
        return new ProcessBuilder("/usr/bin/python3", SEED.resolve(script).toString(), "127.0.0.1",
                String.valueOf(brokerPort()), String.valueOf(count))
                .redirectErrorStream(true)
                .start();
    }

    private static String output(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
