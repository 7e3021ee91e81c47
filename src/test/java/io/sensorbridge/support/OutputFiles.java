package io.sensorbridge.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads back what the bridge wrote: every line of every .jsonl file below a directory, parsed. */
public final class OutputFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OutputFiles() {
    }

    public static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<JsonNode> lines(Path dir) {
        List<JsonNode> lines = new ArrayList<>();
        for (Path file : files(dir)) {
            lines.addAll(linesOf(file));
        }
        return lines;
    }

    /** The lines of a gzip-compressed file, as text. */
    public static List<String> gunzipped(Path file) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The complete lines of one file, parsed (a line the writer is still writing is not one yet). */
    public static List<JsonNode> linesOf(Path file) {
        List<JsonNode> lines = new ArrayList<>();
        try {
            String text = Files.readString(file);
            for (String line : text.substring(0, text.lastIndexOf('\n') + 1).lines().toList()) {
                lines.add(JSON.readTree(line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }
}
