package io.sensorbridge.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Everything a fault scenario runs: a Mosquitto, the bridge in its own JVM, a publisher of numbered readings for
 * one run, and what the bridge wrote. A scenario publishes, injects faults once the files hold some of the run,
 * and ends with {@link #assertNothingLost()}.
 */
final class FaultRig implements AutoCloseable {

    /** A fault injected while readings flow. */
    @FunctionalInterface
    interface Fault {
        void inject() throws Exception;
    }

    static final String TOPIC = "faults/readings";

    private static final int READINGS_PER_SECOND = 3_000;
    private static final Duration MID_STREAM_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration ALL_WRITTEN_TIMEOUT = Duration.ofSeconds(90);

    private final String run;
    private final MosquittoBroker broker;
    private final BridgeProcess bridge;
    private final SequencedPublisher publisher;
    private final WrittenReadings written;
    private int published;

    /** {@code bridgeSettings}: environment variables for the bridge beyond the rig's own (empty: its defaults). */
    FaultRig(Path dir, String run, Map<String, String> bridgeSettings) throws Exception {
        this(dir, run, bridgeSettings, READINGS_PER_SECOND);
    }

    /** The same, publishing {@code perSecond} readings a second. */
    FaultRig(Path dir, String run, Map<String, String> bridgeSettings, int perSecond) throws Exception {
        this.run = run;
        this.broker = new MosquittoBroker(dir.resolve("mosquitto"));
        this.bridge = new BridgeProcess(dir.resolve("bridge"), broker.url(), TOPIC, bridgeSettings);
        this.publisher = new SequencedPublisher(broker.url(), TOPIC, run, perSecond);
        this.written = new WrittenReadings(bridge.readings(), run);
    }

    /** Starts Mosquitto, then the bridge, and waits until the bridge has subscribed. */
    void start() throws Exception {
        broker.start();
        bridge.start();
    }

    /** Starts publishing the next {@code readings} seqs in the background. */
    void startPublishing(int readings) {
        publisher.start(published + 1, published + readings);
        published += readings;
    }

    /** Publishes the next {@code readings} seqs and waits until the broker holds them all. */
    void publishBacklog(int readings) {
        startPublishing(readings);
        publisher.awaitAcknowledged(published, PUBLISH_TIMEOUT);
    }

    /** Waits until the files hold {@code share} of what is being published, then injects the fault. */
    void midStream(double share, Fault fault) throws Exception {
        int lines = (int) (share * published);
        await("bridge wrote " + lines + " lines of run " + run)
                .atMost(MID_STREAM_TIMEOUT)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> written.lines() >= lines);
        fault.inject();
    }

    void killAndRestartBridge() throws Exception {
        bridge.kill();
        bridge.start();
    }

    void stopAndRestartBridge() throws Exception {
        bridge.stop();
        bridge.start();
    }

    /** SIGTERM Mosquitto (it saves its sessions and queues) and start it on the same port and data. */
    void restartBroker() throws Exception {
        broker.stop();
        broker.start();
    }

    /** How many readings were published so far (seqs 1 to this). */
    int published() {
        return published;
    }

    String run() {
        return run;
    }

    BridgeProcess bridge() {
        return bridge;
    }

    /** Waits until every seq published so far is in the files, at least once; returns how long that took. */
    Duration awaitAllWritten(Duration atMost) {
        long started = System.nanoTime();
        await("all " + published + " readings of run " + run + " written")
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertEquals(published, written.distinctSeqs(),
                        () -> "readings written; missing seqs: " + written.missing(published) + "; logs: "
                              + bridge.log().path() + ", " + broker.log().path() + "; the bridge's last lines:\n"
                              + bridge.log().tail(12)));
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** The proof: every reading acknowledged by the broker is in the files, and verify finds no gap. */
    void assertNothingLost() throws Exception {
        publisher.awaitAcknowledged(published, PUBLISH_TIMEOUT);
        awaitAllWritten(ALL_WRITTEN_TIMEOUT);
        VerifyCommand.Verdict verdict = VerifyCommand.run(bridge.readings());
        System.out.printf("[%s] N=%d, lines=%d, unreadable lines=%d, publisher retries=%d, bridge starts=%d%n"
                          + "[%s] %s%n", run, published, written.lines(), written.unreadableLines(),
                publisher.failedPublishes(), bridge.starts(), run, verdict.summary());
        assertEquals(0, verdict.exitCode(), verdict::report);
    }

    @Override
    public void close() throws Exception {
        try (broker; bridge; publisher) {
            // closed in reverse order: the publisher, the bridge, then the broker
        }
    }
}
