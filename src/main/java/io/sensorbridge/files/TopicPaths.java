package io.sensorbridge.files;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.component.paho.PahoConstants;

/**
 * Maps an MQTT topic, which any publisher chooses, to a relative directory that is always safe to create below
 * the output directory, and that reads back to the topic.
 * <p>
 * Each topic level becomes one directory. Bytes other than {@code A-Z a-z 0-9 - _} are percent-encoded as UTF-8
 * ({@code .} too, so no level is {@code .} or {@code ..} and no level looks like a day file); an empty level
 * becomes {@code %}; a level that is a reserved device name on Windows ({@code CON}, {@code NUL}, {@code COM1}, …)
 * gets its first letter encoded. So {@code sensors/../x} maps to {@code sensors/%2E%2E/x}. A topic whose encoded
 * form would be longer than the file system allows maps to {@code ~<sha-256 of the topic>}: the topic itself is
 * in every line of that directory's files.
 * <p>
 * The file for a message is {@code <topic folder>/<period>.jsonl} (plain layout) or, Hive-style,
 * {@code topic=<topic as one encoded level>/date=<yyyy-MM-dd>/<period>.jsonl}, where the period is the UTC day
 * or hour the message was received ({@link FilePeriod}). A member of a share group (several bridges on one
 * subscription) puts all that below {@code member=<its client id, encoded as one level>/}, so members never write
 * the same file, even on a shared disk. As an {@link Expression} ({@code ref: topicPaths} in a
 * route) it gives that file's name for the exchange's {@code CamelMqttTopic}; folders are remembered per topic (up
 * to 4,096 topics) and the period's name per period, so a reading costs two look-ups.
 */
public final class TopicPaths implements Expression {

    /** The names of the period a time falls in, valid for times in [from, until). */
    private record Period(long from, long until, String name, String day) {
    }

    private static final int MAX_LEVEL_LENGTH = 200;
    private static final int MAX_PATH_LENGTH = 1000;
    private static final Set<String> WINDOWS_DEVICES = Set.of("CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3",
            "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7",
            "LPT8", "LPT9");

    private final boolean hive;
    private final FilePeriod period;
    private final String memberFolder;
    private final RecentNames<String> folders = new RecentNames<>(this::folderOf);
    private volatile Period current = new Period(0, 0, "", "");

    /** The plain layout with day files. */
    public TopicPaths() {
        this(false, FilePeriod.DAY, "");
    }

    /** {@code member}: the client id of a share group's member, or "" for a bridge that has its files to itself. */
    public TopicPaths(boolean hive, FilePeriod period, String member) {
        this.hive = hive;
        this.period = period;
        this.memberFolder = member.isEmpty() ? "" : memberFolderOf(member) + "/";
    }

    /** {@code member=<client id>}, the client id percent-encoded as one level (a {@code /} in it too). */
    public static String memberFolderOf(String member) {
        return "member=" + encodeLevel(member);
    }

    /**
     * The file of the UTC day (or hour) the message was received, relative to the output directory:
     * {@code <topic folder>/2026-11-25.jsonl}, or {@code topic=<topic>/date=2026-11-25/2026-11-25.jsonl}.
     */
    public String dayFile(String topic, long receivedMillis) {
        Period named = periodOf(receivedMillis);
        String folder = folders.get(topic);
        return hive ? folder + "/date=" + named.day() + "/" + named.name() + ".jsonl"
                : folder + "/" + named.name() + ".jsonl";
    }

    /** The day file of the exchange's {@code CamelMqttTopic}, received when the exchange was created. */
    @Override
    public <T> T evaluate(Exchange exchange, Class<T> type) {
        String topic = exchange.getMessage().getHeader(PahoConstants.MQTT_TOPIC, String.class);
        return type.cast(dayFile(topic, exchange.getClock().getCreated()));
    }

    private Period periodOf(long millis) {
        Period named = current;
        if (millis < named.from() || millis >= named.until()) {
            Instant time = Instant.ofEpochMilli(millis);
            named = new Period(millis, period.nextStart(time).toEpochMilli(), period.nameOf(time),
                    FilePeriod.dayOf(time));
            current = named;
        }
        return named;
    }

    private String folderOf(String topic) {
        return memberFolder + (hive ? "topic=" + hiveLevelOf(topic) : directoryOf(topic));
    }

    /** The whole topic as one folder name ({@code /} encoded too), as Hive-style partitions want it. */
    private static String hiveLevelOf(String topic) {
        String encoded = encodeLevel(topic);
        return encoded.length() > MAX_LEVEL_LENGTH ? hashed(topic) : encoded;
    }

    public String directoryOf(String topic) {
        StringBuilder path = new StringBuilder();
        for (String level : topic.split("/", -1)) {
            String encoded = encodeLevel(level);
            if (encoded.length() > MAX_LEVEL_LENGTH) {
                return hashed(topic);
            }
            if (path.length() > 0) {
                path.append('/');
            }
            path.append(encoded);
        }
        return path.length() > MAX_PATH_LENGTH ? hashed(topic) : path.toString();
    }

    private static String encodeLevel(String level) {
        if (level.isEmpty()) {
            return "%";
        }
        StringBuilder out = new StringBuilder();
        byte[] bytes = level.getBytes(StandardCharsets.UTF_8);
        boolean device = WINDOWS_DEVICES.contains(level.toUpperCase(java.util.Locale.ROOT));
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (isSafe(b) && !(device && i == 0)) {
                out.append((char) b);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static boolean isSafe(int b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '_';
    }

    private static String hashed(String topic) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(topic.getBytes(StandardCharsets.UTF_8));
            return "~" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
