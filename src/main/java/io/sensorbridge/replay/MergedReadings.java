package io.sensorbridge.replay;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sensorbridge.files.FilePeriod;
import io.sensorbridge.files.ReadingFileReader;
import io.sensorbridge.files.WrittenReading;

/**
 * The readings of a replay in {@code receivedAt} order, merged from every file that may hold some of the range
 * (a k-way merge). The files of one folder, period and format (its rotated parts in order, then the active file)
 * are read one after the other as one stream, and a stream is opened only once the merge has reached its period's
 * start; each open stream holds one line. So what is open at any time is one file per topic folder whose period
 * covers the current position, whatever the number of files and lines. A file whose period (read from its name)
 * lies outside the range is never opened; a file named otherwise is read from the start.
 * <p>
 * Unreadable lines (torn, not JSON, no reading object, no topic or no valid receivedAt) are counted and passed over.
 */
final class MergedReadings implements Closeable {

    /** A reading and its {@code receivedAt} in epoch milliseconds. */
    record Timed(WrittenReading reading, long millis) {
    }

    /** {@code 2026-11-25.0001.jsonl.gz}: period, part number (none for the active file), format. */
    private static final Pattern NAME = Pattern.compile("([^.]+)(?:\\.(\\d+))?\\.(jsonl|csv)(?:\\.gz)?");

    private final long fromMillis;
    private final long toMillis;
    private final Predicate<WrittenReading> selected;
    private final Deque<Stream> notOpenYet = new ArrayDeque<>();
    private final PriorityQueue<Stream> open = new PriorityQueue<>(
            Comparator.<Stream>comparingLong(stream -> stream.head.millis()).thenComparingInt(stream -> stream.order));
    private final List<Stream> all = new ArrayList<>();
    private long unreadable;
    private int filesOpen;
    private int mostFilesOpen;

    /** {@code from} inclusive, {@code to} exclusive, either null for no bound. */
    MergedReadings(List<Path> files, Instant from, Instant to, Predicate<WrittenReading> selected) {
        this.fromMillis = from == null ? Long.MIN_VALUE : from.toEpochMilli();
        this.toMillis = to == null ? Long.MAX_VALUE : to.toEpochMilli();
        this.selected = selected;
        Map<String, List<Path>> byStream = new LinkedHashMap<>();
        for (Path file : files) {
            Matcher name = NAME.matcher(file.getFileName().toString());
            String key = name.matches() ? file.resolveSibling(name.group(1)) + "|" + name.group(3) : file.toString();
            byStream.computeIfAbsent(key, k -> new ArrayList<>()).add(file);
        }
        for (List<Path> streamFiles : byStream.values()) {
            streamFiles.sort(Comparator.comparingInt(MergedReadings::partNumber));
            Optional<FilePeriod.Span> span = FilePeriod.spanOf(streamFiles.get(0));
            long start = span.map(s -> s.start().toEpochMilli()).orElse(Long.MIN_VALUE);
            long end = span.map(s -> s.end().toEpochMilli()).orElse(Long.MAX_VALUE);
            if (end > fromMillis && start < toMillis) {
                all.add(new Stream(all.size(), start, streamFiles));
            }
        }
        all.stream().sorted(Comparator.<Stream>comparingLong(stream -> stream.start)
                .thenComparingInt(stream -> stream.order)).forEach(notOpenYet::add);
    }

    /** The next reading in {@code receivedAt} order, or null at the end. */
    Timed next() throws IOException {
        while (!notOpenYet.isEmpty() && (open.isEmpty() || notOpenYet.peekFirst().start <= open.peek().head.millis())) {
            admit(notOpenYet.pollFirst());
        }
        Stream earliest = open.poll();
        if (earliest == null) {
            return null;
        }
        Timed next = earliest.head;
        admit(earliest);
        return next;
    }

    /** Moves the stream on to its next selected reading and puts it back in the merge, unless it has ended. */
    private void admit(Stream stream) throws IOException {
        stream.advance();
        if (stream.head != null) {
            open.add(stream);
        }
    }

    /** Lines passed over as unreadable so far. */
    long unreadable() {
        return unreadable;
    }

    /** The most files that were open at once. */
    int mostFilesOpen() {
        return mostFilesOpen;
    }

    @Override
    public void close() throws IOException {
        for (Stream stream : all) {
            stream.close();
        }
    }

    /** The part number in a file's name; the active file (none) comes after its parts. */
    private static int partNumber(Path file) {
        Matcher name = NAME.matcher(file.getFileName().toString());
        return name.matches() && name.group(2) != null ? Integer.parseInt(name.group(2)) : Integer.MAX_VALUE;
    }

    /** The files of one folder, period and format, read one after the other; {@code head} is its next reading. */
    private final class Stream {
        private final int order;
        private final long start;
        private final List<Path> files;
        private int nextFile;
        private ReadingFileReader reader;
        private Timed head;

        Stream(int order, long start, List<Path> files) {
            this.order = order;
            this.start = start;
            this.files = files;
        }

        void advance() throws IOException {
            head = null;
            while (head == null) {
                if (reader == null && !openNextFile()) {
                    return;
                }
                WrittenReading line = reader.next();
                if (line == null) {
                    close();
                } else {
                    head = selectedOrNull(line);
                }
            }
        }

        private boolean openNextFile() throws IOException {
            while (reader == null && nextFile < files.size()) {
                reader = ReadingFileReader.open(files.get(nextFile++));
            }
            if (reader != null) {
                mostFilesOpen = Math.max(mostFilesOpen, ++filesOpen);
            }
            return reader != null;
        }

        private Timed selectedOrNull(WrittenReading line) {
            if (!line.readable() || line.topic() == null || line.receivedAt() == null) {
                unreadable++;
                return null;
            }
            long millis;
            try {
                millis = Instant.parse(line.receivedAt()).toEpochMilli();
            } catch (DateTimeParseException notATime) {
                unreadable++;
                return null;
            }
            return millis >= fromMillis && millis < toMillis && selected.test(line) ? new Timed(line, millis) : null;
        }

        void close() throws IOException {
            if (reader != null) {
                filesOpen--;
                reader.close();
                reader = null;
            }
        }
    }
}
