package io.sensorbridge.files;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The files of readings the bridge wrote below a folder, as {@code verify} and {@code replay} find them: {@code .jsonl}
 * and {@code .csv}, rotated parts ({@code 2026-11-25.0001.jsonl}) and their {@code .gz}, in the plain and hive layouts,
 * at any depth (so folders above the topics, such as one per bridge, are walked too). Folders named
 * {@code dead-letter} or {@code forward-dead-letter} below the folder hold dead letters, not readings, and are
 * skipped. A file whose {@code .gz} is there too is being compressed: the {@code .gz} is complete (it is renamed into
 * place whole) and holds the same lines, so only the {@code .gz} is listed.
 */
public final class ReadingFiles {

    /** Folders that hold dead letters, the bridge's and the forwards' (their default names). */
    public static final Set<String> DEAD_LETTER_FOLDERS = Set.of("dead-letter", "forward-dead-letter");

    private ReadingFiles() {
    }

    /** The files of readings below {@code folder}, sorted by path. */
    public static List<Path> below(Path folder) throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                return !dir.equals(folder) && DEAD_LETTER_FOLDERS.contains(dir.getFileName().toString())
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile() && isReadingFile(file)) {
                    found.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // renamed or compressed by a running bridge meanwhile
                }
                throw e;
            }
        });
        Set<Path> all = new HashSet<>(found);
        return found.stream().filter(file -> !all.contains(compressed(file))).sorted().toList();
    }

    /** The name a file has once compressed: {@code X.jsonl.gz} for {@code X.jsonl}. */
    static Path compressed(Path file) {
        return file.resolveSibling(file.getFileName() + ".gz");
    }

    private static boolean isReadingFile(Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.gz$", "");
        return name.endsWith(".jsonl") || name.endsWith(".csv");
    }
}
