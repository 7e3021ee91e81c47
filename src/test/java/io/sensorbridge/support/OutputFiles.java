package io.sensorbridge.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
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
        return below(dir, ".jsonl");
    }

    /**
     * The files below {@code dir} whose names end in one of {@code suffixes}, sorted; a running bridge's renames
     * (rotation, compression) do not fail the walk, and the forwards' saved positions ({@code .positions/}) are not
     * looked at.
     */
    public static List<Path> below(Path dir, String... suffixes) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attributes) {
                    return folder.getFileName().toString().equals(".positions") ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (Stream.of(suffixes).anyMatch(file.getFileName().toString()::endsWith)) {
                        found.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE; // renamed or compressed meanwhile
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        found.sort(null);
        return found;
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
