package io.sensorbridge.files;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sensorbridge.mqtt.DurablePahoConsumer;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReadingLineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ReadingLine readingLine = new ReadingLine();

    @Test
    void should_copy_a_one_line_payload_into_the_line_byte_for_byte() throws Exception {
        Exchange exchange = parsed("sensors/a", "  {\"temperature\": 21.50, \"seq\":7, \"x\":\"é\"}\t ");

        readingLine.process(exchange);

        assertEquals("{\"topic\":\"sensors/a\",\"receivedAt\":\"" + receivedAt(exchange)
                     + "\",\"reading\":{\"temperature\": 21.50, \"seq\":7, \"x\":\"é\"}}", line(exchange));
    }

    @Test
    void should_escape_the_topic_and_mark_a_redelivery() throws Exception {
        Exchange exchange = parsed("a\"b\\c/\u0001", "{\"temperature\":1}");
        exchange.getMessage().setHeader(DurablePahoConsumer.DUPLICATE, true);

        readingLine.process(exchange);

        JsonNode line = JSON.readTree(line(exchange));
        assertEquals("a\"b\\c/\u0001", line.get("topic").asText());
        assertEquals(1, line.get("reading").get("temperature").asInt());
        assertEquals(true, line.get("redelivered").asBoolean());
        assertEquals(4, line.size());
    }

    @Test
    void should_write_a_payload_over_several_lines_or_with_a_byte_order_mark_from_its_parsed_form() throws Exception {
        for (String payload : new String[] {"{\n  \"temperature\": 21,\r\n  \"seq\": 2\n}",
            "\uFEFF{\"temperature\":21,\"seq\":2}"}) {
            Exchange exchange = parsed("t", payload);

            readingLine.process(exchange);

            assertEquals("{\"topic\":\"t\",\"receivedAt\":\"" + receivedAt(exchange)
                         + "\",\"reading\":{\"temperature\":21,\"seq\":2}}", line(exchange));
        }
    }

    @Test
    void should_write_the_time_received_as_instant_does_at_whole_seconds_and_milliseconds() {
        ReceivedAt receivedAt = new ReceivedAt();
        for (String time : new String[] {"2026-11-25T10:00:00Z", "2026-11-25T10:00:00.120Z", "2026-11-25T10:00:00.007Z",
            "2026-11-25T10:00:00.999Z", "2026-11-25T10:00:01Z", "1969-12-31T23:59:59.500Z"}) {
            assertEquals(time, receivedAt.format(Instant.parse(time).toEpochMilli()));
        }
    }

    private static Exchange parsed(String topic, String payload) throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        byte[] raw = payload.getBytes(StandardCharsets.UTF_8);
        exchange.setProperty(BridgeLines.RAW_PAYLOAD, raw);
        exchange.getMessage().setHeader("CamelMqttTopic", topic);
        exchange.getMessage().setBody(JSON.readValue(payload.replace("\uFEFF", ""), Map.class));
        return exchange;
    }

    private static String receivedAt(Exchange exchange) {
        return Instant.ofEpochMilli(exchange.getClock().getCreated()).toString();
    }

    private static String line(Exchange exchange) {
        return new String(exchange.getMessage().getBody(byte[].class), StandardCharsets.UTF_8);
    }
}
