package io.sensorbridge.mqtt;

import java.nio.file.Files;
import java.nio.file.Path;

import io.sensorbridge.ConfigurationException;
import io.sensorbridge.support.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** PEM files that cannot be used stop the start with one line naming the key and the form it wants. */
class PemSocketFactoryTest {

    private static final String CERTIFICATES = "a PEM file with one or more -----BEGIN CERTIFICATE----- blocks";

    @TempDir
    static Path dir;

    private static TestCertificates pki;

    @BeforeAll
    static void makeCertificates() throws Exception {
        pki = TestCertificates.createIn(dir.resolve("pki"));
    }

    private static String refusal(Executable create) {
        return assertThrows(ConfigurationException.class, create).getMessage();
    }

    @Test
    void should_build_a_socket_factory_from_a_ca_and_a_client_certificate_with_its_pkcs8_key() {
        assertNotNull(PemSocketFactory.create(pki.ca, null, null));
        assertNotNull(PemSocketFactory.create(pki.ca, pki.clientCert, pki.clientKey));
        assertNotNull(PemSocketFactory.create(null, pki.clientCert, pki.clientKey));
    }

    @Test
    void should_name_the_ca_file_when_it_is_missing_or_not_pem_certificates() throws Exception {
        Path missing = dir.resolve("no-such.pem");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "hello");

        assertEquals("Bad configuration: mqtt.tls.ca-file must be " + CERTIFICATES + ", not '" + missing
                     + "' (NoSuchFileException: " + missing + ")",
                refusal(() -> PemSocketFactory.create(missing, null, null)));
        assertEquals("Bad configuration: mqtt.tls.ca-file must be " + CERTIFICATES + ", not '" + garbage
                     + "' (no such block in it)", refusal(() -> PemSocketFactory.create(garbage, null, null)));
        assertEquals("Bad configuration: mqtt.tls.ca-file must be " + CERTIFICATES + ", not '" + pki.clientKey
                     + "' (no such block in it)", refusal(() -> PemSocketFactory.create(pki.clientKey, null, null)));
    }

    @Test
    void should_name_the_key_file_when_it_is_not_an_unencrypted_pkcs8_key() throws Exception {
        Path traditional = dir.resolve("traditional.key");
        Process convert = new ProcessBuilder("openssl", "ec", "-in", pki.clientKey.toString(), "-out",
                traditional.toString()).redirectErrorStream(true).start();
        assertEquals(0, convert.waitFor());

        assertEquals("Bad configuration: mqtt.tls.key-file must be a PEM file with an unencrypted PKCS#8 -----BEGIN"
                     + " PRIVATE KEY----- block (convert other forms with: openssl pkcs8 -topk8 -nocrypt -in key.pem"
                     + " -out key-pkcs8.pem), not '" + traditional + "' (no such block in it)",
                refusal(() -> PemSocketFactory.create(pki.ca, pki.clientCert, traditional)));
    }

    @Test
    void should_name_the_key_file_when_it_belongs_to_another_certificate() {
        assertEquals("Bad configuration: mqtt.tls.key-file must be the private key of the (first) certificate in"
                     + " mqtt.tls.cert-file, not '" + pki.serverKey + "' (it belongs to another certificate)",
                refusal(() -> PemSocketFactory.create(pki.ca, pki.clientCert, pki.serverKey)));
    }

    @Test
    void should_ask_for_both_halves_of_a_client_identity() {
        assertEquals("Bad configuration: mqtt.tls.key-file must be set too: mutual TLS needs both mqtt.tls.cert-file"
                     + " and mqtt.tls.key-file", refusal(() -> PemSocketFactory.create(pki.ca, pki.clientCert, null)));
        assertEquals("Bad configuration: mqtt.tls.cert-file must be set too: mutual TLS needs both mqtt.tls.cert-file"
                     + " and mqtt.tls.key-file", refusal(() -> PemSocketFactory.create(pki.ca, null, pki.clientKey)));
    }
}
