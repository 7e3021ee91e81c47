package io.sensorbridge.replay;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sensorbridge.files.WrittenReading;
import io.sensorbridge.mqtt.TopicFilter;

/**
 * What {@code replay} was asked to do: which folder, which readings ({@code --from}, {@code --to}, {@code --topic},
 * {@code --sensor}), how fast ({@code --speed}, {@code --max-gap}, {@code --loop}) and where to ({@code --mqtt} and
 * its options, {@code --http}, or {@code --dry-run}). An option may be given as {@code --speed 60} or
 * {@code --speed=60}. What cannot work is refused with one line ({@link BadUsage}). {@code from} and {@code to}
 * are null when not given; {@code speed} is infinite for {@code --speed max}; {@code maxGap} null for none.
 */
record ReplayOptions(Path dir, Instant from, Instant to, List<String> topics, Set<String> sensors, double speed,
                     Duration maxGap, boolean loop, String mqttUrl, String topicPrefix, String qos, boolean retain,
                     String clientId, String httpUrl, String kafkaBrokers, String kafkaTopic, boolean dryRun) {

    /** An option that cannot work: its message is the one line to print. */
    static final class BadUsage extends Exception {
        BadUsage(String message) {
            super(message, null, false, false);
        }
    }

    static final String USAGE = "usage: replay <dir> [--from T] [--to T] [--topic FILTER]... [--sensor ID]..."
            + " [--speed FACTOR|max] [--max-gap DURATION] [--loop] [--mqtt URL [--topic-prefix P] [--qos 0|1]"
            + " [--retain] [--client-id ID]] [--http URL] [--kafka BROKERS [--kafka-topic T]] [--dry-run]";
    static final String DEFAULT_PREFIX = "replay/";
    static final String DEFAULT_CLIENT_ID = "sensor-bridge-replay";

    private static final Set<String> FLAGS = Set.of("--loop", "--retain", "--dry-run");
    private static final Set<String> OPTIONS = Set.of("--from", "--to", "--topic", "--sensor", "--speed", "--max-gap",
            "--loop", "--mqtt", "--topic-prefix", "--qos", "--retain", "--client-id", "--http", "--kafka",
            "--kafka-topic", "--dry-run");
    private static final Set<String> MQTT_ONLY = Set.of("--topic-prefix", "--qos", "--retain", "--client-id");
    static final String DEFAULT_KAFKA_TOPIC = "sensor-readings";
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    /** {@code --speed max}: as fast as the target takes. */
    boolean unpaced() {
        return Double.isInfinite(speed);
    }

    /** Whether the reading is one of those asked for by {@code --topic} and {@code --sensor} (all when none). */
    boolean selects(WrittenReading reading) {
        return (topics.isEmpty() || topics.stream().anyMatch(filter -> TopicFilter.matches(filter, reading.topic())))
               && (sensors.isEmpty() || sensors.contains(reading.sensor()));
    }

    /** The topic a reading is published to: with the prefix when it goes to MQTT. */
    String targetTopic(WrittenReading reading) {
        return mqttUrl == null ? reading.topic() : topicPrefix + reading.topic();
    }

    /**
     * The settings a replay runs the forward routes with: its targets and their options, every other forward off,
     * the bridge, simulator, embedded broker and HTTP port off, and full queues waiting instead of dead-lettering.
     */
    Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bridge.enabled", "false");
        settings.put("simulator.enabled", "false");
        settings.put("broker.embedded.enabled", "false");
        settings.put("http.enabled", "false");
        settings.put("bridge.log-summary-seconds", "0");
        // the forward routes' linefile: consumers read this folder (through a ReplaySource, not following it)
        settings.put("bridge.output.dir", dir.toString());
        settings.put("forward.jdbc.url", "");
        settings.put("forward.mqtt.url", mqttUrl == null ? "" : mqttUrl);
        settings.put("forward.http.url", httpUrl == null ? "" : httpUrl);
        settings.put("forward.kafka.brokers", kafkaBrokers == null ? "" : kafkaBrokers);
        if (kafkaBrokers != null) {
            settings.put("forward.kafka.topic", kafkaTopic);
        }
        if (mqttUrl != null) {
            settings.put("forward.mqtt.topic-prefix", topicPrefix);
            settings.put("forward.mqtt.qos", qos);
            settings.put("forward.mqtt.retain", String.valueOf(retain));
            settings.put("forward.mqtt.client-id", clientId);
        }
        return settings;
    }

    /** The option a setting of {@link #settings()} came from, for a message about it; null for the others. */
    static String optionOf(String key) {
        return switch (key) {
            case "forward.mqtt.url" -> "--mqtt";
            case "forward.http.url" -> "--http";
            case "forward.kafka.brokers" -> "--kafka";
            case "forward.kafka.topic" -> "--kafka-topic";
            case "forward.mqtt.topic-prefix" -> "--topic-prefix";
            case "forward.mqtt.client-id" -> "--client-id";
            default -> null;
        };
    }

    static ReplayOptions parse(List<String> args) throws BadUsage {
        Parsed parsed = new Parsed();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("-")) {
                if (parsed.dir != null) {
                    throw new BadUsage("replay: one folder only, not '" + parsed.dir + "' and '" + arg + "'");
                }
                parsed.dir = Path.of(arg);
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            String value = equals < 0 ? null : arg.substring(equals + 1);
            if (!OPTIONS.contains(name)) {
                throw new BadUsage("replay: unknown option " + name + "; " + USAGE);
            }
            if (FLAGS.contains(name)) {
                if (value != null) {
                    throw new BadUsage("replay: " + name + " takes no value");
                }
            } else if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new BadUsage("replay: " + name + " needs a value; " + USAGE);
                }
                value = args.get(++i);
            }
            parsed.given.add(name);
            parsed.set(name, value);
        }
        return parsed.checked();
    }

    /** The options while they are read. */
    private static final class Parsed {
        private final Set<String> given = new LinkedHashSet<>();
        private final List<String> topics = new ArrayList<>();
        private final Set<String> sensors = new LinkedHashSet<>();
        private Path dir;
        private Instant from;
        private Instant to;
        private double speed = 1;
        private Duration maxGap;
        private boolean loop;
        private String mqttUrl;
        private String topicPrefix = DEFAULT_PREFIX;
        private String qos = "1";
        private boolean retain;
        private String clientId = DEFAULT_CLIENT_ID;
        private String httpUrl;
        private String kafkaBrokers;
        private String kafkaTopic = DEFAULT_KAFKA_TOPIC;
        private boolean dryRun;

        void set(String name, String value) throws BadUsage {
            switch (name) {
                case "--from" -> from = time(name, value);
                case "--to" -> to = time(name, value);
                case "--topic" -> topics.add(topicFilter(value));
                case "--sensor" -> sensors.add(value);
                case "--speed" -> speed = speed(value);
                case "--max-gap" -> maxGap = duration(value);
                case "--loop" -> loop = true;
                case "--mqtt" -> mqttUrl = value;
                case "--topic-prefix" -> topicPrefix = value;
                case "--qos" -> qos = qos(value);
                case "--retain" -> retain = true;
                case "--client-id" -> clientId = value;
                case "--http" -> httpUrl = value;
                case "--kafka" -> kafkaBrokers = value;
                case "--kafka-topic" -> kafkaTopic = value;
                case "--dry-run" -> dryRun = true;
                default -> throw new IllegalArgumentException(name + " is in OPTIONS but not read");
            }
        }

        ReplayOptions checked() throws BadUsage {
            if (dir == null) {
                throw new BadUsage(USAGE);
            }
            if (from != null && to != null && !from.isBefore(to)) {
                throw new BadUsage("replay: --from (" + from + ") must be before --to (" + to + ")");
            }
            if (mqttUrl == null) {
                for (String option : given) {
                    if (MQTT_ONLY.contains(option)) {
                        throw new BadUsage("replay: " + option + " goes with --mqtt");
                    }
                }
            }
            if (kafkaBrokers == null && given.contains("--kafka-topic")) {
                throw new BadUsage("replay: --kafka-topic goes with --kafka");
            }
            if (mqttUrl == null && httpUrl == null && kafkaBrokers == null && !dryRun) {
                throw new BadUsage("replay: where to? Give --mqtt URL, --http URL, --kafka BROKERS (any of them), or"
                                   + " --dry-run");
            }
            if (loop && dryRun) {
                throw new BadUsage("replay: --loop with --dry-run would print forever; a dry run is one pass");
            }
            return new ReplayOptions(dir, from, to, List.copyOf(topics), Set.copyOf(sensors), speed, maxGap, loop,
                    mqttUrl, topicPrefix, qos, retain, clientId, httpUrl, kafkaBrokers, kafkaTopic, dryRun);
        }
    }

    /** An ISO instant ({@code 2026-11-25T14:00:00Z}) or a UTC day ({@code 2026-11-25}, its start). */
    private static Instant time(String option, String value) throws BadUsage {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC)
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadUsage("replay: " + option + " must be an ISO instant such as 2026-11-25T14:00:00Z or a UTC day"
                               + " such as 2026-11-25, not '" + value + "'");
        }
    }

    private static String topicFilter(String value) throws BadUsage {
        if (!TopicFilter.isValid(value)) {
            throw new BadUsage("replay: --topic must be an MQTT topic filter (+ for a whole level, # only as the"
                               + " last level), not '" + value + "'");
        }
        return value;
    }

    private static double speed(String value) throws BadUsage {
        if (value.equalsIgnoreCase("max")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            double factor = Double.parseDouble(value);
            if (factor > 0 && Double.isFinite(factor)) {
                return factor;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new BadUsage("replay: --speed must be a factor above 0 (1 = the original pace, 60 = an hour a minute)"
                           + " or max, not '" + value + "'");
    }

    /** {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 1d}, or ISO-8601 ({@code PT10S}); above zero. */
    private static Duration duration(String value) throws BadUsage {
        Duration duration = null;
        Matcher shortForm = SHORT_DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (shortForm.matches()) {
            double millisPerUnit = switch (shortForm.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                default -> 86_400_000;
            };
            duration = Duration.ofMillis(Math.round(Double.parseDouble(shortForm.group(1)) * millisPerUnit));
        } else {
            try {
                duration = Duration.parse(value);
            } catch (DateTimeParseException notIso) {
                // reported below
            }
        }
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new BadUsage("replay: --max-gap must be a duration above zero such as 500ms, 10s, 5m, 2h or PT10S,"
                               + " not '" + value + "'");
        }
        return duration;
    }

    private static String qos(String value) throws BadUsage {
        if (!value.equals("0") && !value.equals("1")) {
            throw new BadUsage("replay: --qos must be 0 or 1, not '" + value + "'");
        }
        return value;
    }
}
