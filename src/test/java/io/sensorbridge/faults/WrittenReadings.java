package io.sensorbridge.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sensorbridge.support.OutputFiles;

/**
 * What the bridge has written so far for one run, read incrementally from every {@code .jsonl} (and
 * {@code .jsonl.gz}) under its output folder (a test polls it many times while the files grow). Only complete
 * lines count; a line that is not JSON is counted apart, so a torn write shows instead of hiding.
 * <p>
 * With rotation on, the same lines turn up again under a part's name and in its {@code .gz}: seqs are counted
 * once, {@link #lines()} counts them each time. A file found shorter than what was read of it, or starting with
 * another first line, is a new file under an old name (the next one after a rotation) and is read from the start.
 */
final class WrittenReadings {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final String run;
    /** How far a file was read, and its first line, which tells a new file under the same name. */
    private record Progress(long offset, String firstLine) {
    }

    private final Map<Path, Progress> readUpTo = new HashMap<>();
    private final BitSet seqs = new BitSet();
    private int lines;
    private int unreadable;

    WrittenReadings(Path dir, String run) {
        this.dir = dir;
        this.run = run;
    }

    /** Lines of this run written so far, duplicates included. */
    synchronized int lines() {
        refresh();
        return lines;
    }

    /** Distinct seqs of this run written so far. */
    synchronized int distinctSeqs() {
        refresh();
        return seqs.cardinality();
    }

    synchronized int unreadableLines() {
        refresh();
        return unreadable;
    }

    /** The seqs of {@code 1..last} not written, as ranges ("17-20, 33"), at most a few. */
    synchronized String missing(int last) {
        refresh();
        List<String> ranges = new ArrayList<>();
        int from = seqs.nextClearBit(1);
        while (from <= last && ranges.size() < 10) {
            int to = Math.min(seqs.nextSetBit(from) < 0 ? last + 1 : seqs.nextSetBit(from), last + 1) - 1;
            ranges.add(from == to ? String.valueOf(from) : from + "-" + to);
            from = seqs.nextClearBit(to + 1);
        }
        return ranges.isEmpty() ? "none" : String.join(", ", ranges);
    }

    private void refresh() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try {
            for (Path file : OutputFiles.below(dir, ".jsonl", ".jsonl.gz")) {
                try {
                    readNewLines(file);
                } catch (NoSuchFileException rotatedMeanwhile) {
                    // renamed or compressed since the listing: read under its new name next time
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readNewLines(Path file) throws IOException {
        if (file.toString().endsWith(".gz")) {
            if (!readUpTo.containsKey(file)) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(this::count);
                }
                readUpTo.put(file, new Progress(0, ""));
            }
            return;
        }
        byte[] added;
        String firstLine;
        long from;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            firstLine = firstLineOf(channel);
            Progress progress = readUpTo.getOrDefault(file, new Progress(0, ""));
            boolean sameFile = channel.size() >= progress.offset() && firstLine.equals(progress.firstLine());
            from = sameFile ? progress.offset() : 0;
            added = Channels.newInputStream(channel.position(from)).readAllBytes();
        }
        int complete = completeLinesLength(added);
        new String(added, 0, complete, StandardCharsets.UTF_8).lines().forEach(this::count);
        readUpTo.put(file, new Progress(from + complete, firstLine));
    }

    /** The file's first complete line ("" while there is none). */
    private static String firstLineOf(FileChannel channel) throws IOException {
        ByteBuffer start = ByteBuffer.allocate(4096);
        channel.read(start, 0);
        byte[] bytes = Arrays.copyOf(start.array(), start.position());
        int end = completeLinesLength(bytes);
        String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
        return text.isEmpty() ? "" : text.lines().findFirst().orElse("");
    }

    /** Bytes up to and including the last newline: a line still being written is read next time. */
    private static int completeLinesLength(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        return end;
    }

    private void count(String line) {
        JsonNode reading;
        try {
            reading = JSON.readTree(line).path("reading");
        } catch (IOException e) {
            unreadable++;
            return;
        }
        if (run.equals(reading.path("run").asText())) {
            lines++;
            seqs.set(reading.path("seq").asInt());
        }
    }
}
