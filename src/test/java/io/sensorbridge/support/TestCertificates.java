package io.sensorbridge.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKI made with {@code openssl} in a test's folder: a CA, a server certificate for the host name
 * {@code localhost} only (so {@code 127.0.0.1} does not match it), a client certificate, and a second CA that
 * signed nothing here. Keys are EC P-256, unencrypted PKCS#8 PEM. No key material lives in the repository.
 */
public final class TestCertificates {

    public final Path ca;
    public final Path otherCa;
    public final Path serverCert;
    public final Path serverKey;
    public final Path clientCert;
    public final Path clientKey;
    private final Path dir;

    private TestCertificates(Path dir) throws IOException, InterruptedException {
        this.dir = Files.createDirectories(dir);
        ca = dir.resolve("ca.pem");
        otherCa = dir.resolve("other-ca.pem");
        serverCert = dir.resolve("server.pem");
        serverKey = dir.resolve("server.key");
        clientCert = dir.resolve("client.pem");
        clientKey = dir.resolve("client.key");
        selfSigned(ca, "test-ca");
        selfSigned(otherCa, "other-test-ca");
        signed(serverCert, serverKey, "localhost", "subjectAltName=DNS:localhost");
        signed(clientCert, clientKey, "sensor-bridge-client", "extendedKeyUsage=clientAuth");
    }

    public static TestCertificates createIn(Path dir) throws IOException, InterruptedException {
        return new TestCertificates(dir);
    }

    /** Mosquitto listener options for a TLS listener with these certificates. */
    public List<String> mosquittoListener(boolean requireClientCertificate) {
        List<String> options = new ArrayList<>(List.of("cafile " + ca, "certfile " + serverCert,
                "keyfile " + serverKey));
        if (requireClientCertificate) {
            options.add("require_certificate true");
        }
        return options;
    }

    private void selfSigned(Path cert, String name) throws IOException, InterruptedException {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", keyOf(cert).toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=" + name);
    }

    private void signed(Path cert, Path key, String name, String extension) throws IOException, InterruptedException {
        Path request = dir.resolve(name + ".csr");
        Path extensions = Files.writeString(dir.resolve(name + ".ext"), extension + "\n");
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(),
                "-out", request.toString(), "-subj", "/CN=" + name);
        openssl("x509", "-req", "-in", request.toString(), "-CA", ca.toString(), "-CAkey", keyOf(ca).toString(),
                "-CAcreateserial", "-out", cert.toString(), "-days", "2", "-extfile", extensions.toString());
    }

    private Path keyOf(Path cert) {
        return dir.resolve(cert.getFileName().toString().replace(".pem", ".key"));
    }

    private void openssl(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Path output = dir.resolve("openssl.out");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + Files.readString(output));
        }
    }
}
