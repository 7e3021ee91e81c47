package io.sensorbridge;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.function.UnaryOperator;

import javax.net.ssl.SSLSocketFactory;

import io.sensorbridge.files.FilePeriod;
import io.sensorbridge.files.FsyncPolicy;
import io.sensorbridge.mqtt.EscapedTopics;
import io.sensorbridge.mqtt.PemSocketFactory;
import io.sensorbridge.mqtt.TopicFilter;
import org.apache.camel.LoggingLevel;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The application's own settings, read once at start-up and checked before anything starts: a value that cannot
 * work stops the application with one line naming the key and the form it must have
 * ({@link ConfigurationException}). A key that looks like a misspelt one of ours is refused too.
 */
public final class Settings {

    private static final Set<String> KNOWN = Set.of(
            "routes.dsl", "routes.yaml.files", "routes.java.files",
            "mqtt.broker.url", "mqtt.qos", "mqtt.client-id", "mqtt.username", "mqtt.password", "mqtt.version",
            "mqtt.tls.ca-file", "mqtt.tls.cert-file", "mqtt.tls.key-file", "mqtt.tls.verify-hostname",
            "broker.embedded.enabled", "broker.embedded.host", "broker.embedded.port", "broker.embedded.data-dir",
            "broker.embedded.max-queued-messages", "broker.embedded.allow-anonymous",
            "simulator.enabled", "simulator.period", "sensor.topic", "simulator.sensor-id", "simulator.client-id",
            "simulator.buffer", "simulator.log-level", "simulator.sensors", "simulator.model", "simulator.seed",
            "simulator.chaos.malformed-rate", "simulator.chaos.duplicate-rate", "simulator.chaos.drop-rate",
            "bridge.enabled", "bridge.topic", "bridge.output.dir", "bridge.deadletter.dir", "bridge.max-payload-bytes",
            "bridge.deadletter.payload-bytes", "bridge.fsync", "bridge.log-level", "bridge.log-max-per-second",
            "bridge.watchdog-seconds", "bridge.share-group",
            "bridge.output.layout", "bridge.output.format", "bridge.output.rotate-bytes", "bridge.output.rotate-every",
            "bridge.output.compress", "bridge.output.retain-days", "bridge.output.retain-bytes",
            "forward.queue-size", "forward.wait-when-full", "forward.retries", "forward.retry-delay",
            "forward.deadletter.dir", "forward.mqtt.url", "forward.mqtt.version", "forward.mqtt.topic-prefix",
            "forward.mqtt.qos", "forward.mqtt.retain", "forward.mqtt.max-inflight", "forward.mqtt.client-id",
            "forward.mqtt.username",
            "forward.mqtt.password", "forward.http.url", "forward.http.token", "forward.http.batch-size",
            "forward.http.batch-millis",
            "forward.jdbc.url", "forward.jdbc.user", "forward.jdbc.password", "forward.jdbc.table",
            "bridge.log-summary-seconds",
            "http.enabled", "http.host", "http.port", "http.username", "http.password", "http.allow-anonymous",
            "http.live.buffer", "http.live.max-clients");
    private static final List<String> PREFIXES =
            List.of("bridge.", "simulator.", "mqtt.", "broker.", "sensor.", "routes.", "forward.", "http.");
    private static final List<String> ENV_PREFIXES = PREFIXES.stream().map(Settings::environmentForm).toList();
    private static final Pattern BROKER_URL = Pattern.compile("(tcp|ssl|ws|wss)://[^/:\\s]+(:\\d{1,5})?/?");
    private static final Pattern HTTP_URL = Pattern.compile("https?://[^/:\\s]+(:\\d{1,5})?(/\\S*)?");
    /** MQTT 5's ShareName (no /, + or #), without the spaces and control characters no one means. */
    private static final Pattern SHARE_NAME = Pattern.compile("[^/+#\\s\\p{Cntrl}]*");
    private static final Pattern TABLE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*\\.)?[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_TYPO_DISTANCE = 3;
    private static final Pattern USER_INFO = Pattern.compile("^([a-z][a-z0-9+.-]*:(?://)?)[^/@]*@",
            Pattern.CASE_INSENSITIVE);

    private final PropertiesComponent properties;

    public final String routesDsl;
    public final boolean brokerEnabled;
    public final String brokerHost;
    public final int brokerPort;
    public final Path brokerDataDir;
    public final long brokerMaxQueued;
    /** broker.embedded.allow-anonymous, checked against the broker's address ({@link #embeddedBrokerAccess}). */
    public final boolean brokerAllowAnonymous;
    /** Empty when not set. */
    /** mqtt.version: "3.1.1" (camel-paho) or "5" (camel-paho-mqtt5). */
    public final String mqttVersion;
    /** forward.mqtt.version, the same choice for the MQTT forward's broker. */
    public final String forwardMqttVersion;
    public final String username;
    public final String password;
    /** Built from the mqtt.tls.* PEM files; null without them (tcp://, or ssl:// with the JVM's own CAs). */
    public final SSLSocketFactory tlsSocketFactory;
    public final boolean verifyHostname;
    public final String sensorId;
    public final String sensorTopic;
    public final long simulatorPeriod;
    public final int sensors;
    public final String model;
    /** Empty for a random seed. */
    public final OptionalLong seed;
    public final double malformedRate;
    public final double duplicateRate;
    public final double dropRate;
    public final int maxPayloadBytes;
    public final int deadLetterPayloadBytes;
    public final LoggingLevel bridgeLogLevel;
    public final int bridgeLogMaxPerSecond;
    public final boolean hiveLayout;
    public final FilePeriod rotateEvery;
    public final int simulatorBuffer;
    public final int watchdogSeconds;
    public final int forwardQueueSize;
    public final int forwardHttpBatchSize;
    /** forward.mqtt.max-inflight: MQTT 3.1.1 only (camel-paho-mqtt5 has no such option). */
    public final int forwardMqttMaxInflight;
    public final String forwardJdbcUrl;
    public final String forwardJdbcUser;
    public final String forwardJdbcPassword;
    public final int bridgeLogSummarySeconds;
    public final String outputDir;
    public final String bridgeTopic;
    /** bridge.share-group; empty: the bridge has a subscription of its own. */
    public final String shareGroup;
    /** mqtt.client-id: the bridge's client id, and its member folder in a share group. */
    public final String clientId;
    public final boolean httpEnabled;
    public final String httpHost;
    public final int httpPort;
    /** Empty when not set: then the HTTP port asks for no password (loopback, or http.allow-anonymous=true). */
    public final String httpUsername;
    public final String httpPassword;
    public final int liveBuffer;
    public final int liveMaxClients;

    private Settings(PropertiesComponent properties, Set<String> keysGiven) {
        this.properties = properties;
        refuseMisspeltKeys(keysGiven);
        routesDsl = oneOf("routes.dsl", "yaml", "java");
        brokerEnabled = bool("broker.embedded.enabled");
        brokerHost = text("broker.embedded.host");
        brokerPort = (int) whole("broker.embedded.port", 1, 65_535);
        brokerDataDir = Path.of(text("broker.embedded.data-dir"));
        brokerMaxQueued = whole("broker.embedded.max-queued-messages", 1, Long.MAX_VALUE);
        oneOf("mqtt.qos", "0", "1", "2");
        mqttVersion = mqttVersion("mqtt.version");
        String brokerUrl = brokerUrl("mqtt.broker.url");
        username = optional("mqtt.username");
        password = optional("mqtt.password");
        if (!password.isEmpty() && username.isEmpty()) {
            throw new ConfigurationException("mqtt.username", "set when mqtt.password is set");
        }
        if (brokerEnabled && !username.isEmpty() && password.isEmpty()) {
            throw new ConfigurationException("mqtt.password", "set when mqtt.username is set and the embedded broker"
                    + " runs (it asks every client for both; with no password anyone giving the user name gets in)");
        }
        brokerAllowAnonymous = embeddedBrokerAccess();
        tlsSocketFactory = tls(brokerUrl);
        verifyHostname = bool("mqtt.tls.verify-hostname");
        boolean simulatorEnabled = bool("simulator.enabled");
        simulatorPeriod = whole("simulator.period", 1, Long.MAX_VALUE);
        topic("sensor.topic", false);
        sensorTopic = text("sensor.topic");
        sensorId = text("simulator.sensor-id");
        if (sensorId.matches(".*[/+#].*")) {
            throw bad("simulator.sensor-id", "a sensor id without /, + or # (it may stand in the topic)", sensorId);
        }
        if (simulatorEnabled) {
            sendable("sensor.topic", mqttVersion);
            sendable("simulator.sensor-id", mqttVersion);
        }
        sensors = (int) whole("simulator.sensors", 1, 100_000);
        model = oneOf("simulator.model", "uniform", "walk");
        seed = seed("simulator.seed");
        malformedRate = fraction("simulator.chaos.malformed-rate");
        duplicateRate = fraction("simulator.chaos.duplicate-rate");
        dropRate = fraction("simulator.chaos.drop-rate");
        simulatorBuffer = (int) whole("simulator.buffer", 1, Integer.MAX_VALUE);
        logLevel("simulator.log-level");
        boolean bridgeEnabled = bool("bridge.enabled");
        topic("bridge.topic", true);
        if (bridgeEnabled) {
            sendable("bridge.topic", mqttVersion);
        }
        bridgeTopic = text("bridge.topic");
        clientId = text("mqtt.client-id");
        shareGroup = optional("bridge.share-group");
        if (!SHARE_NAME.matcher(shareGroup).matches()) {
            throw bad("bridge.share-group", "a group name without /, +, #, spaces or control characters (empty: none)",
                    shareGroup);
        }
        if (bridgeEnabled && !shareGroup.isEmpty()) {
            sendable("bridge.share-group", mqttVersion);
        }
        maxPayloadBytes = (int) whole("bridge.max-payload-bytes", 1, Integer.MAX_VALUE - 8);
        deadLetterPayloadBytes = (int) whole("bridge.deadletter.payload-bytes", 0, Integer.MAX_VALUE - 8);
        oneOf("bridge.fsync", Arrays.stream(FsyncPolicy.values()).map(p -> p.name().toLowerCase(Locale.ROOT))
                .toArray(String[]::new));
        bridgeLogLevel = LoggingLevel.valueOf(logLevel("bridge.log-level").toUpperCase(Locale.ROOT));
        bridgeLogMaxPerSecond = (int) whole("bridge.log-max-per-second", 0, Integer.MAX_VALUE);
        watchdogSeconds = (int) whole("bridge.watchdog-seconds", 0, Integer.MAX_VALUE);
        hiveLayout = oneOf("bridge.output.layout", "plain", "hive").equals("hive");
        oneOf("bridge.output.format", "jsonl", "csv");
        whole("bridge.output.rotate-bytes", 0, Long.MAX_VALUE);
        rotateEvery = FilePeriod.valueOf(oneOf("bridge.output.rotate-every", "day", "hour").toUpperCase(Locale.ROOT));
        oneOf("bridge.output.compress", "none", "gzip");
        whole("bridge.output.retain-days", 0, Integer.MAX_VALUE);
        whole("bridge.output.retain-bytes", 0, Long.MAX_VALUE);
        if (bridgeEnabled) {
            writableDirectory("bridge.output.dir");
            writableDirectory("bridge.deadletter.dir");
        }
        if (bridgeEnabled && simulatorEnabled && clientId.equals(text("simulator.client-id"))) {
            throw new ConfigurationException("simulator.client-id", "different from mqtt.client-id (both are '"
                    + text("mqtt.client-id") + "'): a broker disconnects one of two clients with the same id");
        }
        forwardHttpBatchSize = (int) whole("forward.http.batch-size", 1, 100_000);
        forwardQueueSize = (int) whole("forward.queue-size", 1, Integer.MAX_VALUE);
        forwardMqttVersion = mqttVersion("forward.mqtt.version");
        forwardMqttMaxInflight = (int) whole("forward.mqtt.max-inflight", 1, 65_535);
        forwardJdbcUrl = optional("forward.jdbc.url");
        forwardJdbcUser = optional("forward.jdbc.user");
        forwardJdbcPassword = optional("forward.jdbc.password");
        forwards();
        outputDir = text("bridge.output.dir");
        bridgeLogSummarySeconds = (int) whole("bridge.log-summary-seconds", 0, 86_400);
        httpEnabled = bool("http.enabled");
        httpHost = text("http.host");
        httpPort = (int) whole("http.port", 1, 65_535);
        httpUsername = optional("http.username");
        httpPassword = optional("http.password");
        liveBuffer = (int) whole("http.live.buffer", 1, 1_000_000);
        liveMaxClients = (int) whole("http.live.max-clients", 1, 10_000);
        httpAccess();
    }

    /**
     * The same rule as the embedded broker's: on loopback the HTTP port is open to this machine; on any other address
     * it wants http.username and http.password, or an explicit http.allow-anonymous=true.
     */
    private void httpAccess() {
        boolean allowAnonymous = bool("http.allow-anonymous");
        if (httpUsername.isEmpty() != httpPassword.isEmpty()) {
            throw new ConfigurationException(httpUsername.isEmpty() ? "http.username" : "http.password",
                    "set together with " + (httpUsername.isEmpty() ? "http.password" : "http.username")
                    + " (HTTP basic authentication needs both)");
        }
        if (!httpEnabled || !httpUsername.isEmpty() || allowAnonymous) {
            return;
        }
        try {
            if (InetAddress.getByName(httpHost).isLoopbackAddress()) {
                return;
            }
        } catch (IOException e) {
            throw bad("http.host", "an address of this machine", httpHost);
        }
        throw new ConfigurationException("http.allow-anonymous", "true for the HTTP port on " + httpHost
                + " (not loopback) to serve health, metrics and the live page without a password; or set"
                + " http.username and http.password (HTTP_PASSWORD) and it asks every request for them");
    }

    private void forwards() {
        bool("forward.wait-when-full");
        oneOf("forward.mqtt.qos", "0", "1");
        bool("forward.mqtt.retain");
        whole("forward.retries", 0, Integer.MAX_VALUE);
        whole("forward.retry-delay", 1, Integer.MAX_VALUE);
        whole("forward.http.batch-millis", 1, Integer.MAX_VALUE);
        String table = text("forward.jdbc.table");
        if (!TABLE.matcher(table).matches()) {
            throw bad("forward.jdbc.table", "a table name of letters, digits and _ (optionally schema.table)", table);
        }
        String prefix = optional("forward.mqtt.topic-prefix");
        if (prefix.contains("+") || prefix.contains("#")) {
            throw bad("forward.mqtt.topic-prefix", "the start of an MQTT topic, without wildcards", prefix);
        }
        boolean mqtt = !optional("forward.mqtt.url").isEmpty();
        if (mqtt) {
            brokerUrl("forward.mqtt.url");
            text("forward.mqtt.client-id");
            sendable("forward.mqtt.topic-prefix", forwardMqttVersion);
        }
        String http = optional("forward.http.url");
        if (!http.isEmpty() && !HTTP_URL.matcher(http).matches()) {
            throw bad("forward.http.url", "a URL such as http://host:8080/readings or https://host/hook",
                    withoutSecrets(http));
        }
        if (optional("forward.http.token").chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            // never quoted: it is a secret
            throw new ConfigurationException("forward.http.token", "a token without spaces, line breaks or other"
                    + " control characters (it is sent as an HTTP header)");
        }
        if (!forwardJdbcUrl.isEmpty() && !forwardJdbcUrl.startsWith("jdbc:postgresql://")) {
            throw bad("forward.jdbc.url", "a PostgreSQL JDBC URL such as jdbc:postgresql://host:5432/db",
                    withoutSecrets(forwardJdbcUrl));
        }
        if (mqtt || !http.isEmpty() || !forwardJdbcUrl.isEmpty()) {
            writableDirectory("forward.deadletter.dir");
        }
    }

    /** The value, or "" when the key is not set. */
    private String optional(String key) {
        return properties.resolveProperty(key).orElse("").strip();
    }

    /** Reads and checks every setting; throws {@link ConfigurationException} for the first that cannot work. */
    public static Settings check(PropertiesComponent properties) {
        Set<String> keysGiven = new TreeSet<>();
        properties.loadPropertiesAsMap().keySet().forEach(k -> keysGiven.add(k.toString()));
        System.getProperties().keySet().forEach(k -> keysGiven.add(k.toString()));
        return new Settings(properties, keysGiven);
    }

    private String text(String key) {
        String value = properties.resolveProperty(key).orElse("").strip();
        if (value.isEmpty()) {
            throw new ConfigurationException(key, "set (it is empty or missing)");
        }
        return value;
    }

    private Path optionalPath(String key) {
        String value = optional(key);
        return value.isEmpty() ? null : Path.of(value);
    }

    private String oneOf(String key, String... allowed) {
        String value = text(key);
        if (!Arrays.asList(allowed).contains(value.toLowerCase(Locale.ROOT))) {
            throw bad(key, "one of " + String.join(", ", allowed), value);
        }
        return value.toLowerCase(Locale.ROOT);
    }

    private boolean bool(String key) {
        return Boolean.parseBoolean(oneOf(key, "true", "false"));
    }

    private long whole(String key, long min, long max) {
        String value = text(key);
        try {
            long number = Long.parseLong(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw bad(key, max == Long.MAX_VALUE ? "a whole number of at least " + min
                : "a whole number from " + min + " to " + max, value);
    }

    private OptionalLong seed(String key) {
        String value = properties.resolveProperty(key).orElse("").strip();
        try {
            return value.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException notANumber) {
            throw bad(key, "a whole number, or empty for a random seed", value);
        }
    }

    private double fraction(String key) {
        String value = text(key);
        try {
            double number = Double.parseDouble(value);
            if (number >= 0 && number <= 1) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw bad(key, "a number from 0 to 1", value);
    }

    private String logLevel(String key) {
        return oneOf(key, Arrays.stream(LoggingLevel.values()).map(l -> l.name().toLowerCase(Locale.ROOT))
                .toArray(String[]::new));
    }

    /** MQTT 3.1.1 (camel-paho) or 5 (camel-paho-mqtt5); 3.1 and 3 are not offered. */
    private String mqttVersion(String key) {
        return oneOf(key, "3.1.1", "5");
    }

    /** Paho's MQTT 3.1.1 client cannot send some topics (an emoji, a fullwidth letter): say so at the start. */
    private void sendable(String key, String version) {
        if (version.equals("3.1.1")) {
            try {
                EscapedTopics.checkSendable(text(key));
            } catch (IllegalArgumentException e) {
                throw bad(key, "a topic MQTT 3.1.1's client can send (" + e.getMessage() + "), or MQTT 5",
                        text(key));
            }
        }
    }

    private String brokerUrl(String key) {
        String value = text(key);
        if (!BROKER_URL.matcher(value).matches()) {
            throw bad(key, "a broker URL such as tcp://host:1883 or ssl://host:8883", withoutSecrets(value));
        }
        int colon = value.lastIndexOf(':');
        if (colon > value.indexOf("://") && Long.parseLong(value.substring(colon + 1).replace("/", "")) > 65_535) {
            throw bad(key, "a broker URL with a port from 1 to 65535", withoutSecrets(value));
        }
        return value;
    }

    /**
     * On loopback the embedded broker lets anyone in unless credentials are set; on any other address it wants
     * them, or an explicit broker.embedded.allow-anonymous=true.
     */
    private boolean embeddedBrokerAccess() {
        boolean allowAnonymous = bool("broker.embedded.allow-anonymous");
        if (!brokerEnabled || !username.isEmpty() || allowAnonymous) {
            return allowAnonymous;
        }
        try {
            if (InetAddress.getByName(brokerHost).isLoopbackAddress()) {
                return false;
            }
        } catch (IOException e) {
            throw bad("broker.embedded.host", "an address of this machine", brokerHost);
        }
        throw new ConfigurationException("broker.embedded.allow-anonymous", "true for an embedded broker on "
                + brokerHost + " (not loopback) to let in clients without a password; or set mqtt.username and"
                + " mqtt.password (MQTT_PASSWORD) and it asks every client for them");
    }

    /** The PEM files are read and checked whenever they are set, so a mistake shows at start-up, not at connect. */
    private SSLSocketFactory tls(String brokerUrl) {
        Path ca = optionalPath(PemSocketFactory.CA_FILE);
        Path cert = optionalPath(PemSocketFactory.CERT_FILE);
        Path key = optionalPath(PemSocketFactory.KEY_FILE);
        if (ca == null && cert == null && key == null) {
            return null;
        }
        SSLSocketFactory factory = PemSocketFactory.create(ca, cert, key);
        if (!brokerUrl.startsWith("ssl://") && !brokerUrl.startsWith("wss://")) {
            throw bad("mqtt.broker.url", "an ssl:// (or wss://) URL when mqtt.tls.* files are set", brokerUrl);
        }
        return factory;
    }

    private void topic(String key, boolean filter) {
        String value = text(key);
        boolean wildcards = value.contains("+") || value.contains("#");
        if (wildcards && (!filter || !TopicFilter.isValid(value))) {
            throw bad(key, filter ? "an MQTT topic filter (+ for a whole level, # only as the last level)"
                    : "an MQTT topic without wildcards", value);
        }
    }

    private void writableDirectory(String key) {
        Path dir = Path.of(text(key));
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".write-check", ".tmp"));
        } catch (IOException | RuntimeException e) {
            throw bad(key, "a folder the bridge can create and write to", dir + " (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + ")");
        }
    }

    /** Keys (from files or -D) and environment variables that are one of ours misspelt. */
    private static void refuseMisspeltKeys(Set<String> keysGiven) {
        for (String key : keysGiven) {
            refuseIfMisspelt(key, PREFIXES, k -> k);
        }
        for (String variable : System.getenv().keySet()) {
            refuseIfMisspelt(variable, ENV_PREFIXES, Settings::environmentForm);
        }
    }

    private static void refuseIfMisspelt(String given, List<String> prefixes, UnaryOperator<String> form) {
        if (prefixes.stream().noneMatch(given::startsWith)
                || KNOWN.stream().map(form).anyMatch(given::equals)) {
            return;
        }
        String meant = KNOWN.stream().min(Comparator.comparingInt(k -> distance(form.apply(k), given))).orElseThrow();
        if (distance(form.apply(meant), given) <= MAX_TYPO_DISTANCE) {
            throw new ConfigurationException(given, "a known key: did you mean " + form.apply(meant)
                    + (form.apply(meant).equals(meant) ? "" : " (" + meant + ")") + "?");
        }
    }

    /** How Camel reads a key from the environment: bridge.output.dir is BRIDGE_OUTPUT_DIR. */
    private static String environmentForm(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** A URL as it may be quoted in an error: without user:password@ and without its query (tokens live there). */
    public static String withoutSecrets(String url) {
        String shown = USER_INFO.matcher(url).replaceFirst("$1***@");
        int query = shown.indexOf('?');
        return query < 0 ? shown : shown.substring(0, query) + "?***";
    }

    private static ConfigurationException bad(String key, String expected, String given) {
        return new ConfigurationException(key, expected + ", not '" + given + "'");
    }

    /** Levenshtein distance: how many letters to change, add or remove to turn one key into the other. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int change = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + change);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
