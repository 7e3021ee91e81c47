package io.sensorbridge.files;

/** How a {@code linefile:} endpoint writes a reading line: the JSON line itself, or a CSV record ({@link CsvLines}). */
public enum LineFormat {
    JSONL,
    CSV
}
