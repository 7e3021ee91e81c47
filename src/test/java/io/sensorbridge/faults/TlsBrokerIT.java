package io.sensorbridge.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sensorbridge.support.JarProcess;
import io.sensorbridge.support.OutputFiles;
import io.sensorbridge.support.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jar (simulator and bridge, embedded broker off) against a real Mosquitto with a TLS listener, with a CA made
 * by openssl for this test: it trusts the broker only through mqtt.tls.ca-file, checks the broker's host name,
 * presents a client certificate when asked, and a TLS failure is one line per attempt naming the key to look at.
 */
class TlsBrokerIT {

    private static final String USER = "sensor";
    private static final String PASSWORD = "tls-s3cr3t-Pa55word";

    @TempDir
    Path dir;

    private TestCertificates certificates;
    private MosquittoBroker broker;

    @BeforeEach
    void makeCertificates() throws Exception {
        certificates = TestCertificates.createIn(dir.resolve("pki"));
    }

    @AfterEach
    void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    private void startBroker(List<String> access, boolean requireClientCertificate) throws Exception {
        broker = new MosquittoBroker(dir.resolve("mosquitto"), access,
                certificates.mosquittoListener(requireClientCertificate));
        broker.start();
    }

    /** The jar against the broker at {@code host}, trusting {@code ca}, with {@code more} settings. */
    private JarProcess app(String host, Path ca, Map<String, String> more) {
        Map<String, String> env = new HashMap<>(Map.of("BROKER_EMBEDDED_ENABLED", "false",
                "MQTT_BROKER_URL", broker.url("ssl://" + host),
                "MQTT_TLS_CA_FILE", ca.toString(),
                "SIMULATOR_PERIOD", "200",
                "BRIDGE_OUTPUT_DIR", dir.resolve("readings").toString(),
                "BRIDGE_DEADLETTER_DIR", dir.resolve("dead-letter").toString()));
        env.putAll(more);
        return JarProcess.start(dir.resolve("app"), env);
    }

    private void awaitReadingsWritten(JarProcess app) {
        await().atMost(Duration.ofSeconds(60)).until(() -> OutputFiles.lines(dir.resolve("readings")).size() >= 3
                                                           || !app.isAlive());
        assertTrue(OutputFiles.lines(dir.resolve("readings")).size() >= 3, "readings written:\n" + app.output());
        assertEquals(2, app.output().lines().filter(l -> l.contains("Connected to ssl://localhost:")).count(),
                "the simulator and the bridge both connected over TLS:\n" + app.output());
    }

    /** The bridge alone against the broker at {@code host}, trusting {@code ca}: refused, each time for {@code reason}. */
    private void assertRefusedEachAttempt(String host, Path ca, String reason) throws InterruptedException {
        try (JarProcess app = app(host, ca, Map.of("SIMULATOR_ENABLED", "false"))) {
            for (String refusal : refusals(app)) {
                assertTrue(refusal.contains(reason), refusal);
            }
        }
    }

    /** Waits for two refused attempts; returns the lines about them. */
    private List<String> refusals(JarProcess app) {
        await().atMost(Duration.ofSeconds(60)).until(() -> app.output().contains("retry 2 in 2000 ms")
                                                           || !app.isAlive());
        assertTrue(app.isAlive(), "keeps trying:\n" + app.output());
        assertFalse(app.output().contains("\tat "), "no stack trace:\n" + app.output());
        List<String> refusals = app.output().lines().filter(l -> l.contains("Cannot connect to")).toList();
        assertEquals(2, refusals.size(), "one line per attempt, with back-off:\n" + app.output());
        return refusals;
    }

    @Test
    void should_bridge_readings_over_tls_trusting_the_ca_file() throws Exception {
        startBroker(List.of("allow_anonymous true"), false);

        try (JarProcess app = app("localhost", certificates.ca, Map.of())) {
            awaitReadingsWritten(app);
        }
    }

