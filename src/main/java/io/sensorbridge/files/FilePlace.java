package io.sensorbridge.files;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a file of readings stands among the files the bridge wrote for the same topic: its {@code stream} (the
 * topic's folder and the format, the same for all its files) and its place in that stream, in the order the bridge
 * wrote them: by period, then its rotated parts in order, then the period's active file (which becomes the next part
 * when it is rotated). So {@code sensors/a/2026-11-25.0001.jsonl} comes before {@code sensors/a/2026-11-25.jsonl},
 * which comes before {@code sensors/a/2026-11-26.jsonl}; in the hive layout
 * {@code topic=x/date=2026-11-25/2026-11-25T23.jsonl} comes before {@code topic=x/date=2026-11-26/2026-11-26T00.jsonl}.
 * A file's {@code .gz} has the same place as the file.
 *
 * @param stream the folder relative to the followed folder, without a hive {@code date=} level, and the format
 * @param name   the file's name without {@code .gz}
 * @param part   its part number; {@link #ACTIVE} for the period's active file
 */
public record FilePlace(String stream, Instant periodStart, Instant periodEnd, int part, String name)
        implements Comparable<FilePlace> {

    public static final int ACTIVE = Integer.MAX_VALUE;

    /** {@code <period>[.<part>].<jsonl|csv>[.gz]} */
    private static final Pattern NAME = Pattern.compile("([^.]+)(?:\\.(\\d{4,}))?\\.(jsonl|csv)(\\.gz)?");
    private static final Pattern HIVE_DATE = Pattern.compile("date=\\d{4}-\\d{2}-\\d{2}");

    private static final Comparator<FilePlace> ORDER = Comparator.comparing(FilePlace::stream)
            .thenComparing(FilePlace::periodStart).thenComparing(FilePlace::periodEnd)
            .thenComparingInt(FilePlace::part);

    /** The place of {@code file} below {@code root}; empty for a file that is not one of the bridge's reading files. */
    public static Optional<FilePlace> of(Path root, Path file) {
        Matcher name = NAME.matcher(file.getFileName().toString());
        if (!name.matches()) {
            return Optional.empty();
        }
        Optional<FilePeriod.Span> span = FilePeriod.spanOf(file);
        if (span.isEmpty()) {
            return Optional.empty();
        }
        Path folder = root.relativize(file.getParent() == null ? root : file.getParent());
        if (folder.getFileName() != null && HIVE_DATE.matcher(folder.getFileName().toString()).matches()) {
            folder = folder.getParent() == null ? Path.of("") : folder.getParent();
        }
        String stream = folder.toString().replace('\\', '/') + "|" + name.group(3);
        int part = name.group(2) == null ? ACTIVE : Integer.parseInt(name.group(2));
        String plainName = name.group(4) == null ? file.getFileName().toString()
                : file.getFileName().toString().substring(0, file.getFileName().toString().length() - 3);
        return Optional.of(new FilePlace(stream, span.get().start(), span.get().end(), part, plainName));
    }

    /** Whether this is the active file of its period (not a rotated part). */
    public boolean active() {
        return part == ACTIVE;
    }

    /** The same file once it is rotated to part {@code number}. */
    FilePlace asPart(int number, String partName) {
        return new FilePlace(stream, periodStart, periodEnd, number, partName);
    }

    @Override
    public int compareTo(FilePlace other) {
        return ORDER.compare(this, other);
    }
}
