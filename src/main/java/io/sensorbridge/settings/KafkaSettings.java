package io.sensorbridge.settings;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.sensorbridge.ConfigurationException;
import io.sensorbridge.forward.KafkaClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka forward: {@code forward.kafka.*}. SASL wants a user name and password, a client certificate its key; the
 * PEM files must be there (read at start, not at the first connect).
 */
public final class KafkaSettings {

    static final List<String> KEYS = List.of("forward.kafka.brokers", "forward.kafka.topic",
            "forward.kafka.max-inflight", "forward.kafka.compression", "forward.kafka.client-id",
            "forward.kafka.sasl.mechanism", "forward.kafka.username", "forward.kafka.password", "forward.kafka.tls",
            "forward.kafka.tls.ca-file", "forward.kafka.tls.cert-file", "forward.kafka.tls.key-file");
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSettings.class);
    private static final Pattern BROKER = Pattern.compile("[^/:\\s,]+:\\d{1,5}");

    /** The connection; null while forward.kafka.brokers is empty (the forward is off). */
    public final KafkaClient client;
    public final String topic;

    KafkaSettings(Keys keys) {
        topic = topic(keys, "forward.kafka.topic");
        keys.whole("forward.kafka.max-inflight", 1, 100_000);
        keys.oneOf("forward.kafka.compression", "none", "gzip", "snappy", "lz4", "zstd");
        String brokers = keys.optional("forward.kafka.brokers");
        client = brokers.isEmpty() ? null : client(keys, brokers);
    }

    private static KafkaClient client(Keys keys, String brokers) {
        for (String broker : brokers.split(",", -1)) {
            if (!BROKER.matcher(broker.strip()).matches()
                || Long.parseLong(broker.substring(broker.lastIndexOf(':') + 1).strip()) > 65_535) {
                throw Keys.bad("forward.kafka.brokers", "host:port[,host:port...] such as kafka-1:9092,kafka-2:9092",
                        brokers);
            }
        }
        String mechanism = keys.optional("forward.kafka.sasl.mechanism").toUpperCase(Locale.ROOT);
        if (!List.of("", "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512").contains(mechanism)) {
            throw Keys.bad("forward.kafka.sasl.mechanism", "empty (no SASL), PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512",
                    mechanism);
        }
        String username = keys.optional("forward.kafka.username");
        String password = keys.optional("forward.kafka.password");
        if (!mechanism.isEmpty() && (username.isEmpty() || password.isEmpty())) {
            throw new ConfigurationException(username.isEmpty() ? "forward.kafka.username" : "forward.kafka.password",
                    "set with forward.kafka.sasl.mechanism=" + mechanism + " (give the password as"
                    + " FORWARD_KAFKA_PASSWORD)");
        }
        if (mechanism.isEmpty() && !(username.isEmpty() && password.isEmpty())) {
            throw new ConfigurationException("forward.kafka.sasl.mechanism", "set (PLAIN, SCRAM-SHA-256 or"
                    + " SCRAM-SHA-512) when forward.kafka.username or forward.kafka.password is set");
        }
        boolean tls = keys.bool("forward.kafka.tls");
        Path ca = keys.pemFile("forward.kafka.tls.ca-file");
        Path cert = keys.pemFile("forward.kafka.tls.cert-file");
        Path key = keys.pemFile("forward.kafka.tls.key-file");
        if ((cert == null) != (key == null)) {
            String missing = cert == null ? "forward.kafka.tls.cert-file" : "forward.kafka.tls.key-file";
            String given = cert == null ? "forward.kafka.tls.key-file" : "forward.kafka.tls.cert-file";
            throw new ConfigurationException(missing, "set together with " + given + " (mutual TLS needs both)");
        }
        if (!tls && (ca != null || cert != null)) {
            throw new ConfigurationException("forward.kafka.tls", "true when forward.kafka.tls.* files are set");
        }
        if (mechanism.equals("PLAIN") && !tls) {
            LOG.warn("forward.kafka.sasl.mechanism=PLAIN without forward.kafka.tls=true sends the Kafka password in"
                     + " clear text over the network: use it on a trusted network only, or switch TLS on");
        }
        return new KafkaClient(brokers.replace(" ", ""), keys.text("forward.kafka.client-id"), mechanism, username,
                password, tls, ca, cert, key);
    }

    /** A Kafka topic name: 1 to 249 of letters, digits, '.', '_', '-', and not '.' or '..'. */
    private static String topic(Keys keys, String key) {
        String topic = keys.text(key);
        if (!topic.matches("[A-Za-z0-9._-]{1,249}") || topic.equals(".") || topic.equals("..")) {
            throw Keys.bad(key, "a Kafka topic name of letters, digits, '.', '_' and '-' (at most 249)", topic);
        }
        return topic;
    }
}
