package io.sensorbridge.faults;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.sensorbridge.support.JarProcess;
import io.sensorbridge.support.OutputFiles;
import io.sensorbridge.support.TestMqttClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code replay} as a user runs it ({@code java -jar sensor-bridge.jar replay}), on files the real bridge wrote from
 * N sequenced readings: to a real Mosquitto (the target) where a subscriber and a second bridge receive them. Every
 * reading arrives once, in receivedAt order, byte for byte, under the prefix, and verify finds none missing in the
 * second bridge's files; also when the target restarts mid-replay (QoS 1: duplicates, counted by verify, but no
 * gap), and when the replay is stopped with SIGTERM and resumed with the --from its summary gives. A progress line on
 * a terminal, none otherwise; a bad option is one line.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayIT {

    private static final int N = 2_000;
    private static final String RUN = "replay";
    private static final Duration REPLAY_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern RESUME = Pattern.compile("resume with --from (\\S+)\\)");

    @TempDir
    static Path dir;

    private Path recorded;
    private MosquittoBroker target;
    private BridgeProcess receiving;

    /** The real bridge writes N readings of one run; a target broker and a second bridge to receive the replays. */
    @BeforeAll
    void recordAndStartTheTarget() throws Exception {
        try (FaultRig recording = new FaultRig(dir.resolve("recording"), RUN, Map.of())) {
            recording.start();
            recording.publishBacklog(N);
            recording.awaitAllWritten(Duration.ofSeconds(60));
            recorded = recording.bridge().readings();
        }
        target = new MosquittoBroker(dir.resolve("target"));
        target.start();
        receiving = new BridgeProcess(dir.resolve("receiving"), target.url(), "replay/#", Map.of());
        receiving.start();
    }

    @AfterAll
    void stopTheTarget() throws Exception {
        try (MosquittoBroker t = target; BridgeProcess r = receiving) {
            // both are stopped, also when stopping one of them fails
        }
    }

    @Test
    void should_send_every_reading_once_in_received_order_byte_for_byte_under_the_prefix() throws Exception {
        try (TestMqttClient subscriber = new TestMqttClient(target.url(), "replay-subscriber", true)) {
            subscriber.subscribe("replay/faults/#", 1);

            // an exported FORWARD_MQTT_URL and prefix do not beat the command's options (the default prefix here)
            String summary = replay("all", Map.of("FORWARD_MQTT_URL", "tcp://127.0.0.1:1",
                    "FORWARD_MQTT_TOPIC_PREFIX", "elsewhere/"), "--mqtt", target.url(), "--speed", "max");

            assertTrue(summary.startsWith("replay: " + N + " readings sent to mqtt " + target.url()
                                          + " as replay/<topic> (QoS 1), 0 dead-lettered, 0 unreadable lines skipped"),
                    summary);
            assertTrue(summary.endsWith(": OK"), summary);
            await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.received().size() >= N);
            assertEquals(recordedPayloadsInReceivedOrder(), new ArrayList<>(subscriber.received()),
                    "each once, in receivedAt order, byte for byte");
        }
        assertNoneMissing(receiving.readings().resolve("replay/faults"));
    }

    @Test
    void should_lose_nothing_when_the_target_broker_restarts_mid_replay() throws Exception {
        WrittenReadings received = new WrittenReadings(receiving.readings().resolve("replay/restart"), RUN);
        try (JarProcess replay = startReplay("restart", "--speed", "0.1")) {
            await().atMost(REPLAY_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> received.lines() >= N / 4);

            target.stop();
            target.start();

            assertEquals(0, replay.awaitExit(REPLAY_TIMEOUT.toSeconds()), replay.output());
            String summary = lastLine(replay.output());
            assertTrue(summary.startsWith("replay: " + N + " readings sent") && summary.endsWith(": OK"), summary);
        }
        assertNoneMissing(receiving.readings().resolve("replay/restart"));
    }

    @Test
    void should_stop_on_sigterm_saying_where_to_resume_and_resume_from_there() throws Exception {
        WrittenReadings received = new WrittenReadings(receiving.readings().resolve("replay/resumed"), RUN);
        String stopped;
        try (JarProcess replay = startReplay("resumed", "--speed", "0.05")) {
            await().atMost(REPLAY_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> received.lines() >= N / 4);

            replay.terminate();

            assertEquals(1, replay.awaitExit(60), "stopped before the end: " + replay.output());
            stopped = lastLine(replay.output());
        }
        assertTrue(stopped.startsWith("replay: stopped: ") && stopped.endsWith(": STOPPED"), stopped);
        Matcher resume = RESUME.matcher(stopped);
        assertTrue(resume.find(), stopped);
        assertTrue(received.distinctSeqs() < N, "stopped before the end");

        String summary = replay("resumed-rest", Map.of(), "--mqtt", target.url(), "--topic-prefix", "replay/resumed/",
                "--from", resume.group(1), "--speed", "max");

        assertTrue(summary.endsWith(": OK"), summary);
        assertNoneMissing(receiving.readings().resolve("replay/resumed"));
    }

    @Test
    void should_loop_until_stopped_and_end_with_exit_0() throws Exception {
        try (TestMqttClient subscriber = new TestMqttClient(target.url(), "loop-subscriber", true)
                .subscribe("replay/loop/#", 1);
             JarProcess replay = startReplay("loop", "--speed", "max", "--loop")) {
            await().atMost(REPLAY_TIMEOUT).until(() -> subscriber.received().size() > 2 * N);
            replay.terminate();

            assertEquals(0, replay.awaitExit(60), "Ctrl-C is how a loop ends: " + replay.output());
            String summary = lastLine(replay.output());
            assertTrue(summary.startsWith("replay: stopped: ") && summary.endsWith(": STOPPED"), summary);
            Matcher passes = Pattern.compile(" in (\\d+) passes, ").matcher(summary);
            assertTrue(passes.find() && Integer.parseInt(passes.group(1)) >= 3, "a third pass had begun: " + summary);
        }
    }

    @Test
    void should_show_its_progress_on_a_terminal() throws Exception {
        Path output = dir.resolve("progress.out");
        String command = "java -jar " + JarProcess.JAR + " replay " + recorded + " --mqtt " + target.url()
                         + " --topic-prefix replay/progress/ --client-id replay-progress --speed 0.5";
        // a real pseudo-terminal, made by util-linux's script
        Process replay = new ProcessBuilder("script", "--quiet", "--return", "--command", command, "/dev/null")
                .redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();

        assertTrue(replay.waitFor(REPLAY_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "ends by itself");
        String shown = Files.readString(output);
        assertEquals(0, replay.exitValue(), shown);
        assertTrue(Pattern.compile("\rreplay: [0-9,]+ sent, [0-9,]+/s, at 20").matcher(shown).find(), shown);
        assertTrue(Pattern.compile("\r +\rreplay: " + N + " readings sent").matcher(shown).find(),
                "the line is erased before the summary: " + shown);
    }

    @Test
    void should_refuse_a_bad_option_in_one_line_with_exit_2() throws Exception {
        try (JarProcess replay = JarProcess.start(dir.resolve("bad"), Map.of(), "replay", recorded.toString(),
                "--speed", "fast")) {
            assertEquals(2, replay.awaitExit(30));
            assertEquals(List.of("replay: --speed must be a factor above 0 (1 = the original pace, 60 = an hour a"
                                 + " minute) or max, not 'fast'"), replay.output().lines().toList());
        }
    }

    /** Replays the recording to the target under replay/{@code name}/, paced as asked; does not wait. */
    private JarProcess startReplay(String name, String... options) {
        List<String> args = new ArrayList<>(List.of("replay", recorded.toString(), "--mqtt", target.url(),
                "--topic-prefix", "replay/" + name + "/", "--client-id", "replay-" + name));
        args.addAll(List.of(options));
        return JarProcess.start(dir.resolve(name), Map.of("FORWARD_DEADLETTER_DIR",
                dir.resolve(name + "/forward-dead-letter").toString()), args.toArray(String[]::new));
    }

    /** Runs a replay of the recording to its end; returns its summary line. */
    private String replay(String name, Map<String, String> env, String... options) throws InterruptedException {
        List<String> args = new ArrayList<>(List.of("replay", recorded.toString(), "--client-id", "replay-" + name));
        args.addAll(List.of(options));
        try (JarProcess replay = JarProcess.start(dir.resolve(name), env, args.toArray(String[]::new))) {
            int code = replay.awaitExit(REPLAY_TIMEOUT.toSeconds());
            assertEquals(0, code, replay.output());
            assertFalse(replay.output().contains("\r"), "no progress line when the output is not a terminal");
            return lastLine(replay.output());
        }
    }

    /** The payloads of the recorded readings, in the order of their receivedAt in the bridge's files. */
    private List<String> recordedPayloadsInReceivedOrder() {
        return OutputFiles.lines(recorded).stream()
                .sorted(Comparator.comparing((JsonNode line) -> Instant.parse(line.get("receivedAt").asText())))
                .map(line -> SequencedPublisher.payload(RUN, line.get("reading").get("seq").asInt()))
                .toList();
    }

    /** Once the second bridge has written every seq, verify on its files finds none missing (duplicates may be). */
    private static void assertNoneMissing(Path replayed) throws Exception {
        WrittenReadings written = new WrittenReadings(replayed, RUN);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> written.distinctSeqs() == N);
        VerifyCommand.Verdict verdict = VerifyCommand.run(replayed);
        System.out.printf("[%s] %s%n", replayed.getFileName(), verdict.summary());
        assertEquals(0, verdict.exitCode(), verdict::report);
        assertTrue(verdict.summary().startsWith("verify: "), verdict.summary());
    }

    private static String lastLine(String output) {
        List<String> lines = output.lines().filter(line -> !line.isBlank()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
