package io.sensorbridge.forward;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * The rows reading lines become in the PostgreSQL forward's table, in one INSERT: the body is the route's INSERT
 * statement for one row ({@code … VALUES (:?topic, :?receivedAt, …)}, camel-jdbc's named parameters), and the lines
 * are the exchange property {@link ForwardDeadLetter#PAYLOAD} (one line, or a {@code List<byte[]>} batch). The
 * statement's VALUES tuple is repeated once per line, its parameters numbered ({@code :?topic_0}, {@code :?topic_1},
 * …) and set as headers: {@code topic}, {@code receivedAt}, {@code time}, {@code sensor}, {@code seq}, {@code value}
 * (the reading's temperature), {@code reading} (the whole reading). A field the reading lacks, or a {@code time} that
 * is not ISO-8601, becomes NULL: the whole reading is kept in the {@code reading} column anyway. One statement makes
 * one transaction: the batch goes in whole or not at all.
 */
public final class ReadingRows implements Processor {

    private static final Pattern VALUES = Pattern.compile("(?is)(.*\\bVALUES\\s*)(\\(.*\\))\\s*$");
    private static final Pattern PARAMETER = Pattern.compile(":\\?(\\w+)");

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        Matcher insert = VALUES.matcher(message.getBody(String.class));
        if (!insert.matches()) {
            throw new IllegalStateException("the body must be an INSERT … VALUES (…) statement for one row");
        }
        Object payload = exchange.getProperty(ForwardDeadLetter.PAYLOAD);
        List<?> lines = payload instanceof List<?> batch ? batch : List.of(payload);
        StringBuilder sql = new StringBuilder(insert.group(1));
        for (int row = 0; row < lines.size(); row++) {
            String suffix = "_" + row;
            sql.append(row == 0 ? "" : ", ").append(PARAMETER.matcher(insert.group(2)).replaceAll(":?$1" + suffix));
            setRow(message, exchange.getContext().getTypeConverter().mandatoryConvertTo(byte[].class,
                    lines.get(row)), suffix);
        }
        message.setBody(sql.toString());
    }

    private void setRow(Message message, byte[] line, String suffix) throws IOException {
        JsonNode parsed = json.readTree(line);
        JsonNode reading = parsed.path("reading");
        message.setHeader("topic" + suffix, parsed.path("topic").asText());
        message.setHeader("receivedAt" + suffix, OffsetDateTime.parse(parsed.path("receivedAt").asText()));
        message.setHeader("reading" + suffix, json.writeValueAsString(reading));
        message.setHeader("time" + suffix, timeOf(reading.path("time")));
        message.setHeader("sensor" + suffix, reading.path("sensor").isTextual() ? reading.path("sensor").asText()
                : null);
        message.setHeader("seq" + suffix, reading.path("seq").canConvertToLong() ? reading.path("seq").asLong()
                : null);
        message.setHeader("value" + suffix, reading.path("temperature").asDouble());
    }

    private static OffsetDateTime timeOf(JsonNode time) {
        try {
            return time.isTextual() ? OffsetDateTime.parse(time.asText()) : null;
        } catch (DateTimeParseException notIso) {
            return null;
        }
    }
}
