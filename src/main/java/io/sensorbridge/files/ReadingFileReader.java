package io.sensorbridge.files;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the readings of one file the bridge wrote ({@link ReadingFiles}), one at a time, so a file of any size takes
 * a buffer's worth of memory: a {@code .jsonl} line by line, a {@code .csv} record by record under its header, either
 * through gzip when the name ends in {@code .gz}. Blank lines are passed over. A {@code .gz} cut short (only ever a
 * copy, the bridge renames complete ones into place) ends with one unreadable entry.
 */
public final class ReadingFileReader implements Closeable {

    private static final int GZIP_BUFFER = 64 * 1024;

    private final Path file;
    private final BufferedReader text;
    private final CsvRecords csv;
    private final List<String> header;
    private boolean ended;

    private ReadingFileReader(Path file, BufferedReader text) throws IOException {
        this.file = file;
        this.text = text;
        boolean isCsv = file.getFileName().toString().contains(".csv");
        this.csv = isCsv ? new CsvRecords(text) : null;
        this.header = isCsv ? csv.next() : null;
    }

    /**
     * Opens {@code file}; if a running bridge compressed it since it was listed, its {@code .gz} instead. Null when
     * neither is there any more (deleted by retention meanwhile).
     */
    public static ReadingFileReader open(Path file) throws IOException {
        try {
            return openAsIs(file);
        } catch (NoSuchFileException compressedMeanwhile) {
            Path compressed = ReadingFiles.compressed(file);
            try {
                return openAsIs(compressed);
            } catch (NoSuchFileException gone) {
                return null;
            }
        }
    }

    private static ReadingFileReader openAsIs(Path file) throws IOException {
        InputStream bytes = Files.newInputStream(file);
        try {
            InputStream in = file.getFileName().toString().endsWith(".gz")
                    ? new GZIPInputStream(bytes, GZIP_BUFFER) : bytes;
            return new ReadingFileReader(file, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (EOFException | ZipException cutShort) {
            bytes.close();
            return new ReadingFileReader(file, null);
        } catch (IOException | RuntimeException e) {
            bytes.close();
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    /** The next reading (perhaps {@linkplain WrittenReading#readable() unreadable}), or null at the end. */
    public WrittenReading next() throws IOException {
        if (ended) {
            return null;
        }
        if (text == null) {
            ended = true;
            return WrittenReading.unreadable("");
        }
        try {
            if (csv != null) {
                List<String> record = header == null ? null : csv.next();
                ended = record == null;
                return ended ? null : WrittenReading.ofCsvRecord(header, record);
            }
            for (String line = text.readLine(); line != null; line = text.readLine()) {
                if (!line.isBlank()) {
                    return WrittenReading.ofJsonLine(line);
                }
            }
            ended = true;
            return null;
        } catch (EOFException | ZipException cutShort) {
            ended = true;
            return WrittenReading.unreadable("");
        }
    }

    @Override
    public void close() throws IOException {
        if (text != null) {
            text.close();
        }
    }
}
