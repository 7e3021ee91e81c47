package io.sensorbridge.mqtt;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import io.sensorbridge.ConfigurationException;

/**
 * The TLS socket factory for {@code ssl://} brokers, built from PEM files with the JDK alone: the CA certificates
 * to trust ({@code mqtt.tls.ca-file}) and, for mutual TLS, a client certificate chain ({@code mqtt.tls.cert-file})
 * with its unencrypted PKCS#8 private key ({@code mqtt.tls.key-file}, RSA, EC or Ed25519). A file that cannot be
 * used stops the start with one line naming its key and the form it must have.
 */
public final class PemSocketFactory {

    public static final String CA_FILE = "mqtt.tls.ca-file";
    public static final String CERT_FILE = "mqtt.tls.cert-file";
    public static final String KEY_FILE = "mqtt.tls.key-file";

    private static final String CERTIFICATES = "a PEM file with one or more -----BEGIN CERTIFICATE----- blocks";
    private static final String PKCS8_KEY = "a PEM file with an unencrypted PKCS#8 -----BEGIN PRIVATE KEY----- block"
            + " (convert other forms with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem)";
    private static final Pattern PRIVATE_KEY =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519");
    // the key store never leaves memory; KeyManagerFactory just wants some password
    private static final char[] IN_MEMORY = "in-memory".toCharArray();

    private PemSocketFactory() {
    }

    /** {@code caFile} null: the JVM's own CAs; {@code certFile} and {@code keyFile} null: no client certificate. */
    public static SSLSocketFactory create(Path caFile, Path certFile, Path keyFile) {
        if ((certFile == null) != (keyFile == null)) {
            throw new ConfigurationException(certFile == null ? CERT_FILE : KEY_FILE,
                    "set too: mutual TLS needs both " + CERT_FILE + " and " + KEY_FILE);
        }
        try {
            TrustManager[] trust = caFile == null ? null : trustManagers(certificates(CA_FILE, caFile));
            KeyManager[] identity = certFile == null ? null : identity(certificates(CERT_FILE, certFile), keyFile);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(identity, trust, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            // the JDK refused what the checks above accepted: name every file, it is one of them
            throw new ConfigurationException(CA_FILE + ", " + CERT_FILE + " and " + KEY_FILE,
                    "usable together (" + e.getMessage() + ")");
        }
    }

    private static TrustManager[] trustManagers(List<? extends Certificate> cas)
            throws GeneralSecurityException, IOException {
        KeyStore store = emptyStore();
        for (int i = 0; i < cas.size(); i++) {
            store.setCertificateEntry("ca-" + i, cas.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static KeyManager[] identity(List<? extends Certificate> chain, Path keyFile)
            throws GeneralSecurityException, IOException {
        PrivateKey key = privateKey(keyFile);
        if (!signsFor(key, chain.get(0))) {
            // else the broker would just refuse the handshake, without saying why
            throw unusable(KEY_FILE, "the private key of the (first) certificate in " + CERT_FILE, keyFile,
                    "it belongs to another certificate");
        }
        KeyStore store = emptyStore();
        store.setKeyEntry("client", key, IN_MEMORY, chain.toArray(Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, IN_MEMORY);
        return factory.getKeyManagers();
    }

    private static boolean signsFor(PrivateKey key, Certificate certificate) throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        byte[] probe = "sensor-bridge".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(probe);
        Signature verifier = Signature.getInstance(algorithm);
        try {
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signer.sign());
        } catch (InvalidKeyException otherKeyType) {
            return false;
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        return store;
    }

    private static List<? extends Certificate> certificates(String key, Path file) {
        byte[] pem = read(key, file, CERTIFICATES);
        // the JDK would read a key's PEM block as a certificate too, and say only "signed fields invalid"
        if (!new String(pem, StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
            throw unusable(key, CERTIFICATES, file, "no such block in it");
        }
        try {
            return List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(
                    new ByteArrayInputStream(pem)));
        } catch (CertificateException e) {
            throw unusable(key, CERTIFICATES, file, e.getMessage());
        }
    }

    private static PrivateKey privateKey(Path file) {
        Matcher block = PRIVATE_KEY.matcher(new String(read(KEY_FILE, file, PKCS8_KEY), StandardCharsets.US_ASCII));
        if (!block.find()) {
            throw unusable(KEY_FILE, PKCS8_KEY, file, "no such block in it");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(block.group(1)));
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException | NoSuchAlgorithmException notThisOne) {
                // try the next algorithm
            }
        }
        throw unusable(KEY_FILE, PKCS8_KEY, file, "not an RSA, EC or Ed25519 key");
    }

    private static byte[] read(String key, Path file, String form) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException | SecurityException e) {
            throw unusable(key, form, file, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static ConfigurationException unusable(String key, String form, Path file, String why) {
        return new ConfigurationException(key, form + ", not '" + file + "' (" + why + ")");
    }
}
