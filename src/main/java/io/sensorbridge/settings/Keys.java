package io.sensorbridge.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Pattern;

import io.sensorbridge.ConfigurationException;
import io.sensorbridge.mqtt.EscapedTopics;
import io.sensorbridge.mqtt.TopicFilter;
import org.apache.camel.LoggingLevel;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The one place that reads a key (application.properties, its environment variable or -D) and reports a value that
 * cannot work, the same way for every area: one {@link ConfigurationException} naming the key, the form it must have
 * and what was given (a URL without its secrets, a secret never).
 */
public final class Keys {

    private static final Pattern BROKER_URL = Pattern.compile("(tcp|ssl|ws|wss)://[^/:\\s]+(:\\d{1,5})?/?");
    private static final Pattern USER_INFO = Pattern.compile("^([a-z][a-z0-9+.-]*:(?://)?)[^/@]*@",
            Pattern.CASE_INSENSITIVE);

    private final PropertiesComponent properties;

    Keys(PropertiesComponent properties) {
        this.properties = properties;
    }

    /** A URL as it may be quoted in an error: without user:password@ and without its query (tokens live there). */
    public static String withoutSecrets(String url) {
        String shown = USER_INFO.matcher(url).replaceFirst("$1***@");
        int query = shown.indexOf('?');
        return query < 0 ? shown : shown.substring(0, query) + "?***";
    }

    static ConfigurationException bad(String key, String expected, String given) {
        return new ConfigurationException(key, expected + ", not '" + given + "'");
    }

    /** The value, or "" when the key is not set. */
    String optional(String key) {
        return properties.resolveProperty(key).orElse("").strip();
    }

    /** The value; refused when empty or missing. */
    String text(String key) {
        String value = optional(key);
        if (value.isEmpty()) {
            throw new ConfigurationException(key, "set (it is empty or missing)");
        }
        return value;
    }

    /** A path, or null when the key is empty. */
    Path optionalPath(String key) {
        String value = optional(key);
        return value.isEmpty() ? null : Path.of(value);
    }

    /** One of {@code allowed} (in any case), in lower case. */
    String oneOf(String key, String... allowed) {
        String value = text(key);
        if (!Arrays.asList(allowed).contains(value.toLowerCase(Locale.ROOT))) {
            throw bad(key, "one of " + String.join(", ", allowed), value);
        }
        return value.toLowerCase(Locale.ROOT);
    }

    boolean bool(String key) {
        return Boolean.parseBoolean(oneOf(key, "true", "false"));
    }

    long whole(String key, long min, long max) {
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

    /** A whole number, or empty when the key is empty. */
    OptionalLong optionalWhole(String key, String emptyMeans) {
        String value = optional(key);
        try {
            return value.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException notANumber) {
            throw bad(key, "a whole number, or empty for " + emptyMeans, value);
        }
    }

    /** A number from 0 to 1. */
    double fraction(String key) {
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

    LoggingLevel logLevel(String key) {
        return LoggingLevel.valueOf(oneOf(key, Arrays.stream(LoggingLevel.values())
                .map(l -> l.name().toLowerCase(Locale.ROOT)).toArray(String[]::new)).toUpperCase(Locale.ROOT));
    }

    /** MQTT 3.1.1 (camel-paho) or 5 (camel-paho-mqtt5); 3.1 and 3 are not offered. */
    String mqttVersion(String key) {
        return oneOf(key, "3.1.1", "5");
    }

    String brokerUrl(String key) {
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

    /** An MQTT topic; with {@code filter}, a topic filter (wildcards where MQTT allows them). */
    String topic(String key, boolean filter) {
        String value = text(key);
        boolean wildcards = value.contains("+") || value.contains("#");
        if (wildcards && (!filter || !TopicFilter.isValid(value))) {
            throw bad(key, filter ? "an MQTT topic filter (+ for a whole level, # only as the last level)"
                    : "an MQTT topic without wildcards", value);
        }
        return value;
    }

    /** Paho's MQTT 3.1.1 client cannot send some topics (an emoji, a fullwidth letter): say so at the start. */
    void sendable(String key, String version) {
        if (version.equals("3.1.1")) {
            try {
                EscapedTopics.checkSendable(text(key));
            } catch (IllegalArgumentException e) {
                throw bad(key, "a topic MQTT 3.1.1's client can send (" + e.getMessage() + "), or MQTT 5", text(key));
            }
        }
    }

    /** A folder that is there or can be made, and can be written to. */
    void writableDirectory(String key) {
        Path dir = Path.of(text(key));
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".write-check", ".tmp"));
        } catch (IOException | RuntimeException e) {
            throw bad(key, "a folder the bridge can create and write to", dir + " (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + ")");
        }
    }

    /** A PEM file that is there and readable, or null when the key is empty. */
    Path pemFile(String key) {
        Path file = optionalPath(key);
        if (file == null) {
            return null;
        }
        try {
            if (!Files.readString(file).contains("-----BEGIN ")) {
                throw bad(key, "a PEM file (-----BEGIN ...)", file.toString());
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ConfigurationException bad) {
                throw bad;
            }
            throw bad(key, "a PEM file the bridge can read", file + " (" + e.getClass().getSimpleName() + ")");
        }
        return file;
    }
}
