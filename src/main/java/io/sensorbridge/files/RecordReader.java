package io.sensorbridge.files;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the records of one file the bridge wrote, from a byte offset, each with the offset just after it: a
 * {@code .jsonl} line, or a {@code .csv} record (which may span lines inside quotes; the header line is read apart,
 * {@link #header()}), through gzip when the name ends in {@code .gz} (offsets then count the uncompressed bytes).
 * Every way the project reads its files goes through here: a forward following them, {@code replay} and
 * {@code verify}.
 * <p>
 * Only complete records are returned: a file that is still being written may end in part of a line, which is read
 * once its line end is there. A reader of a finished file asks for that remainder too ({@code remainderAtEnd}): a
 * line torn by a crash comes back as the last record. A {@code .gz} cut short ends where it was cut.
 */
public final class RecordReader implements Closeable {

    /** One record, its bytes without the line end, and the offset of the byte after its line end. */
    public record Record(byte[] bytes, long end) {
    }

    private static final int BUFFER = 64 * 1024;

    private final Path file;
    private final boolean csv;
    private final boolean remainderAtEnd;
    private final FileChannel channel;
    private final InputStream gzip;
    private byte[] header;
    private byte[] buffer = new byte[BUFFER];
    /** buffer[start, limit) holds the file's bytes from offset on. */
    private int start;
    private int limit;
    private long offset;
    private boolean ended;
    private boolean cutShort;
    private long bytesRead;
    /** No byte at or past this offset is read from the file ({@link #readUpTo}). */
    private long readLimit = Long.MAX_VALUE;

    private RecordReader(Path file, FileChannel channel, InputStream gzip, boolean remainderAtEnd) {
        this.file = file;
        this.csv = isCsv(file);
        this.channel = channel;
        this.gzip = gzip;
        this.remainderAtEnd = remainderAtEnd;
    }

    /**
     * Opens {@code file} at {@code offset} (of its uncompressed bytes); a CSV file's header is read first whatever the
     * offset. Throws {@link java.nio.file.NoSuchFileException} when it is not there.
     */
    public static RecordReader open(Path file, long offset, boolean remainderAtEnd) throws IOException {
        RecordReader reader;
        if (file.getFileName().toString().endsWith(".gz")) {
            InputStream in = Files.newInputStream(file);
            try {
                reader = new RecordReader(file, null, new GZIPInputStream(in, BUFFER), remainderAtEnd);
            } catch (EOFException | ZipException cutShort) {
                in.close();
                reader = new RecordReader(file, null, InputStream.nullInputStream(), remainderAtEnd);
                reader.cutShort = true;
            }
        } else {
            reader = new RecordReader(file, FileChannel.open(file, StandardOpenOption.READ), null, remainderAtEnd);
        }
        try {
            reader.seek(offset);
            return reader;
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** Whether {@code file} holds CSV records (under a header) rather than JSON lines. */
    public static boolean isCsv(Path file) {
        return file.getFileName().toString().contains(".csv");
    }

    private void seek(long to) throws IOException {
        readHeader();
        if (to <= offset) {
            return;
        }
        if (channel != null) {
            start = 0;
            limit = 0;
            offset = Math.min(to, channel.size());
        } else {
            // uncompressed bytes cannot be found without reading them
            long skip = to - offset - (limit - start);
            if (skip < 0) {
                start += (int) (to - offset);
                offset = to;
                return;
            }
            start = 0;
            limit = 0;
            long skipped = 0;
            try {
                while (skipped < skip) {
                    long n = gzip.skip(skip - skipped);
                    if (n <= 0) {
                        break;
                    }
                    skipped += n;
                }
            } catch (EOFException | ZipException e) {
                ended = true;
                cutShort = true;
            }
            offset += (to - offset) - (skip - skipped);
        }
    }

    public Path file() {
        return file;
    }

    /** A CSV file's header record (null for JSON lines, or an empty CSV file). */
    public byte[] header() {
        return header;
    }

    /** Whether this is a {@code .gz} that ended before its end (only ever a copy: the bridge renames whole ones). */
    public boolean cutShort() {
        return cutShort;
    }

    /** The offset after the last record returned. */
    public long offset() {
        return offset;
    }

    /**
     * Takes bytes of the file that the caller holds in memory, the file's bytes from {@code at} (what the writer just
     * wrote there), so that they need not be read back from the file: the part that goes on from what this reader has
     * read or buffered is taken, as if read. Bytes past a gap (the file is read there first) or read already are
     * not. Returns how many bytes were taken.
     */
    public int supply(long at, byte[] bytes) {
        long buffered = offset + (limit - start);
        if (channel == null || ended || at > buffered || at + bytes.length <= buffered) {
            return 0;
        }
        int from = (int) (buffered - at);
        int count = bytes.length - from;
        makeRoom(count);
        System.arraycopy(bytes, from, buffer, limit, count);
        limit += count;
        return count;
    }

    /**
     * Reads no further than {@code length} bytes of the file (not a {@code .gz}): a follower reads only what the writer
     * said it wrote and forced, not the start of a batch it is still writing.
     */
    public void readUpTo(long length) {
        readLimit = length;
    }

    /** How many bytes this reader has read from its file so far (uncompressed, for a {@code .gz}). */
    public long bytesRead() {
        return bytesRead;
    }

    /** Adds up to {@code max} complete records to {@code out}; returns how many (0: none yet, or the end). */
    public int read(List<Record> out, int max) throws IOException {
        int count = 0;
        while (count < max) {
            Record record = nextRecord();
            if (record == null) {
                break;
            }
            out.add(record);
            count++;
        }
        return count;
    }

    /** The next complete record, or null if there is none (yet). */
    public Record nextRecord() throws IOException {
        readHeader();
        return csv && header == null ? null : rawRecord();
    }

    /** A CSV file's first record is its header; a file just created may not have it yet. */
    private void readHeader() throws IOException {
        if (csv && header == null && offset == 0) {
            Record first = rawRecord();
            header = first == null ? null : first.bytes();
        }
    }

    private Record rawRecord() throws IOException {
        while (true) {
            int end = recordEnd();
            if (end >= 0) {
                return take(end, end + 1);
            }
            if (!fill()) {
                if (remainderAtEnd && limit > start && !cutShort) {
                    return take(limit, limit);
                }
                return null;
            }
        }
    }

    private Record take(int end, int next) {
        int stop = end > start && buffer[end - 1] == '\r' ? end - 1 : end;
        byte[] bytes = Arrays.copyOfRange(buffer, start, stop);
        offset += next - start;
        start = next;
        return new Record(bytes, offset);
    }

    /** The index of the line end that ends the record starting at {@code start}, or -1. */
    private int recordEnd() {
        boolean quoted = false;
        for (int i = start; i < limit; i++) {
            byte b = buffer[i];
            if (csv && b == '"') {
                quoted = !quoted;
            } else if (b == '\n' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    /** Reads more bytes into the buffer; false at the end of what is there. */
    private boolean fill() throws IOException {
        if (ended) {
            return false;
        }
        makeRoom(1);
        int read;
        if (channel != null) {
            long readable = readLimit - (offset + limit);
            if (readable <= 0) {
                return false;
            }
            int room = (int) Math.min(buffer.length - limit, readable);
            read = channel.read(ByteBuffer.wrap(buffer, limit, room), offset + limit);
        } else {
            try {
                read = gzip.read(buffer, limit, buffer.length - limit);
            } catch (EOFException | ZipException e) {
                ended = true;
                cutShort = true;
                return false;
            }
            if (read < 0) {
                ended = true;
            }
        }
        if (read <= 0) {
            return false;
        }
        limit += read;
        bytesRead += read;
        return true;
    }

    /**
     * Moves the bytes not taken yet to the front of the buffer, and grows it (a record longer than the buffer, or
     * bytes supplied) until {@code needed} more fit.
     */
    private void makeRoom(int needed) {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, limit - start);
            limit -= start;
            start = 0;
        }
        if (buffer.length - limit < needed) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, limit + needed));
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
        if (gzip != null) {
            gzip.close();
        }
    }
}
