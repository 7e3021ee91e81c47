package io.sensorbridge.forward;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The row a reading line becomes in the PostgreSQL forward's table, as headers for camel-jdbc's named parameters
 * ({@code :?topic}, {@code :?receivedAt}, {@code :?time}, {@code :?sensor}, {@code :?seq}, {@code :?value},
 * {@code :?reading}). A field the reading lacks, or a {@code time} that is not ISO-8601, becomes NULL: the whole
 * reading is kept in the {@code reading} column anyway.
 */
public final class ReadingRow {

    private final ObjectMapper json = new ObjectMapper();

    public void toHeaders(Exchange exchange) throws IOException {
        Message message = exchange.getMessage();
        JsonNode line = json.readTree(message.getBody(byte[].class));
        JsonNode reading = line.path("reading");
        message.setHeader("topic", line.path("topic").asText());
        message.setHeader("receivedAt", OffsetDateTime.parse(line.path("receivedAt").asText()));
        message.setHeader("reading", json.writeValueAsString(reading));
        message.setHeader("time", timeOf(reading.path("time")));
        message.setHeader("sensor", reading.path("sensor").isTextual() ? reading.path("sensor").asText() : null);
        message.setHeader("seq", reading.path("seq").canConvertToLong() ? reading.path("seq").asLong() : null);
        message.setHeader("value", reading.path("temperature").asDouble());
    }

    private static OffsetDateTime timeOf(JsonNode time) {
        try {
            return time.isTextual() ? OffsetDateTime.parse(time.asText()) : null;
        } catch (DateTimeParseException notIso) {
            return null;
        }
    }
}
