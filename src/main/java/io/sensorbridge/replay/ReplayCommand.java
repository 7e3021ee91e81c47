package io.sensorbridge.replay;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.sensorbridge.ConfigurationException;
import io.sensorbridge.settings.Keys;
import io.sensorbridge.TerminalProgress;
import io.sensorbridge.files.ReadingFiles;

/**
 * {@code replay <dir> [options]}: sends the readings the bridge wrote below a folder again, to an MQTT broker or an
 * HTTP webhook (or both) through the forward routes, in {@code receivedAt} order, at their original pace or faster,
 * then prints one summary line; {@code --dry-run} prints what it would send instead and needs no Camel at all.
 * docs/replay.md has the options.
 * <p>
 * Exit code, as {@code verify}'s: 0 every reading sent (or a {@code --loop} stopped with Ctrl-C), 1 not all of them
 * (dead-lettered, not acknowledged, or stopped before the end), 2 bad usage (a bad option, no files of readings,
 * a setting that cannot work).
 */
public final class ReplayCommand {

    private ReplayCommand() {
    }

    static final String HELP = ReplayOptions.USAGE + """

            Sends the readings the bridge wrote below DIR again, in receivedAt order, to an MQTT broker (--mqtt URL,
            each reading on replay/<its topic> by default) or an HTTP webhook (--http URL), at their original pace
            (--speed 1) or faster (--speed 60, --speed max); --dry-run prints what it would send. Exit code: 0 all
            sent, 1 not all, 2 bad usage. Every option with an example: docs/replay.md.""";

    /** Runs the command; returns the exit code. */
    public static int run(List<String> args, PrintStream out) {
        if (args.contains("--help") || args.contains("-h")) {
            out.println(HELP);
            return 0;
        }
        ReplayOptions options;
        try {
            options = ReplayOptions.parse(args);
        } catch (ReplayOptions.BadUsage e) {
            out.println(e.getMessage());
            return 2;
        }
        Path dir = options.dir();
        if (!Files.isDirectory(dir)) {
            out.println("replay: " + dir + " is not a folder");
            return 2;
        }
        List<Path> files;
        try {
            files = ReadingFiles.below(dir);
        } catch (IOException e) {
            out.println("replay: cannot read " + dir + ": " + e.getMessage());
            return 2;
        }
        if (files.isEmpty()) {
            out.println("replay: no files of readings (.jsonl, .csv, or their .gz) below " + dir);
            return 2;
        }
        try {
            return options.dryRun() ? dryRun(options, files, out) : replay(options, files, out);
        } catch (IOException e) {
            out.println("replay: cannot read the files below " + dir + ": " + e.getMessage());
            return 2;
        }
    }

    /** One line per reading that would be sent: its receivedAt, the topic it would go to, the payload. */
    private static int dryRun(ReplayOptions options, List<Path> files, PrintStream out) throws IOException {
        Pace pace = new Pace(options.speed(), options.maxGap());
        long count = 0;
        long lastDue = 0;
        String first = null;
        String last = null;
        long unreadable;
        try (MergedReadings readings = new MergedReadings(files, options.from(), options.to(), options::selects)) {
            for (MergedReadings.Timed next = readings.next(); next != null; next = readings.next()) {
                out.println(next.reading().receivedAt() + " " + options.targetTopic(next.reading()) + " "
                            + next.reading().reading());
                lastDue = Math.max(lastDue, pace.dueNanos(next.millis(), 0));
                count++;
                first = first == null ? next.reading().receivedAt() : first;
                last = next.reading().receivedAt();
            }
            unreadable = readings.unreadable();
        }
        String targets = options.mqttUrl() == null && options.httpUrl() == null && options.kafkaBrokers() == null
                ? "nowhere (no target given)" : String.join(" and ", targets(options, Map.of()).values());
        String taking = options.unpaced() ? ", unpaced (--speed max)"
                : ", about " + duration(lastDue) + " at --speed " + speed(options);
        out.println("replay: dry run: " + count + " readings would be sent to " + targets + ", " + unreadable
                    + " unreadable lines skipped" + span(first, last) + (count == 0 ? "" : taking) + ": nothing sent");
        return 0;
    }

    private static int replay(ReplayOptions options, List<Path> files, PrintStream out) {
        try (StopSignal stop = new StopSignal()) {
            CamelForwards forwards;
            try {
                forwards = CamelForwards.start(options.settings(), options, files, stop::requested);
            } catch (Exception e) {
                ConfigurationException bad = ConfigurationException.findIn(e);
                out.println(bad != null ? fromOption(bad.getMessage())
                        : "replay: could not start the forwards: " + e.getMessage());
                stop.reported(2);
                return 2;
            }
            TerminalProgress progress = TerminalProgress.onTerminal(out);
            Replayer replayer = new Replayer(forwards, stop, progress);
            boolean settled = replayer.run().settled();
            Map<String, String> shown = Map.of("batch", forwards.setting("forward.http.batch-size"),
                    "deadLetters", forwards.setting("forward.deadletter.dir"));
            // a graceful stop: what is under way finishes first, so the summary counts it
            forwards.close();
            Replayer.Outcome outcome = replayer.outcome(settled);
            int code = exitCode(options, outcome);
            out.println(summary(options, outcome, shown));
            stop.reported(code);
            return code;
        }
    }

