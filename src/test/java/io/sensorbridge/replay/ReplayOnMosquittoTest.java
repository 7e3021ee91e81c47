package io.sensorbridge.replay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.sensorbridge.faults.RunningMosquitto;
import io.sensorbridge.support.MosquittoSub;
import io.sensorbridge.support.OutputFiles;
import io.sensorbridge.support.TestApplication;
import io.sensorbridge.support.TestMqttClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code replay} to a real Mosquitto, the forward routes running in this JVM: the recorded pace kept without drift
 * ({@code --speed 1}), none at all ({@code --speed max}, through queues of 5 that push back instead of
 * dead-lettering), a long silence cut to {@code --max-gap}, and {@code --qos 0 --retain}. Gaps are compared as
 * ratios, so a busy machine does not fail them: a send is never early, and a late one does not delay the next.
 */
class ReplayOnMosquittoTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final double LEAST_RATIO = 0.75;
    private static final double MOST_RATIO = 1.5;

    private static RunningMosquitto broker;

    @TempDir
    Path dir;

    private TestApplication app;
    private String prefix;
    private TestMqttClient subscriber;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = RunningMosquitto.start();
    }

    @AfterAll
    static void stopBroker() throws InterruptedException {
        broker.close();
    }

    @BeforeEach
    void subscribe(TestInfo test) throws Exception {
        app = TestApplication.use("replay-mosquitto");
        app.set("forward.deadletter.dir", app.dir.resolve("dead-letters").toString());
        prefix = "replay/" + test.getTestMethod().orElseThrow().getName() + "/";
        subscriber = new TestMqttClient(broker.url(), "replay-subscriber", true).subscribe(prefix + "#", 1);
    }

    @AfterEach
    void unsubscribe() throws Exception {
        subscriber.close();
        app.clear();
    }

    @Test
    void should_keep_the_recorded_gaps_at_speed_1() throws Exception {
        record(0, 1_000, 1_500, 3_000);

        List<String> out = replay("--speed", "1");

        assertTrue(out.get(out.size() - 1).endsWith(": OK"), String.join("\n", out));
        await().atMost(Duration.ofSeconds(10)).until(() -> subscriber.received().size() == 4);
        assertGaps(List.of(1_000L, 500L, 1_500L));
    }

    @Test
    void should_cut_a_long_silence_to_max_gap() throws Exception {
        long night = Duration.ofHours(8).toMillis();
        record(0, 500, night, night + 500);

        List<String> out = replay("--speed", "1", "--max-gap", "1s");

        assertTrue(out.get(out.size() - 1).endsWith(": OK"), String.join("\n", out));
        await().atMost(Duration.ofSeconds(10)).until(() -> subscriber.received().size() == 4);
        assertGaps(List.of(500L, 1_000L, 500L));
    }

    @Test
    void should_send_as_fast_as_the_target_takes_at_speed_max_waiting_for_it_instead_of_dead_lettering()
            throws Exception {
        // Given two hours of readings, 2,000 of them, 3.6 s apart, their payloads spaced and spelt as sent
        long[] times = new long[2_000];
        for (int i = 0; i < times.length; i++) {
            times[i] = i * 3_600L;
        }
        List<String> payloads = record(times);

        // When they are replayed at full speed through forward queues of 5
        long started = System.nanoTime();
        List<String> out = replay("--speed", "max");
        long took = System.nanoTime() - started;

        // Then all arrive in order, byte for byte, far faster than recorded, and none waited in a dead-letter file
        // (sent means the broker acknowledged them: its delivery to the subscriber may still be under way)
        await().atMost(Duration.ofSeconds(20)).until(() -> subscriber.received().size() >= payloads.size());
        assertEquals(payloads, new ArrayList<>(subscriber.received()), "each once, in order, as written");
        assertTrue(took < Duration.ofHours(2).toNanos() / 100, "not paced: " + took / 1_000_000 + " ms");
        assertTrue(out.get(out.size() - 1).startsWith("replay: 2000 readings sent to mqtt " + broker.url() + " as "
                                                      + prefix + "<topic> (QoS 1), 0 dead-lettered"),
                String.join("\n", out));
        assertTrue(OutputFiles.files(app.dir.resolve("dead-letters")).isEmpty(), "no dead letters");
    }

    @Test
    void should_publish_at_qos_0_and_retained_when_asked() throws Exception {
        record(0, 10);

        List<String> out = replay("--speed", "max", "--qos", "0", "--retain");

        assertTrue(out.get(out.size() - 1).contains("(QoS 0, retained)"), String.join("\n", out));
        // a subscriber that comes later gets the last one, kept by the broker, at QoS 0
        try (MosquittoSub later = MosquittoSub.start(broker.port(), prefix + "#", 1, 1)) {
            List<MosquittoSub.Message> retained = later.messages();
            assertEquals(1, retained.size(), later.output());
            assertTrue(retained.get(0).retained());
            assertEquals(0, retained.get(0).qos());
            assertEquals(prefix + "sensors/paced", retained.get(0).topic());
            assertEquals(payload(2), retained.get(0).payload());
        }
    }

    @Test
    void should_publish_to_the_original_topics_with_an_empty_topic_prefix() throws Exception {
        List<String> payloads = record(0, 10);
        try (TestMqttClient original = new TestMqttClient(broker.url(), "replay-original", true)
                .subscribe("sensors/paced", 1)) {

            List<String> out = replayWithPrefix("", "--speed", "max");

            assertTrue(out.get(out.size() - 1).contains("as the original topics"), String.join("\n", out));
            await().atMost(Duration.ofSeconds(10)).until(() -> original.received().size() == 2);
            assertEquals(payloads, new ArrayList<>(original.received()));
        }
    }

    /** Readings of one sensor at these offsets from T0, in one day file; returns their payloads. */
    private List<String> record(long... offsetsMillis) throws IOException {
        Path file = Files.createDirectories(dir.resolve("readings/sensors/paced")).resolve("2026-11-25.jsonl");
        List<String> payloads = new ArrayList<>();
        try (Writer out = Files.newBufferedWriter(file)) {
            for (int i = 0; i < offsetsMillis.length; i++) {
                payloads.add(payload(i + 1));
                out.write("{\"topic\":\"sensors/paced\",\"receivedAt\":\"" + T0.plusMillis(offsetsMillis[i])
                          + "\",\"reading\":" + payload(i + 1) + "}\n");
            }
        }
        return payloads;
    }

    private static String payload(int seq) {
        return "{\"sensor\":\"paced\", \"seq\":" + seq + ",\"temperature\":21.50,\"note\":\"k\u00fcche\"}";
    }

    private List<String> replay(String... options) {
        return replayWithPrefix(prefix, options);
    }

    private List<String> replayWithPrefix(String topicPrefix, String... options) {
        List<String> args = new ArrayList<>(List.of(dir.resolve("readings").toString(), "--mqtt", broker.url(),
                "--topic-prefix", topicPrefix, "--client-id", "replay-test"));
        args.addAll(List.of(options));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code = ReplayCommand.run(args, new PrintStream(printed, true, StandardCharsets.UTF_8));
        List<String> out = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, code, String.join("\n", out));
        return out;
    }

    /** The gaps between arrivals, each within a ratio of the one expected. */
    private void assertGaps(List<Long> expectedMillis) {
        List<Long> arrivals = subscriber.arrivalNanos();
        for (int i = 0; i < expectedMillis.size(); i++) {
            double measured = (arrivals.get(i + 1) - arrivals.get(i)) / 1e6;
            double ratio = measured / expectedMillis.get(i);
            assertTrue(ratio >= LEAST_RATIO && ratio <= MOST_RATIO, "gap " + (i + 1) + ": " + measured
                       + " ms for " + expectedMillis.get(i) + " ms recorded");
        }
    }
}
