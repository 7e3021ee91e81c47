package io.sensorbridge.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A reading line ({@link BridgeLines#reading}, as JSON) as one CSV record with fixed columns, so every file of
 * every topic has the same header. RFC 4180 quoting: a field with a comma, a quote, CR or LF is quoted and its
 * quotes doubled (a topic may hold any of them; such a record then spans lines, as CSV allows). Payload fields
 * other than the columns are not kept: the {@code jsonl} format keeps them.
 */
public final class CsvLines {

    public static final List<String> COLUMNS =
            List.of("receivedAt", "topic", "sensor", "run", "seq", "time", "temperature", "redelivered");

    public static final byte[] HEADER = String.join(",", COLUMNS).getBytes(StandardCharsets.UTF_8);

    private static final ObjectMapper JSON = new ObjectMapper();

    private CsvLines() {
    }

    /** The CSV record of a reading line, without the line end. */
    public static byte[] record(byte[] readingLine) {
        JsonNode line;
        try {
            line = JSON.readTree(readingLine);
        } catch (IOException e) {
            throw new UncheckedIOException("not a reading line", e);
        }
        JsonNode reading = line.path("reading");
        StringBuilder out = new StringBuilder();
        for (String column : COLUMNS) {
            JsonNode value = switch (column) {
                case "receivedAt", "topic", "redelivered" -> line.path(column);
                default -> reading.path(column);
            };
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(quoted(value.isMissingNode() || value.isNull() ? ""
                    : value.isValueNode() ? value.asText() : value.toString()));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String quoted(String field) {
        if (field.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
