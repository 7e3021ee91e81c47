package io.sensorbridge;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sensorbridge.broker.EmbeddedBroker;
import io.sensorbridge.support.OutputFiles;
import io.sensorbridge.support.TestApplication;
import io.sensorbridge.support.TestMqttClient;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A graceful stop in the middle of a stream: every reading is either in the files or still queued for the bridge's
 * session at the broker (so the next start gets it), and the bridge has disconnected.
 */
@CamelMainTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GracefulStopTest extends BootedApplication {

    private static final int READINGS = 20_000;
    private static final String TOPIC = "stop/readings";
    private static final TestApplication APP = TestApplication.use("stop")
            .set("broker.embedded.enabled", "false")
            .set("simulator.enabled", "false")
            .set("bridge.topic", TOPIC)
            .set("bridge.log-level", "OFF");
    private static final EmbeddedBroker BROKER = APP.startOwnBroker();

    @AfterAll
    void stopBroker() {
        BROKER.stop();
    }

    @Override
    TestApplication app() {
        return APP;
    }

    @Test
    void should_leave_every_reading_written_or_queued_when_stopped_mid_stream() throws Exception {
        // Given a stream of readings the bridge is busy writing
        TestApplication.awaitBridgeSubscribed(context);
        try (TestMqttClient publisher = new TestMqttClient(APP.brokerUrl(), "stop-publisher", true)) {
            for (long seq = 1; seq <= READINGS; seq++) {
                publisher.publish(TOPIC, "{\"sensor\":\"s\",\"run\":\"r\",\"seq\":" + seq + ",\"temperature\":1}", 1);
            }
        }
        await().atMost(60, TimeUnit.SECONDS).until(() -> OutputFiles.lines(APP.readings).size() >= READINGS / 10);

        // When the application stops gracefully
        context.stop();

        // Then nobody is connected any more, and files plus what the broker still queues for the bridge are complete
        assertEquals(0, BROKER.connectedClients(), "clients still connected after stop");
        Set<Long> written = seqsIn(APP.readings);
        try (TestMqttClient sameSession = new TestMqttClient(APP.brokerUrl(), "bridge-stop", false)) {
            Set<Long> seen = new TreeSet<>(written);
            await().atMost(30, TimeUnit.SECONDS).until(() -> {
                for (String payload = sameSession.received().poll(); payload != null;
                     payload = sameSession.received().poll()) {
                    seen.add(new ObjectMapper().readTree(payload).get("seq").asLong());
                }
                return seen.size() == READINGS;
            });
        }
        System.out.printf("graceful stop: %d of %d readings written, the rest still queued%n", written.size(), READINGS);
    }

    private static Set<Long> seqsIn(Path dir) {
        return OutputFiles.lines(dir).stream()
                .map(line -> line.get("reading").get("seq").asLong())
                .collect(Collectors.toCollection(TreeSet::new));
    }

}
