package io.sensorbridge.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sensorbridge.support.HttpGet;
import io.sensorbridge.support.PrometheusText;
import io.sensorbridge.support.TestApplication;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Forwards that lose nothing: one bridge (the jar as a process, on a real Mosquitto) with three forwards on, each to
 * its real target: a second Mosquitto, a webhook that takes 5 ms a request, and PostgreSQL. Readings flow at 3,000/s
 * while the bridge is killed with kill -9 and started again, then stopped with SIGTERM and started again, and the
 * targets are restarted; then the targets are away while 20,000 more are written, and come back. Every reading in the
 * files reaches every target, in order (a reading sent again after a crash comes after its first arrival, never
 * before an earlier one); duplicates are counted and printed. Each forward's lag meter shows the backlog while its
 * target is away, and the bridge's memory stays flat whatever the backlog. Run on MQTT 3.1.1 and 5 (the pom's mqtt5
 * run): the MQTT forward speaks the bridge's version.
 */
class DurableForwardsIT {

    private static final int LIVE = 6_000;
    private static final int WHILE_AWAY = 20_000;
    private static final Duration DELIVERED_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    private String lastBridgeLog = "";
    private String lastState = "";

    @Test
    void should_deliver_every_reading_to_every_forward_across_crashes_stops_restarts_and_outages() throws Exception {
        try (MqttTarget mqtt = new MqttTarget(dir); HttpTarget http = new HttpTarget(5); JdbcTarget jdbc = new JdbcTarget()) {
            Map<String, ForwardTarget> targets = Map.of("mqtt", mqtt, "http", http, "jdbc", jdbc);
            Map<String, String> settings = new HashMap<>();
            targets.values().forEach(target -> settings.putAll(target.bridgeSettings()));
            settings.put("FORWARD_RETRY_DELAY", "200");
            settings.put("MQTT_VERSION", TestApplication.mqttVersion());
            settings.put("FORWARD_DEADLETTER_DIR", dir.resolve("forward-dead-letter").toString());
            for (ForwardTarget target : targets.values()) {
                target.start();
            }
            try (FaultRig rig = new FaultRig(dir, "durable", settings)) {
                rig.start();
                rig.startPublishing(LIVE);
                rig.midStream(0.2, rig::killAndRestartBridge);
                rig.midStream(0.5, rig::stopAndRestartBridge);
                rig.midStream(0.8, () -> {
                    for (ForwardTarget target : targets.values()) {
                        target.stop();
                        target.start();
                    }
                });
                rig.assertNothingLost();
                awaitDelivered(targets, rig);

                for (ForwardTarget target : targets.values()) {
                    target.stop();
                }
                double memoryBefore = metric(rig, "jvm_memory_used_bytes");
                rig.startPublishing(WHILE_AWAY);
                rig.assertNothingLost();
                await("each forward's lag shows the readings written while its target is away")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> metric(rig, "sensorbridge_forward_lag_readings") >= 3 * WHILE_AWAY * 0.9);
                System.out.printf("[%s] JVM memory used with the targets away: %.0f MiB before %d readings waited, %.0f"
                                  + " MiB with them waiting for each of 3 forwards (lag in all %.0f readings, %.0f"
                                  + " bytes)%n", rig.run(), memoryBefore / 1048576, WHILE_AWAY,
                        metric(rig, "jvm_memory_used_bytes") / 1048576,
                        metric(rig, "sensorbridge_forward_lag_readings"), metric(rig, "sensorbridge_forward_lag_bytes"));
                for (ForwardTarget target : targets.values()) {
                    target.start();
                }
                awaitDelivered(targets, rig);
                await("every forward's lag back to 0").atMost(Duration.ofSeconds(30))
                        .until(() -> metric(rig, "sensorbridge_forward_lag_readings") == 0);
            }
        } catch (Exception | AssertionError e) {
            System.out.println("[durable] the bridge's log, when it failed:\n" + lastBridgeLog + "\n[durable] " + lastState);
            throw e;
        }
    }

    /** Every seq published so far is at every target, the first arrival of each in order. */
    private void awaitDelivered(Map<String, ForwardTarget> targets, FaultRig rig) throws Exception {
        int published = rig.published();
        for (Map.Entry<String, ForwardTarget> target : targets.entrySet()) {
            String forward = target.getKey();
            try {
                await(forward + " target has all " + published + " readings").atMost(DELIVERED_TIMEOUT)
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> {
                            lastBridgeLog = rig.bridge().log().tail(30);
                            return distinct(target.getValue().seqs(rig.run())) >= published;
                        });
            } catch (ConditionTimeoutException stuck) {
                lastState = missing(target.getValue().seqs(rig.run()), published) + "\n" + rig.bridge().threadDump()
                            + HttpGet.body(metricsUrl(rig)).lines().filter(line -> line.startsWith("sensorbridge_"))
                                    .reduce("", (a, b) -> a + b + "\n");
                throw stuck;
            }
            List<Integer> seqs = target.getValue().seqs(rig.run());
            BitSet seen = new BitSet();
            int highest = 0;
            int outOfOrder = 0;
            for (int seq : seqs) {
                if (!seen.get(seq)) {
                    outOfOrder += seq < highest ? 1 : 0;
                    highest = Math.max(highest, seq);
                    seen.set(seq);
                }
            }
            System.out.printf("[%s] %s target: %d readings of %d, %d duplicates, %d first arrivals out of order%n",
                    rig.run(), forward, seen.cardinality(), published, seqs.size() - seen.cardinality(), outOfOrder);
            assertEquals(published, seen.cardinality(), forward + ": every reading at the target");
            assertEquals(0, outOfOrder, forward + ": first arrivals in the order written");
            assertTrue(seqs.stream().allMatch(seq -> seq >= 1 && seq <= published), "nothing but what was published");
        }
    }

    private static String missing(List<Integer> seqs, int published) {
        BitSet got = new BitSet();
        seqs.forEach(got::set);
        StringBuilder missing = new StringBuilder("missing seqs:");
        for (int seq = got.nextClearBit(1); seq <= published && missing.length() < 2000; seq = got.nextClearBit(seq + 1)) {
            missing.append(' ').append(seq);
        }
        return missing.toString();
    }

    private static int distinct(List<Integer> seqs) {
        return (int) seqs.stream().distinct().count();
    }

    private static double metric(FaultRig rig, String name) {
        return PrometheusText.parse(HttpGet.body(metricsUrl(rig))).value(name);
    }

    private static String metricsUrl(FaultRig rig) {
        return "http://127.0.0.1:" + rig.bridge().httpPort() + "/observe/metrics";
    }
}
