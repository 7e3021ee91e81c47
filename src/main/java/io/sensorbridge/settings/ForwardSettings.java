package io.sensorbridge.settings;

import java.util.List;
import java.util.regex.Pattern;

import io.sensorbridge.ConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The forwards that follow the files to other systems: {@code forward.*} (Kafka's in {@link KafkaSettings}). */
public final class ForwardSettings {

    /** Keys of the in-memory forward queues that the forwards no longer have: warned about once when set. */
    static final List<String> RETIRED = List.of("forward.queue-size", "forward.wait-when-full", "forward.retries");
    static final List<String> KEYS = List.of("forward.retry-delay", "forward.start", "forward.deadletter.dir",
            "forward.mqtt.url", "forward.mqtt.version", "forward.mqtt.topic-prefix", "forward.mqtt.qos",
            "forward.mqtt.retain", "forward.mqtt.max-inflight", "forward.mqtt.client-id", "forward.mqtt.username",
            "forward.mqtt.password", "forward.http.url", "forward.http.token", "forward.http.batch-size",
            "forward.http.batch-millis", "forward.jdbc.url", "forward.jdbc.user", "forward.jdbc.password",
            "forward.jdbc.table", "forward.jdbc.batch-size");
    private static final Logger LOG = LoggerFactory.getLogger(ForwardSettings.class);
    private static final Pattern HTTP_URL = Pattern.compile("https?://[^/:\\s]+(:\\d{1,5})?(/\\S*)?");
    private static final Pattern TABLE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*\\.)?[A-Za-z_][A-Za-z0-9_]*");

    /** forward.mqtt.version: the MQTT forward's broker's version, chosen as mqtt.version is. */
    public final String mqttVersion;
    /** forward.mqtt.max-inflight: MQTT 3.1.1 only (camel-paho-mqtt5 has no such option). */
    public final int mqttMaxInflight;
    public final String jdbcUrl;
    public final String jdbcUser;
    public final String jdbcPassword;
    public final KafkaSettings kafka;

    ForwardSettings(Keys keys) {
        for (String retired : RETIRED) {
            if (!keys.optional(retired).isEmpty()) {
                LOG.warn("{} is set but no longer does anything: each forward reads the files from its saved position,"
                         + " holds no queue of its own and retries what may still succeed until it does"
                         + " (docs/forwarding.md); remove it", retired);
            }
        }
        keys.oneOf("forward.start", "end", "oldest");
        keys.whole("forward.retry-delay", 1, 60_000);
        mqttVersion = keys.mqttVersion("forward.mqtt.version");
        mqttMaxInflight = (int) keys.whole("forward.mqtt.max-inflight", 1, 65_535);
        boolean mqtt = mqtt(keys);
        String http = http(keys);
        jdbcUrl = keys.optional("forward.jdbc.url");
        jdbcUser = keys.optional("forward.jdbc.user");
        jdbcPassword = keys.optional("forward.jdbc.password");
        jdbc(keys);
        kafka = new KafkaSettings(keys);
        if (mqtt || !http.isEmpty() || !jdbcUrl.isEmpty() || kafka.client != null) {
            keys.writableDirectory("forward.deadletter.dir");
        }
    }

    /** Whether the MQTT forward is on (forward.mqtt.url set). */
    private boolean mqtt(Keys keys) {
        keys.oneOf("forward.mqtt.qos", "0", "1");
        keys.bool("forward.mqtt.retain");
        String prefix = keys.optional("forward.mqtt.topic-prefix");
        if (prefix.contains("+") || prefix.contains("#")) {
            throw Keys.bad("forward.mqtt.topic-prefix", "the start of an MQTT topic, without wildcards", prefix);
        }
        if (keys.optional("forward.mqtt.url").isEmpty()) {
            return false;
        }
        keys.brokerUrl("forward.mqtt.url");
        keys.text("forward.mqtt.client-id");
        if (!prefix.isEmpty()) {
            keys.sendable("forward.mqtt.topic-prefix", mqttVersion);
        }
        return true;
    }

    /** The HTTP forward's URL ("" when off) and token. */
    private static String http(Keys keys) {
        keys.whole("forward.http.batch-size", 1, 100_000);
        keys.whole("forward.http.batch-millis", 0, Integer.MAX_VALUE);
        String url = keys.optional("forward.http.url");
        if (!url.isEmpty() && !HTTP_URL.matcher(url).matches()) {
            throw Keys.bad("forward.http.url", "a URL such as http://host:8080/readings or https://host/hook",
                    Keys.withoutSecrets(url));
        }
        if (keys.optional("forward.http.token").chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            // never quoted: it is a secret
            throw new ConfigurationException("forward.http.token", "a token without spaces, line breaks or other"
                    + " control characters (it is sent as an HTTP header)");
        }
        return url;
    }

    private void jdbc(Keys keys) {
        // 7 parameters a row: PostgreSQL takes at most 65,535 in one statement
        keys.whole("forward.jdbc.batch-size", 1, 5_000);
        String table = keys.text("forward.jdbc.table");
        if (!TABLE.matcher(table).matches()) {
            throw Keys.bad("forward.jdbc.table", "a table name of letters, digits and _ (optionally schema.table)",
                    table);
        }
        if (!jdbcUrl.isEmpty() && !jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw Keys.bad("forward.jdbc.url", "a PostgreSQL JDBC URL such as jdbc:postgresql://host:5432/db",
                    Keys.withoutSecrets(jdbcUrl));
        }
    }
}