    private static int exitCode(ReplayOptions options, Replayer.Outcome outcome) {
        if (outcome.deadLettered().values().stream().anyMatch(n -> n > 0)) {
            return 1;
        }
        return outcome.stopped() ? (options.loop() ? 0 : 1) : (outcome.settled() ? 0 : 1);
    }

    private static String summary(ReplayOptions options, Replayer.Outcome outcome, Map<String, String> shown) {
        List<String> sent = new ArrayList<>();
        Map<String, String> targets = targets(options, shown);
        for (Map.Entry<String, String> target : targets.entrySet()) {
            long delivered = outcome.delivered().getOrDefault(target.getKey(), 0L);
            sent.add((sent.isEmpty() ? delivered + " readings sent to " : delivered + " to ") + target.getValue());
        }
        long deadLettered = outcome.deadLettered().values().stream().mapToLong(n -> n).sum();
        long notDone = outcome.delivered().keySet().stream().mapToLong(forward -> outcome.handedOver()
                - outcome.delivered().get(forward) - outcome.deadLettered().get(forward)).max().orElse(0);
        StringBuilder line = new StringBuilder("replay: ").append(outcome.stopped() ? "stopped: " : "")
                .append(String.join(" and ", sent))
                .append(", ").append(deadLettered).append(" dead-lettered")
                .append(deadLettered > 0 ? " (in " + shown.get("deadLetters") + ")" : "")
                .append(", ").append(outcome.unreadable()).append(" unreadable lines skipped")
                .append(span(outcome.first(), outcome.last()))
                .append(outcome.passes() > 1 ? " in " + outcome.passes() + " passes" : "")
                .append(", ").append(duration(outcome.nanos())).append(String.format(Locale.ROOT, " (%,.0f/s)",
                        outcome.handedOver() / Math.max(outcome.nanos() / 1e9, 1e-3)));
        if (!outcome.stopped() && !outcome.settled()) {
            line.append("; ").append(notDone).append(" not acknowledged: the target took nothing for "
                                                     + Replayer.PATIENCE_SECONDS + " s");
        }
        if (outcome.stopped() || !outcome.settled()) {
            line.append(outcome.last() == null ? "; nothing sent: run it again as it was"
                    : "; last receivedAt sent " + outcome.last() + " (resume with --from " + outcome.last() + ")");
        }
        String verdict = outcome.stopped() ? "STOPPED" : !outcome.settled() ? "NOT ALL SENT"
                : deadLettered > 0 ? "DEAD LETTERS" : "OK";
        return line.append(": ").append(verdict).toString();
    }

    /**
     * By forward: "mqtt tcp://host:1883 as replay/&lt;topic&gt; (QoS 1)", "http https://host/hook (1 a request)",
     * "kafka kafka-1:9092 topic sensor-readings".
     */
    private static Map<String, String> targets(ReplayOptions options, Map<String, String> shown) {
        Map<String, String> targets = new LinkedHashMap<>();
        if (options.mqttUrl() != null) {
            targets.put("mqtt", "mqtt " + Keys.withoutSecrets(options.mqttUrl()) + " as "
                        + (options.topicPrefix().isEmpty() ? "the original topics" : options.topicPrefix() + "<topic>")
                        + " (QoS " + options.qos() + (options.retain() ? ", retained" : "") + ")");
        }
        if (options.httpUrl() != null) {
            String batch = shown.get("batch");
            targets.put("http", "http " + Keys.withoutSecrets(options.httpUrl())
                        + (batch == null ? "" : " (" + (batch.equals("1") ? "1" : "up to " + batch) + " a request)"));
        }
        if (options.kafkaBrokers() != null) {
            targets.put("kafka", "kafka " + options.kafkaBrokers() + " topic " + options.kafkaTopic());
        }
        return targets;
    }

    private static String span(String first, String last) {
        return first == null ? "" : "; receivedAt " + first + " to " + last;
    }

    private static String speed(ReplayOptions options) {
        return String.valueOf(options.speed()).replaceFirst("\\.0$", "");
    }

    /** 850 ms, 12.3 s, 4 min 05 s, 2 h 03 min. */
    static String duration(long nanos) {
        long millis = nanos / 1_000_000;
        if (millis < 1_000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        return seconds < 3600 ? String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60)
                : String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds / 60 % 60);
    }

    /** A setting the replay made from an option is named by that option: "--mqtt (forward.mqtt.url) must be …". */
    private static String fromOption(String message) {
        String text = message.replaceFirst("^Bad configuration: ", "");
        String key = text.split(" ", 2)[0];
        String option = ReplayOptions.optionOf(key);
        return "replay: " + (option == null ? text : option + " (" + key + ")" + text.substring(key.length()));
    }

}
