package io.sensorbridge.mqtt;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.List;

import javax.net.ssl.SSLException;

/**
 * Why a TLS connection to the broker failed, said in terms of the setting to look at: the JDK's own words
 * ("PKIX path building failed: ...") do not tell a user that {@code mqtt.tls.ca-file} is the CA to change.
 */
final class TlsFailure {

    // what a broker answers when it wants a client certificate and got none, or one it does not accept
    private static final List<String> CLIENT_CERTIFICATE_ALERTS =
            List.of("certificate_required", "bad_certificate", "unknown_ca", "certificate_unknown");

    private TlsFailure() {
    }

    /** The reason in one line, or null when {@code failure} is not a TLS failure. */
    static String describe(Throwable failure) {
        SSLException tls = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SSLException ssl && tls == null) {
                tls = ssl;
            }
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
                return "the broker's certificate is not signed by a CA in " + PemSocketFactory.CA_FILE
                       + " (or, without it, by one the JVM trusts): " + t.getMessage();
            }
            if (t instanceof CertificateException && String.valueOf(t.getMessage()).startsWith("No ")) {
                // the JDK's hostname check: "No subject alternative names matching IP address ... found" etc.
                return "the broker's certificate is not issued to the host in mqtt.broker.url (hostname verification: "
                       + t.getMessage() + ")";
            }
        }
        if (tls == null) {
            return null;
        }
        String message = String.valueOf(tls.getMessage());
        if (CLIENT_CERTIFICATE_ALERTS.stream().anyMatch(message::contains)) {
            return "the broker wants a client certificate it accepts (" + PemSocketFactory.CERT_FILE + ", "
                   + PemSocketFactory.KEY_FILE + "): " + message;
        }
        return "TLS handshake failed: " + message;
    }
}
