package io.sensorbridge.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Every regular file below a folder: to check that nothing was written where it should not be. */
public final class FilesBelow {

    private FilesBelow() {
    }

    public static List<Path> of(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Files below {@code dir} that are in none of {@code allowed}. */
    public static List<Path> outside(Path dir, Path... allowed) {
        return of(dir).stream().filter(file -> Stream.of(allowed).noneMatch(file::startsWith)).toList();
    }
}
