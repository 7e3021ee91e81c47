package io.sensorbridge.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a file after its lines are written: it is completed by size or by the end of its period
 * ({@link RotationPolicy}), compressed ({@link Compression}), and deleted in the end ({@link Retention}).
 * The {@link GroupCommitWriter} calls it on its own thread between batches, so no line is ever appended to a file
 * while it is renamed, compressed or deleted. A completed file is compressed, or deleted for its age, only once every
 * follower of the files ({@link Followers}, the forwards) is done with it; the size cap alone deletes regardless, and
 * tells them first. A file whose period has just ended is left alone for {@link #GRACE} more, so a reading received
 * just before the end and written just after still goes into it.
 */
public record FileLifecycle(RotationPolicy rotation, Compression compression, Retention retention) {

    private static final Logger LOG = LoggerFactory.getLogger(FileLifecycle.class);
    static final Duration GRACE = Duration.ofSeconds(2);

    /** Today's behaviour: day files, kept as they are, forever. */
    public static final FileLifecycle KEEP_DAY_FILES =
            new FileLifecycle(RotationPolicy.DAY_FILES, Compression.NONE, Retention.KEEP_ALL);

    /**
     * The file a line for {@code file} goes to: {@code file} itself, unless it was completed and compressed
     * already (a line received just before midnight and written just after): then a new part, so a completed
     * file is never appended to.
     */
    Path target(Path file) throws IOException {
        boolean compressed = Files.exists(file.resolveSibling(file.getFileName() + Compression.GZ));
        return compressed ? RotationPolicy.nextPart(file) : file;
    }

    /**
     * Completes a file (closed by the writer) that reached the size limit: renamed to its next part, which the next
     * {@link #sweep} compresses once the followers are done with it.
     */
    void rotate(Path file, Followers followers) throws IOException {
        if (!RotationPolicy.isPart(file)) {
            Path part = RotationPolicy.nextPart(file);
            Files.move(file, part, StandardCopyOption.ATOMIC_MOVE);
            Compression.forceFolder(file.getParent());
            followers.rotated(file, part);
            LOG.debug("Rotated {} to {}", file, part);
        }
    }

    /** Whether {@link #sweep} has anything to do. */
    boolean sweeps() {
        return compression != Compression.NONE || !retention.keepsAll();
    }

    /**
     * Below {@code folder}: clears what a crash left half-compressed, compresses the completed files not yet
     * compressed (those of ended periods, and parts) that the followers are done with, then applies retention.
     * {@code open} files are not touched. Returns false if a file was left for its grace time (sweep again later).
     */
    boolean sweep(Path folder, Set<Path> open, Instant now, Followers followers) throws IOException {
        if (!Files.isDirectory(folder)) {
            return true;
        }
        List<Path> ours;
        try (Stream<Path> all = Files.walk(folder)) {
            ours = all.filter(f -> FilePeriod.endOf(f).isPresent() && Files.isRegularFile(f) && !open.contains(f))
                    .toList();
        }
        boolean inGrace = false;
        for (Path file : ours) {
            if (Compression.recover(file) || compression == Compression.NONE || isCompressed(file)) {
                continue;
            }
            if (isCompleted(file, now.minus(GRACE))) {
                if (followers.passed(file)) {
                    compression.finish(file);
                }
            } else {
                inGrace |= isCompleted(file, now);
            }
        }
        retention.apply(folder, f -> FilePeriod.endOf(f).isPresent() && !open.contains(f)
                                     && !f.getFileName().toString().endsWith(Compression.TMP)
                                     && isCompleted(f, now.minus(GRACE)), now, followers);
        return !inGrace;
    }

    private static boolean isCompleted(Path file, Instant now) {
        return isCompressed(file) || RotationPolicy.isPart(file) || RotationPolicy.ended(file, now);
    }

    private static boolean isCompressed(Path file) {
        return file.getFileName().toString().endsWith(Compression.GZ);
    }
}
