package io.sensorbridge.settings;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.sensorbridge.files.FilePeriod;
import io.sensorbridge.files.FsyncPolicy;
import org.apache.camel.LoggingLevel;

/** The bridge and the files it writes: {@code bridge.*}. */
public final class BridgeSettings {

    static final List<String> KEYS = List.of("bridge.enabled", "bridge.topic", "bridge.output.dir",
            "bridge.deadletter.dir", "bridge.max-payload-bytes", "bridge.deadletter.payload-bytes", "bridge.fsync",
            "bridge.log-level", "bridge.log-max-per-second", "bridge.watchdog-seconds", "bridge.share-group",
            "bridge.output.layout", "bridge.output.format", "bridge.output.rotate-bytes", "bridge.output.rotate-every",
            "bridge.output.compress", "bridge.output.retain-days", "bridge.output.retain-bytes",
            "bridge.log-summary-seconds");
    /** MQTT 5's ShareName (no /, + or #), without the spaces and control characters no one means. */
    private static final Pattern SHARE_NAME = Pattern.compile("[^/+#\\s\\p{Cntrl}]*");

    public final boolean enabled;
    public final String topic;
    /** bridge.share-group; empty: the bridge has a subscription of its own. */
    public final String shareGroup;
    public final int maxPayloadBytes;
    public final int deadLetterPayloadBytes;
    public final LoggingLevel logLevel;
    public final int logMaxPerSecond;
    public final int watchdogSeconds;
    public final int logSummarySeconds;
    public final String outputDir;
    public final String deadLetterDir;
    /** bridge.output.layout=hive: topic=&lt;topic&gt;/date=&lt;day&gt;/ folders. */
    public final boolean hiveLayout;
    /** bridge.output.format: "jsonl" or "csv". */
    public final String format;
    public final FilePeriod rotateEvery;

    BridgeSettings(Keys keys) {
        enabled = keys.bool("bridge.enabled");
        topic = keys.topic("bridge.topic", true);
        shareGroup = keys.optional("bridge.share-group");
        if (!SHARE_NAME.matcher(shareGroup).matches()) {
            throw Keys.bad("bridge.share-group", "a group name without /, +, #, spaces or control characters (empty:"
                    + " none)", shareGroup);
        }
        maxPayloadBytes = (int) keys.whole("bridge.max-payload-bytes", 1, Integer.MAX_VALUE - 8);
        deadLetterPayloadBytes = (int) keys.whole("bridge.deadletter.payload-bytes", 0, Integer.MAX_VALUE - 8);
        keys.oneOf("bridge.fsync", Arrays.stream(FsyncPolicy.values()).map(p -> p.name().toLowerCase(Locale.ROOT))
                .toArray(String[]::new));
        logLevel = keys.logLevel("bridge.log-level");
        logMaxPerSecond = (int) keys.whole("bridge.log-max-per-second", 0, Integer.MAX_VALUE);
        watchdogSeconds = (int) keys.whole("bridge.watchdog-seconds", 0, Integer.MAX_VALUE);
        hiveLayout = keys.oneOf("bridge.output.layout", "plain", "hive").equals("hive");
        format = keys.oneOf("bridge.output.format", "jsonl", "csv");
        keys.whole("bridge.output.rotate-bytes", 0, Long.MAX_VALUE);
        rotateEvery = FilePeriod.valueOf(keys.oneOf("bridge.output.rotate-every", "day", "hour")
                .toUpperCase(Locale.ROOT));
        keys.oneOf("bridge.output.compress", "none", "gzip");
        keys.whole("bridge.output.retain-days", 0, Integer.MAX_VALUE);
        keys.whole("bridge.output.retain-bytes", 0, Long.MAX_VALUE);
        if (enabled) {
            keys.writableDirectory("bridge.output.dir");
            keys.writableDirectory("bridge.deadletter.dir");
        }
        outputDir = keys.text("bridge.output.dir");
        deadLetterDir = keys.text("bridge.deadletter.dir");
        logSummarySeconds = (int) keys.whole("bridge.log-summary-seconds", 0, 86_400);
    }
}
