package io.sensorbridge.faults;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sensorbridge.support.FreePort;
import io.sensorbridge.support.HttpGet;
import io.sensorbridge.support.JarProcess;
import io.sensorbridge.support.KafkaBroker;
import io.sensorbridge.support.TestCertificates;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kafka forward against a real single-node Kafka (KRaft, its own JVM) and the jar as a process on a real
 * Mosquitto, set up as the README says (forward.kafka.brokers, and for SASL the mechanism, user and password from the
 * environment): every reading in the files becomes one record keyed by its sensor, with the MQTT topic and receivedAt
 * as headers, across kill -9 and SIGTERM of the bridge, a restart of Kafka and Kafka away for 30 s; the password
 * appears in no log line; a topic that cannot be created is named once by its key, and what waited is sent once it is
 * there; replay sends a recorded folder to Kafka byte for byte.
 */
class KafkaForwardIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "sensor-readings";

    @TempDir
    Path dir;

    @Test
    void should_make_every_reading_one_record_keyed_by_its_sensor_across_crashes_stops_restarts_and_an_outage()
            throws Exception {
        try (KafkaBroker kafka = new KafkaBroker(dir.resolve("kafka")).start();
             FaultRig rig = new FaultRig(dir, "kafka", Map.of("FORWARD_KAFKA_BROKERS", kafka.bootstrapServers()), 500)) {
            rig.start();
            rig.startPublishing(6_000);
            rig.midStream(0.2, rig::killAndRestartBridge);
            rig.midStream(0.45, rig::stopAndRestartBridge);
            rig.midStream(0.7, () -> {
                kafka.stop();
                kafka.start();
            });
            rig.assertNothingLost();
            awaitRecords(kafka, rig);

            // Kafka away for 30 s while readings flow
            int failuresBefore = rig.bridge().log().occurrences("it sends again from its position");
            rig.startPublishing(6_000);
            rig.midStream(0.2, kafka::stop);
            await("the bridge stays ready (readiness unaffected) for the 30 s Kafka is away")
                    .during(Duration.ofSeconds(30)).atMost(Duration.ofSeconds(40))
                    .until(() -> HttpGet.status("http://127.0.0.1:" + rig.bridge().httpPort()
                                                + "/observe/health/ready") == 200);
            kafka.start();
            rig.assertNothingLost();
            awaitRecords(kafka, rig);
            assertTrue(rig.bridge().log().occurrences("it sends again from its position") - failuresBefore <= 1,
                    "one line when it fails while Kafka is away:\n" + rig.bridge().log().tail(20));
        }
    }

    @Test
    void should_authenticate_with_scram_and_a_password_from_the_environment_that_no_log_line_shows()
            throws Exception {
        try (KafkaBroker kafka = new KafkaBroker(dir.resolve("kafka"), KafkaBroker.Option.SASL).start()) {
            try (FaultRig rig = new FaultRig(dir, "kafka-sasl", Map.of("FORWARD_KAFKA_BROKERS",
                    kafka.bootstrapServers(), "FORWARD_KAFKA_SASL_MECHANISM", KafkaBroker.SCRAM,
                    "FORWARD_KAFKA_USERNAME", KafkaBroker.USER, "FORWARD_KAFKA_PASSWORD", KafkaBroker.PASSWORD), 500)) {
                rig.start();
                rig.startPublishing(500);
                rig.assertNothingLost();
                awaitRecords(kafka, rig);
                assertFalse(Files.readString(rig.bridge().log().path()).contains(KafkaBroker.PASSWORD),
                        "the password is in the bridge's log");
            }
            // the default run (embedded broker, simulator) with a wrong password: said at once, and not again and
            // again (the forward's retries back off 1, 2, 4, 8 s: four attempts or more in the 12 s watched)
            try (JarProcess bridge = JarProcess.start(dir.resolve("wrong"), Map.of(
                    "BROKER_EMBEDDED_PORT", String.valueOf(FreePort.find()),
                    "FORWARD_KAFKA_BROKERS", kafka.bootstrapServers(), "FORWARD_KAFKA_SASL_MECHANISM", KafkaBroker.SCRAM,
                    "FORWARD_KAFKA_USERNAME", KafkaBroker.USER, "FORWARD_KAFKA_PASSWORD", "not-the-password"))) {
                await("a clear line for a wrong password").atMost(Duration.ofSeconds(60))
                        .until(() -> authenticationLines(bridge) > 0);
                // the topic check's line at start and the forward's when it sends, not one per attempt
                try {
                    await("not one line per attempt").during(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(16))
                            .until(() -> authenticationLines(bridge) <= 2);
                } catch (ConditionTimeoutException more) {
                    throw new AssertionError("a line about the password per attempt:\n" + bridge.output().lines()
                            .filter(line -> line.contains("Authentication failed")).toList(), more);
                }
                assertFalse(bridge.output().contains("not-the-password"), "the wrong password is in the log");
            }
        }
    }

    @Test
    void should_name_the_key_when_the_topic_cannot_be_created_and_send_once_someone_creates_it() throws Exception {
        try (KafkaBroker kafka = new KafkaBroker(dir.resolve("kafka"), KafkaBroker.Option.REFUSES_NEW_TOPICS).start();
             JarProcess bridge = JarProcess.start(dir.resolve("no-topic"), Map.of(
                     "BROKER_EMBEDDED_PORT", String.valueOf(FreePort.find()),
                     "FORWARD_KAFKA_BROKERS", kafka.bootstrapServers()))) {
            await("one clear line naming forward.kafka.topic").atMost(Duration.ofSeconds(60))
                    .until(() -> bridge.output().contains("ERROR") && bridge.output().contains(
                            "Kafka forward: topic '" + TOPIC + "' (forward.kafka.topic) is not on"));
            assertFalse(bridge.output().contains("\tat "), "no stack trace:\n" + bridge.output());

            kafka.createTopic(TOPIC, 1);
            await("the forward sends what waited, once the topic is there").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> !kafka.records(TOPIC).isEmpty());
            assertEquals(1, bridge.output().lines().filter(line -> line.contains("(forward.kafka.topic) is not on"))
                    .count(), "the key is named once, not once per attempt:\n" + bridge.output());
        }
    }

    @Test
    void should_send_over_tls_checking_the_broker_against_the_given_ca_and_showing_a_client_certificate()
            throws Exception {
        TestCertificates certificates = TestCertificates.createIn(dir.resolve("pki"));
        try (KafkaBroker kafka = new KafkaBroker(dir.resolve("kafka"), certificates).start();
             JarProcess bridge = JarProcess.start(dir.resolve("tls"), Map.of(
                     "BROKER_EMBEDDED_PORT", String.valueOf(FreePort.find()),
                     "FORWARD_KAFKA_BROKERS", kafka.bootstrapServers(), "FORWARD_KAFKA_TLS", "true",
                     "FORWARD_KAFKA_TLS_CA_FILE", certificates.ca.toString(),
                     "FORWARD_KAFKA_TLS_CERT_FILE", certificates.clientCert.toString(),
                     "FORWARD_KAFKA_TLS_KEY_FILE", certificates.clientKey.toString()))) {
            await("records over TLS").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> kafka.topics().contains(TOPIC) && kafka.records(TOPIC).size() >= 3);
            assertFalse(bridge.output().contains("ERROR"), bridge.output());
        }
    }

    @Test
    void should_replay_a_recorded_folder_to_kafka_once_byte_for_byte() throws Exception {
        List<String> lines = new ArrayList<>();
        Path file = Files.createDirectories(dir.resolve("recorded/sensors/replayed")).resolve("2026-11-25.jsonl");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int seq = 1; seq <= 300; seq++) {
                String line = "{\"topic\":\"sensors/replayed\",\"receivedAt\":\"2026-11-25T10:00:" + (seq % 60 < 10
                        ? "0" : "") + seq % 60 + "." + String.format("%03d", seq) + "Z\",\"reading\":{\"sensor\":\"r-"
                              + seq % 3 + "\", \"seq\":" + seq + ",\"temperature\":21.50}}";
                lines.add(line);
                out.write(line + "\n");
            }
        }
        try (KafkaBroker kafka = new KafkaBroker(dir.resolve("kafka")).start();
             JarProcess replay = JarProcess.start(dir.resolve("replay"), Map.of(), "replay",
                     dir.resolve("recorded").toString(), "--speed", "max", "--kafka", kafka.bootstrapServers(),
                     "--kafka-topic", "replayed")) {
            assertEquals(0, replay.awaitExit(120), replay.output());
            assertTrue(replay.output().contains("readings sent to kafka " + kafka.bootstrapServers()
                                                + " topic replayed"), replay.output());
            List<ConsumerRecord<String, String>> records = kafka.records("replayed");
            List<String> values = records.stream().map(ConsumerRecord::value).sorted().toList();
            assertEquals(lines.stream().sorted().toList(), values, "each line once, byte for byte");
            for (ConsumerRecord<String, String> record : records) {
                assertEquals(JSON.readTree(record.value()).path("reading").path("sensor").asText(), record.key());
            }
        }
    }

    private static long authenticationLines(JarProcess bridge) {
        return bridge.output().lines().filter(line -> line.contains("Authentication failed")).count();
    }

    /** Every seq published so far is a record, keyed by the sensor, first arrivals in order; duplicates printed. */
    private static void awaitRecords(KafkaBroker kafka, FaultRig rig) throws IOException {
        int published = rig.published();
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        await("Kafka has all " + published + " readings").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1)).until(() -> {
                    records.clear();
                    records.addAll(kafka.records(TOPIC));
                    return records.stream().map(KafkaForwardIT::seq).distinct().count() >= published;
                });
        BitSet seen = new BitSet();
        int highest = 0;
        int outOfOrder = 0;
        for (ConsumerRecord<String, String> record : records) {
            JsonNode line = JSON.readTree(record.value());
            assertEquals("fault", record.key(), "keyed by the reading's sensor");
            assertEquals(line.path("topic").asText(), header(record, "mqtt.topic"));
            assertEquals(line.path("receivedAt").asText(), header(record, "receivedAt"));
            int seq = line.path("reading").path("seq").asInt();
            if (!seen.get(seq)) {
                outOfOrder += seq < highest ? 1 : 0;
                highest = Math.max(highest, seq);
                seen.set(seq);
            }
        }
        System.out.printf("[%s] kafka: %d records, %d readings of %d, %d duplicates, %d first arrivals out of order%n",
                rig.run(), records.size(), seen.cardinality(), published, records.size() - seen.cardinality(),
                outOfOrder);
        assertEquals(published, seen.cardinality());
        assertEquals(0, outOfOrder, "one sensor: one partition, in the order written");
    }

    private static int seq(ConsumerRecord<String, String> record) {
        try {
            return JSON.readTree(record.value()).path("reading").path("seq").asInt();
        } catch (IOException e) {
            return -1;
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