    @Test
    void should_name_the_ca_file_once_per_attempt_when_another_ca_signed_the_broker() throws Exception {
        startBroker(List.of("allow_anonymous true"), false);

        assertRefusedEachAttempt("localhost", certificates.otherCa,
                "the broker's certificate is not signed by a CA in mqtt.tls.ca-file");
    }

    @Test
    void should_refuse_a_broker_whose_certificate_does_not_name_the_host_connected_to() throws Exception {
        startBroker(List.of("allow_anonymous true"), false);

        // the certificate names localhost, not 127.0.0.1, the same machine
        assertRefusedEachAttempt("127.0.0.1", certificates.ca,
                "not issued to the host in mqtt.broker.url (hostname verification");
    }

    @Test
    void should_skip_the_host_name_check_only_when_told_and_warn_about_it() throws Exception {
        startBroker(List.of("allow_anonymous true"), false);

        try (JarProcess app = app("127.0.0.1", certificates.ca, Map.of("SIMULATOR_ENABLED", "false",
                "MQTT_TLS_VERIFY_HOSTNAME", "false"))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> app.output().contains("Subscribed to")
                                                               || !app.isAlive());
            assertTrue(app.output().contains("WARN  [main] SensorBridgeConfiguration - mqtt.tls.verify-hostname=false:"),
                    app.output());
        }
    }

    @Test
    void should_present_the_client_certificate_to_a_broker_that_requires_one() throws Exception {
        startBroker(List.of("allow_anonymous true"), true);

        try (JarProcess app = app("localhost", certificates.ca, Map.of(
                "MQTT_TLS_CERT_FILE", certificates.clientCert.toString(),
                "MQTT_TLS_KEY_FILE", certificates.clientKey.toString()))) {
            awaitReadingsWritten(app);
        }
    }

    @Test
    void should_name_the_client_certificate_keys_when_the_broker_requires_one_and_none_is_set() throws Exception {
        startBroker(List.of("allow_anonymous true"), true);

        assertRefusedEachAttempt("localhost", certificates.ca,
                "the broker wants a client certificate it accepts (mqtt.tls.cert-file, mqtt.tls.key-file)");
    }

    @Test
    void should_refuse_to_start_with_tls_files_and_a_plain_tcp_url() throws Exception {
        try (JarProcess app = JarProcess.start(dir.resolve("app"), Map.of("BROKER_EMBEDDED_ENABLED", "false",
                "MQTT_BROKER_URL", "tcp://localhost:1883", "MQTT_TLS_CA_FILE", certificates.ca.toString()))) {
            assertEquals(1, app.awaitExit(30), app.output());
            assertTrue(app.output().contains("Bad configuration: mqtt.broker.url must be an ssl:// (or wss://) URL"
                                             + " when mqtt.tls.* files are set, not 'tcp://localhost:1883'"),
                    app.output());
        }
    }

    @Test
    void should_bridge_over_tls_with_a_password_and_never_log_it() throws Exception {
        startBroker(MosquittoBroker.passwordAccess(dir, USER, PASSWORD), false);

        // Camel's summaries (every property applied, the routes with their endpoints) turned on, as docs/running.md
        // says, so that the places a password could show are all in the log
        try (JarProcess app = app("localhost", certificates.ca, Map.of("MQTT_USERNAME", USER,
                "MQTT_PASSWORD", PASSWORD, "CAMEL_MAIN_AUTO_CONFIGURATION_LOG_SUMMARY", "true",
                "CAMEL_MAIN_STARTUP_SUMMARY_LEVEL", "Verbose"))) {
            awaitReadingsWritten(app);
            app.terminate();
            assertTrue(app.awaitExit(15) >= 0, "stopped");
            assertTrue(app.output().contains("paho://"), "Camel's summary with the endpoints is in the log");
            assertTrue(app.output().contains("mqtt.password"), "Camel's property summary is in the log");
            assertFalse(app.output().contains(PASSWORD), "the password is in the log:\n" + app.output());
        }
    }
}
