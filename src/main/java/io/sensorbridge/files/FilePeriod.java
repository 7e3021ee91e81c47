package io.sensorbridge.files;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The stretch of UTC time one file covers, and the name it gives that file: {@code 2026-11-25} for a day,
 * {@code 2026-11-25T14} for an hour. A file's name starts with its period, so the period (and when it ends) can be
 * read back from any file the bridge wrote, whatever the setting was when it was written.
 */
public enum FilePeriod {

    DAY(DateTimeFormatter.ofPattern("yyyy-MM-dd"), ChronoUnit.DAYS),
    HOUR(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH"), ChronoUnit.HOURS);

    /** What follows the period in the name of one of our files: 2026-11-25[.0001].jsonl|csv[.gz[.tmp]]. */
    private static final Pattern OUR_SUFFIX = Pattern.compile("(\\.\\d+)?\\.(jsonl|csv)(\\.gz(\\.tmp)?)?");

    private final DateTimeFormatter name;
    private final ChronoUnit unit;

    FilePeriod(DateTimeFormatter name, ChronoUnit unit) {
        this.name = name.withZone(ZoneOffset.UTC);
        this.unit = unit;
    }

    /** The name of the period {@code time} falls in: {@code 2026-11-25} or {@code 2026-11-25T14}. */
    public String nameOf(Instant time) {
        return name.format(time);
    }

    /** The UTC day of {@code time}, {@code 2026-11-25}: the Hive-style {@code date=} folder. */
    static String dayOf(Instant time) {
        return DAY.nameOf(time);
    }

    /** When the next period starts after {@code now}. */
    Instant nextStart(Instant now) {
        return now.truncatedTo(unit).plus(1, unit);
    }

    /** The stretch of UTC time a file covers, from its start (inclusive) to its end (exclusive). */
    public record Span(Instant start, Instant end) {
    }

    /**
     * When the period of one of our files ends: its name is a period, an optional part number, our extension and
     * optionally .gz (.gz.tmp while compressing). Empty for any other file, which rotation, compression and
     * retention then leave alone (the output folder may hold files that are not ours).
     */
    static Optional<Instant> endOf(Path file) {
        return spanOf(file).map(Span::end);
    }

    /** The period a file of ours covers, read from its name as {@link #endOf} reads it; empty for any other file. */
    public static Optional<Span> spanOf(Path file) {
        String stem = file.getFileName().toString();
        int dot = stem.indexOf('.');
        if (dot < 0 || !OUR_SUFFIX.matcher(stem.substring(dot)).matches()) {
            return Optional.empty();
        }
        stem = stem.substring(0, dot);
        try {
            if (stem.length() == 10) {
                LocalDate day = LocalDate.parse(stem);
                return Optional.of(new Span(day.atStartOfDay().toInstant(ZoneOffset.UTC),
                        day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)));
            }
            if (stem.length() == 13) {
                LocalDateTime hour = LocalDateTime.parse(stem + ":00");
                return Optional.of(new Span(hour.toInstant(ZoneOffset.UTC),
                        hour.plusHours(1).toInstant(ZoneOffset.UTC)));
            }
        } catch (DateTimeParseException notAPeriod) {
            // a file named otherwise: no period
        }
        return Optional.empty();
    }
}
