package io.sensorbridge.files;

/** How a {@code linefile:} endpoint writes a reading line: as the JSON line it is, or as a CSV record ({@link CsvLines}). */
public enum LineFormat {
    JSONL,
    CSV
}
