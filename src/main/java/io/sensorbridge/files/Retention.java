package io.sensorbridge.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long completed files are kept: those last written more than {@code retainDays} days ago go, once every
 * follower (the forwards) is done with them, and then, while all files below the folder together take more than
 * {@code retainBytes}, the oldest completed ones go (0 = no limit) whether or not they are: the followers are told
 * first, and count what they skip. An active file is never deleted, however large. One INFO line per round that
 * deleted something.
 */
public record Retention(int retainDays, long retainBytes) {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    public static final Retention KEEP_ALL = new Retention(0, 0);

    private record Candidate(Path file, Instant lastWritten, long size) {
    }

    boolean keepsAll() {
        return retainDays == 0 && retainBytes == 0;
    }

    /** Deletes what the limits say must go among the files below {@code folder} that {@code completed} accepts. */
    void apply(Path folder, Predicate<Path> completed, Instant now, Followers followers) throws IOException {
        if (keepsAll() || !Files.isDirectory(folder)) {
            return;
        }
        List<Candidate> candidates = new ArrayList<>();
        long total = 0;
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) all::iterator) {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                if (attributes.isRegularFile()) {
                    total += attributes.size();
                    if (completed.test(file)) {
                        candidates.add(new Candidate(file, attributes.lastModifiedTime().toInstant(),
                                attributes.size()));
                    }
                }
            }
        }
        candidates.sort(Comparator.comparing(Candidate::lastWritten).thenComparing(Candidate::file));
        Instant oldestKept = now.minus(Duration.ofDays(retainDays));
        int deleted = 0;
        long freed = 0;
        for (Candidate candidate : candidates) {
            boolean tooOld = retainDays > 0 && candidate.lastWritten().isBefore(oldestKept);
            boolean overBudget = retainBytes > 0 && total - freed > retainBytes;
            if (!tooOld && !overBudget) {
                break;
            }
            if (overBudget) {
                followers.removing(candidate.file());
            } else if (!followers.passed(candidate.file())) {
                continue;
            }
            Files.deleteIfExists(candidate.file());
            deleted++;
            freed += candidate.size();
        }
        if (deleted > 0) {
            LOG.info("Retention deleted {} completed file(s) ({} bytes) below {}, oldest first; {} bytes kept",
                    deleted, freed, folder, total - freed);
        }
    }
}
