package io.sensorbridge.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.sensorbridge.files.TopicPaths;
import io.sensorbridge.support.FreePort;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several bridges share one subscription ({@code bridge.share-group}): two jars in one group on a real Mosquitto,
 * both writing to one output folder (as on a shared disk), each below its own member folder. Together they write
 * every reading; a member killed or stopped loses nothing. What Mosquitto 2.0.11 does with a member that is away
 * (it keeps that member's share for it, and never hands it to the other) is measured and printed. Then the same group
 * on the embedded broker, which warns at start.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ShareGroupIT {

    private static final String TOPIC = "share/readings";
    private static final String GROUP = "bridges";
    private static final int READINGS = 20_000;
    private static final int PER_SECOND = 2_000;
    private static final Duration PUBLISH_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration ALL_WRITTEN_TIMEOUT = Duration.ofSeconds(90);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private MosquittoBroker mosquitto;
    private BridgeProcess first;
    private BridgeProcess second;
    private SequencedPublisher publisher;
    private WrittenReadings written;
    private String run;

    @AfterEach
    void endEveryProcess() throws Exception {
        try (AutoCloseable m = mosquitto; AutoCloseable a = first; AutoCloseable b = second;
             AutoCloseable p = publisher) {
            // closed in reverse order: the broker last
        }
    }

    @Test
    void should_write_every_reading_once_with_a_fair_share_each(TestInfo test) throws Exception {
        // Given two members of one group on Mosquitto
        startGroupOnMosquitto(test);

        // When readings flow
        publisher.start(1, READINGS);

        // Then together they write every one, each a fair share, and verify over both folders finds no gap
        assertEveryReadingWritten();
        int firstShare = linesOf(first);
        int secondShare = linesOf(second);
        System.out.printf("[%s] shares: %s %d, %s %d%n", run, first.clientId(), firstShare, second.clientId(),
                secondShare);
        assertEquals(READINGS, firstShare + secondShare, "each reading written once");
        assertFairShare(firstShare);
    }

    @Test
    void should_lose_nothing_when_a_member_is_killed_and_started_again(TestInfo test) throws Exception {
        startGroupOnMosquitto(test);
        publisher.start(1, READINGS);

        // When one member is killed mid-stream and started again with the same client id
        awaitWritten(READINGS / 3);
        second.kill();
        second.start();

        // Then every reading is in the files (duplicates are printed, not failed)
        assertEveryReadingWritten();
    }

    @Test
    void should_keep_a_stopped_members_share_for_it_until_it_returns(TestInfo test) throws Exception {
        startGroupOnMosquitto(test);
        publisher.start(1, READINGS);

        // When one member stops (SIGTERM) and stays away while a third of the readings are published
        awaitWritten(READINGS / 4);
        second.stop();
        long stoppedAt = System.nanoTime();
        int publishedWhenStopped = publisher.acknowledgedUpTo();
        await().atMost(PUBLISH_TIMEOUT)
                .until(() -> publisher.acknowledgedUpTo() >= publishedWhenStopped + READINGS / 3);
        int held = publisher.acknowledgedUpTo() - written.distinctSeqs();
        double away = (System.nanoTime() - stoppedAt) / 1e9;

        // Then Mosquitto keeps the stopped member's share for it (the other one is not given it) ...
        assertTrue(held > READINGS / 12, "Mosquitto 2.0.11 holds a stopped member's share for it: " + held);
        second.start();
        long returnedAt = System.nanoTime();
        int publishedAtReturn = publisher.acknowledgedUpTo();
        // ... and hands it over when it returns
        await().atMost(ALL_WRITTEN_TIMEOUT).until(() -> written.missing(publishedAtReturn).equals("none"));
        System.out.printf("[%s] for the %.1f s %s was away, %d readings (its share) waited for it at the broker while"
                          + " %s took only its own; %s wrote them within %.1f s of subscribing again%n", run, away,
                second.clientId(), held, first.clientId(), second.clientId(), (System.nanoTime() - returnedAt) / 1e9);
        // nothing lost
        assertEveryReadingWritten();
    }

    @Test
    void should_share_on_the_embedded_broker_and_warn_what_it_does(TestInfo test) throws Exception {
        run = test.getTestMethod().orElseThrow().getName();
        int port = FreePort.find();
        String url = "tcp://127.0.0.1:" + port;
        Path readings = dir.resolve("readings");
        // Given the first member runs the embedded broker and the second connects to it
        first = new BridgeProcess(dir.resolve("member-a"), url, TOPIC, member("member-a", readings,
                Map.of("BROKER_EMBEDDED_ENABLED", "true", "BROKER_EMBEDDED_PORT", String.valueOf(port))));
        second = new BridgeProcess(dir.resolve("member-b"), url, TOPIC, member("member-b", readings, Map.of()));
        first.start();
        second.start();
        publisher = new SequencedPublisher(url, TOPIC, run, 1_000);
        written = new WrittenReadings(readings, run);

        // When readings flow
        publisher.start(1, READINGS / 10);

        // Then they are all written, and the member with the embedded broker said once what that broker does
        assertEveryReadingWritten(READINGS / 10, readings);
        System.out.printf("[%s] shares on the embedded broker: %s %d, %s %d%n", run, first.clientId(),
                linesOf(first), second.clientId(), linesOf(second));
        assertEquals(1, first.log().occurrences("WARN"), first.log().tail(40));
        assertEquals(1, first.log().occurrences("bridge.share-group on the embedded broker (HiveMQ CE)"));
        assertEquals(1, first.log().occurrences("Member member-a of share group bridges"), first.log().tail(40));
        assertFalse(second.log().occurrences("on the embedded broker") > 0, "the other member runs no broker");
    }

    private void startGroupOnMosquitto(TestInfo test) throws Exception {
        run = test.getTestMethod().orElseThrow().getName();
        Path readings = dir.resolve("readings");
        mosquitto = new MosquittoBroker(dir.resolve("mosquitto"));
        mosquitto.start();
        first = new BridgeProcess(dir.resolve("share-a"), mosquitto.url(), TOPIC,
                member("share-a", readings, Map.of()));
        second = new BridgeProcess(dir.resolve("share-b"), mosquitto.url(), TOPIC,
                member("share-b", readings, Map.of()));
        first.start();
        second.start();
        publisher = new SequencedPublisher(mosquitto.url(), TOPIC, run, PER_SECOND);
        written = new WrittenReadings(readings, run);
    }

    /** A member's settings: the group, its own client id, the output folder all members share. */
    private static Map<String, String> member(String clientId, Path readings, Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(more);
        settings.putAll(Map.of("BRIDGE_SHARE_GROUP", GROUP, "MQTT_CLIENT_ID", clientId,
                "BRIDGE_OUTPUT_DIR", readings.toString()));
        return settings;
    }

    private void awaitWritten(int lines) {
        await("members wrote " + lines + " lines").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> written.lines() >= lines);
    }

    private int linesOf(BridgeProcess member) {
        return new WrittenReadings(member.readings().resolve(TopicPaths.memberFolderOf(member.clientId())), run)
                .lines();
    }

    private void assertEveryReadingWritten() throws Exception {
        assertEveryReadingWritten(READINGS, first.readings());
    }

    private void assertEveryReadingWritten(int readings, Path folder) throws Exception {
        publisher.awaitAcknowledged(readings, PUBLISH_TIMEOUT);
        await("all " + readings + " readings of run " + run + " written").atMost(ALL_WRITTEN_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertEquals(readings, written.distinctSeqs(),
                        () -> "missing seqs: " + written.missing(readings) + "; logs: " + first.log().path() + ", "
                              + second.log().path()));
        VerifyCommand.Verdict verdict = VerifyCommand.run(folder);
        System.out.printf("[%s] verify over both members' files: %s%n", run, verdict.summary());
        assertEquals(0, verdict.exitCode(), verdict::report);
    }

    private static void assertFairShare(int share) {
        assertTrue(share >= READINGS * 3 / 10 && share <= READINGS * 7 / 10,
                "a fair share is 30-70% of " + READINGS + ": " + share);
    }
}
