package io.sensorbridge.files;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the readings of one file the bridge wrote ({@link ReadingFiles}), one at a time, so a file of any size takes
 * a buffer's worth of memory: a {@code .jsonl} line by line, a {@code .csv} record by record under its header, either
 * through gzip when the name ends in {@code .gz} ({@link RecordReader}). Blank lines are passed over. A {@code .gz}
 * cut short (only ever a copy, the bridge renames complete ones into place) ends with one unreadable entry.
 */
public final class ReadingFileReader implements Closeable {

    private final RecordReader records;
    private final List<String> header;
    private boolean ended;

    private ReadingFileReader(RecordReader records) throws IOException {
        this.records = records;
        this.header = records.header() == null ? null : fields(records.header());
    }

    /**
     * Opens {@code file}; if a running bridge compressed it since it was listed, its {@code .gz} instead. Null when
     * neither is there any more (deleted by retention meanwhile).
     */
    public static ReadingFileReader open(Path file) throws IOException {
        try {
            return new ReadingFileReader(RecordReader.open(file, 0, true));
        } catch (NoSuchFileException compressedMeanwhile) {
            try {
                return new ReadingFileReader(RecordReader.open(ReadingFiles.compressed(file), 0, true));
            } catch (NoSuchFileException gone) {
                return null;
            }
        }
    }

    public Path file() {
        return records.file();
    }

    /** The next reading (perhaps {@linkplain WrittenReading#readable() unreadable}), or null at the end. */
    public WrittenReading next() throws IOException {
        while (!ended) {
            RecordReader.Record record = records.nextRecord();
            if (record == null) {
                ended = true;
                return records.cutShort() ? WrittenReading.unreadable("") : null;
            }
            WrittenReading reading = parse(record.bytes(), header);
            if (reading != null) {
                return reading;
            }
        }
        return null;
    }

    /** A record of a file as the reading it holds; null for a blank line. {@code header}: a CSV file's, else null. */
    public static WrittenReading parse(byte[] record, List<String> header) throws IOException {
        String text = new String(record, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return null;
        }
        return header == null ? WrittenReading.ofJsonLine(text) : WrittenReading.ofCsvRecord(header, fields(record));
    }

    /** The fields of one CSV record. */
    public static List<String> fields(byte[] record) throws IOException {
        return new CsvRecords(new BufferedReader(new StringReader(new String(record, StandardCharsets.UTF_8))))
                .next();
    }

    @Override
    public void close() throws IOException {
        records.close();
    }
}
