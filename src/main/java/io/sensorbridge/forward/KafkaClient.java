package io.sensorbridge.forward;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;

/**
 * How the Kafka forward reaches its cluster, from the {@code forward.kafka.*} keys: the brokers, the client id, TLS
 * (the brokers' CA and, for mutual TLS, a client certificate and key, all PEM files) and SASL (PLAIN, SCRAM-SHA-256 or
 * SCRAM-SHA-512 with a user name and password). The same settings make the {@code forward-kafka} component (what the
 * route sends records with) and the admin client that checks the topic at start ({@link KafkaTopic}). The password
 * goes only into {@code sasl.jaas.config}, a secret that Camel and Kafka mask wherever they print their settings.
 */
public record KafkaClient(String brokers, String clientId, String saslMechanism, String username, String password,
                          boolean tls, Path caFile, Path certFile, Path keyFile) {

    /** The {@code forward-kafka} component, camel-kafka with these settings; the route adds the producer's own. */
    public KafkaComponent component() {
        KafkaComponent component = new KafkaComponent();
        KafkaConfiguration configuration = new KafkaConfiguration();
        configuration.setBrokers(brokers);
        configuration.setClientId(clientId);
        configuration.setSecurityProtocol(securityProtocol());
        if (!saslMechanism.isEmpty()) {
            configuration.setSaslMechanism(saslMechanism);
            configuration.setSaslJaasConfig(jaasConfig());
        }
        Map<String, Object> more = new HashMap<>();
        tlsProperties().forEach(more::put);
        configuration.setAdditionalProperties(more);
        component.setConfiguration(configuration);
        return component;
    }

    /** The same connection settings as plain Kafka client properties (the admin client's). */
    public Map<String, Object> clientProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("bootstrap.servers", brokers);
        properties.put("client.id", clientId + "-admin");
        properties.put("security.protocol", securityProtocol());
        if (!saslMechanism.isEmpty()) {
            properties.put("sasl.mechanism", saslMechanism);
            properties.put("sasl.jaas.config", jaasConfig());
        }
        properties.putAll(tlsProperties());
        return properties;
    }

    private String securityProtocol() {
        boolean sasl = !saslMechanism.isEmpty();
        return tls ? (sasl ? "SASL_SSL" : "SSL") : (sasl ? "SASL_PLAINTEXT" : "PLAINTEXT");
    }

    private String jaasConfig() {
        String module = saslMechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        return module + " required username=\"" + quoted(username) + "\" password=\"" + quoted(password) + "\";";
    }

    private static String quoted(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** PEM files as Kafka reads them: the CA as a PEM truststore, the client certificate and key as a PEM keystore. */
    private Map<String, Object> tlsProperties() {
        Map<String, Object> properties = new HashMap<>();
        if (!tls) {
            return properties;
        }
        if (caFile != null) {
            properties.put("ssl.truststore.type", "PEM");
            properties.put("ssl.truststore.location", caFile.toString());
        }
        if (certFile != null) {
            properties.put("ssl.keystore.type", "PEM");
            properties.put("ssl.keystore.certificate.chain", read(certFile));
            properties.put("ssl.keystore.key", read(keyFile));
        }
        return properties;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
