package io.sensorbridge.files;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One reading as the bridge wrote it, read back from a line of its files ({@code verify} and {@code replay} read
 * them so). From a JSON line ({@link ReadingLine}), {@link #reading()} is the text of its {@code reading} object
 * cut out of the line as it stands, so the payload as received comes back byte for byte, never re-serialised. From
 * a CSV record ({@link CsvLines}) the reading is rebuilt from the columns CSV keeps: fields other than those are
 * gone, text columns are strings and the others numbers where they read as one, so it is not byte for byte.
 * <p>
 * A line that is torn (a crash mid-write), is not JSON, or holds no {@code reading} object is {@linkplain
 * #readable() unreadable}: counted, never guessed at.
 */
public record WrittenReading(String line, String topic, String receivedAt, String reading, String sensor) {

    private static final JsonFactory JSON_FACTORY = new JsonFactory();
    private static final ObjectMapper JSON = new ObjectMapper(JSON_FACTORY);
    /** Reading fields that are text even when they look like a number (a sensor called 42). */
    private static final Set<String> TEXT_COLUMNS = Set.of("sensor", "run", "time");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?\\d{1,18}");
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?");

    /** Whether the line held a reading; the other fields may still be missing (null) when it did. */
    public boolean readable() {
        return reading != null;
    }

    static WrittenReading unreadable(String line) {
        return new WrittenReading(line, null, null, null, null);
    }

    /** A line of a {@code .jsonl} file: {@code {"topic":…,"receivedAt":…,"reading":{…}}}. */
    public static WrittenReading ofJsonLine(String line) {
        String topic = null;
        String receivedAt = null;
        String reading = null;
        String sensor = null;
        try (JsonParser parser = JSON_FACTORY.createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return unreadable(line);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("reading") && value == JsonToken.START_OBJECT) {
                    int from = (int) parser.currentTokenLocation().getCharOffset();
                    sensor = sensorOf(parser);
                    reading = line.substring(from, (int) parser.currentTokenLocation().getCharOffset() + 1);
                } else if (name.equals("topic") && value == JsonToken.VALUE_STRING) {
                    topic = parser.getText();
                } else if (name.equals("receivedAt") && value == JsonToken.VALUE_STRING) {
                    receivedAt = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException torn) {
            return unreadable(line);
        }
        return new WrittenReading(line, topic, receivedAt, reading, sensor);
    }

    /** Reads the fields of the reading object up to its end; returns its {@code sensor} (null if none). */
    private static String sensorOf(JsonParser parser) throws IOException {
        String sensor = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("sensor") && value.isScalarValue()) {
                sensor = parser.getText();
            } else {
                parser.skipChildren();
            }
        }
        return sensor;
    }

    /** A record of a {@code .csv} file under its {@code header}, turned back into the line it was written from. */
    public static WrittenReading ofCsvRecord(List<String> header, List<String> record) {
        if (header == null || record.size() != header.size()) {
            return unreadable(String.join(",", record));
        }
        ObjectNode line = JSON.createObjectNode();
        ObjectNode reading = JSON.createObjectNode();
        String topic = null;
        String receivedAt = null;
        boolean redelivered = false;
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i);
            String value = record.get(i);
            if (value.isEmpty()) {
                continue;
            }
            switch (column) {
                case "topic" -> topic = value;
                case "receivedAt" -> receivedAt = value;
                case "redelivered" -> redelivered = value.equals("true");
                default -> putTyped(reading, column, value);
            }
        }
        line.put("topic", topic);
        line.put("receivedAt", receivedAt);
        line.set("reading", reading);
        if (redelivered) {
            line.put("redelivered", true);
        }
        String sensor = reading.has("sensor") ? reading.get("sensor").asText() : null;
        return new WrittenReading(line.toString(), topic, receivedAt, reading.toString(), sensor);
    }

    private static void putTyped(ObjectNode reading, String column, String value) {
        if (TEXT_COLUMNS.contains(column)) {
            reading.put(column, value);
        } else if (WHOLE_NUMBER.matcher(value).matches()) {
            reading.put(column, Long.parseLong(value));
        } else if (NUMBER.matcher(value).matches()) {
            reading.put(column, new BigDecimal(value));
        } else {
            reading.put(column, value);
        }
    }
}
