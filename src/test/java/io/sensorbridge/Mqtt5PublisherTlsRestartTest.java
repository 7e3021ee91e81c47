package io.sensorbridge;

import java.nio.file.Files;

import javax.net.SocketFactory;

import io.sensorbridge.faults.RunningMosquitto;
import io.sensorbridge.mqtt.PemSocketFactory;
import io.sensorbridge.support.TestApplication;
import io.sensorbridge.support.TestCertificates;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link Mqtt5PublisherRestartContract} over {@code ssl://} (mqtt.tls.ca-file), where our packet rewriting sits on
 * top of the TLS socket.
 */
@CamelMainTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Mqtt5PublisherTlsRestartTest extends Mqtt5PublisherRestartContract {

    private static final TestCertificates PKI = certificates();
    private static final SocketFactory TLS = PemSocketFactory.create(PKI.ca, null, null);
    private static final RunningMosquitto BROKER = mosquitto(PKI.mosquittoListener(false));
    private static final TestApplication APP = simulatorOn("alias-tls", BROKER.url("ssl://localhost"), TLS)
            .set("mqtt.tls.ca-file", PKI.ca.toString());

    Mqtt5PublisherTlsRestartTest() {
        super(BROKER, TLS);
    }

    @Override
    TestApplication app() {
        return APP;
    }

    private static TestCertificates certificates() {
        try {
            return TestCertificates.createIn(Files.createTempDirectory("sensor-bridge-alias-pki"));
        } catch (Exception e) {
            throw new IllegalStateException("openssl could not make the test's certificates", e);
        }
    }
}
