package io.sensorbridge.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Topic names no publisher should be able to use against the file system, and the way back from a folder. */
public final class TopicNames {

    public static final List<String> HOSTILE = List.of(
            "sensors/../../etc/passwd",
            "sensors/..",
            "sensors/./x",
            "sensors/%2e%2e/x",
            "sensors/..%2F..",
            "sensors/a\\b",
            "sensors/CON",
            "sensors/nul",
            "sensors/.hidden",
            "sensors/2026-11-25.jsonl",
            "sensors/with space",
            "sensors/emoji😀",
            "sensors/ｔｅｍｐ/🌡/x",
            "sensors/tab\there",
            "/leading",
            "trailing/",
            "a//b",
            "sensors/" + "x".repeat(60_000));

    private TopicNames() {
    }

    /** The topic a folder below the output directory stands for (see TopicPaths: percent-decoding per level). */
    public static String topicOf(Path relativeFolder) {
        List<String> levels = new ArrayList<>();
        for (Path level : relativeFolder) {
            levels.add(decode(level.toString()));
        }
        return String.join("/", levels);
    }

    private static String decode(String level) {
        if (level.equals("%")) {
            return "";
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < level.length(); i++) {
            char c = level.charAt(i);
            if (c == '%') {
                bytes.write(Integer.parseInt(level.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
