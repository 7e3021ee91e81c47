package io.sensorbridge.replay;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.sensorbridge.ConfigurationException;
import io.sensorbridge.Settings;
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

    /** Runs the command; returns the exit code. */
    public static int run(List<String> args, PrintStream out) {
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
        String targets = options.mqttUrl() == null && options.httpUrl() == null ? "nowhere (no target given)"
                : String.join(" and ", targets(options, Map.of()));
        String taking = options.unpaced() ? ", unpaced (--speed max)"
                : ", about " + duration(lastDue) + " at --speed " + speed(options);
        out.println("replay: dry run: " + count + " readings would be sent to " + targets + ", " + unreadable
                    + " unreadable lines skipped" + span(first, last) + (count == 0 ? "" : taking) + ": nothing sent");
        return 0;
    }

    private static int replay(ReplayOptions options, List<Path> files, PrintStream out) throws IOException {
        CamelForwards forwards;
        try {
            forwards = CamelForwards.start(options.settings());
        } catch (Exception e) {
            ConfigurationException bad = ConfigurationException.findIn(e);
            out.println(bad != null ? fromOption(bad.getMessage())
                    : "replay: could not start the forwards: " + e.getMessage());
            return 2;
        }
        TerminalProgress progress = TerminalProgress.onTerminal(out);
        try (StopSignal stop = new StopSignal()) {
            Replayer.Outcome outcome;
            String failure = null;
            try {
                outcome = new Replayer(options, files, forwards, stop, progress).run();
            } catch (Exception e) {
                failure = e.getMessage();
                outcome = null;
            }
            Map<String, String> shown = Map.of("batch", forwards.setting("forward.http.batch-size"),
                    "deadLetters", forwards.setting("forward.deadletter.dir"));
            forwards.close();
            progress.done();
            int code = outcome == null ? 1 : exitCode(options, outcome);
            out.println(outcome == null ? "replay: stopped by an error: " + failure : summary(options, outcome, shown));
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
        List<String> targets = targets(options, shown);
        int i = 0;
        for (long delivered : outcome.delivered().values()) {
            sent.add((i == 0 ? delivered + " readings sent to " : delivered + " to ") + targets.get(i++));
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
            line.append("; ").append(notDone).append(" not acknowledged: the target did not take them in the time the"
                                                     + " forwards retry");
        }
        if (outcome.stopped() || !outcome.settled()) {
            line.append(outcome.last() == null ? "; nothing sent: run it again as it was"
                    : "; last receivedAt sent " + outcome.last() + " (resume with --from " + outcome.last() + ")");
        }
        String verdict = outcome.stopped() ? "STOPPED" : !outcome.settled() ? "NOT ALL SENT"
                : deadLettered > 0 ? "DEAD LETTERS" : "OK";
        return line.append(": ").append(verdict).toString();
    }

    /** "mqtt tcp://host:1883 as replay/&lt;topic&gt; (QoS 1)", "http https://host/hook (1 a request)". */
    private static List<String> targets(ReplayOptions options, Map<String, String> shown) {
        List<String> targets = new ArrayList<>();
        if (options.mqttUrl() != null) {
            targets.add("mqtt " + Settings.withoutSecrets(options.mqttUrl()) + " as "
                        + (options.topicPrefix().isEmpty() ? "the original topics" : options.topicPrefix() + "<topic>")
                        + " (QoS " + options.qos() + (options.retain() ? ", retained" : "") + ")");
        }
        if (options.httpUrl() != null) {
            String batch = shown.get("batch");
            targets.add("http " + Settings.withoutSecrets(options.httpUrl())
                        + (batch == null ? "" : " (" + (batch.equals("1") ? "1" : "up to " + batch) + " a request)"));
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
