package io.sensorbridge.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPOutputStream;

/**
 * What becomes of a completed file: kept as it is, or gzip-compressed beside it ({@code X.jsonl} becomes
 * {@code X.jsonl.gz}).
 * <p>
 * Compression is crash-safe: it writes {@code X.jsonl.gz.tmp}, forces it to disk, renames it atomically to
 * {@code X.jsonl.gz}, forces the folder, and only then deletes {@code X.jsonl}. A crash at any point leaves either
 * the plain file whole, or the complete {@code .gz} (possibly beside the plain one, which {@link #recover} then
 * deletes); a {@code .tmp} left behind is deleted by {@link #recover} too.
 */
public enum Compression {

    NONE,
    GZIP;

    static final String GZ = ".gz";
    static final String TMP = ".tmp";

    /** Compresses a completed file (GZIP) and returns where its lines now are. */
    Path finish(Path plain) throws IOException {
        if (this == NONE) {
            return plain;
        }
        Path gz = plain.resolveSibling(plain.getFileName() + GZ);
        Path tmp = plain.resolveSibling(gz.getFileName() + TMP);
        try (InputStream in = Files.newInputStream(plain);
             FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            GZIPOutputStream gzip = new GZIPOutputStream(Channels.newOutputStream(channel), 64 * 1024);
            in.transferTo(gzip);
            gzip.finish();
            channel.force(true);
        }
        Files.move(tmp, gz, StandardCopyOption.ATOMIC_MOVE);
        forceFolder(gz.getParent());
        Files.delete(plain);
        return gz;
    }

    /**
     * Cleans up after a crash during {@link #finish}: a {@code .gz.tmp} is an unfinished copy (the plain file is
     * still there) and goes; a plain file beside its complete {@code .gz} was about to be deleted, and goes.
     * Returns whether {@code file} was such a leftover.
     */
    static boolean recover(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(GZ + TMP)) {
            return Files.deleteIfExists(file);
        }
        if (!name.endsWith(GZ) && Files.exists(file.resolveSibling(name + GZ))) {
            return Files.deleteIfExists(file);
        }
        return false;
    }

    /** Makes a rename in {@code folder} durable before the original is deleted. */
    static void forceFolder(Path folder) throws IOException {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
