package io.sensorbridge.files;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sensorbridge.mqtt.DurablePahoConsumer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.paho.PahoConstants;

/**
 * Turns a checked reading into the line the bridge writes, as UTF-8 bytes:
 * <pre>
 * {"topic":…,"receivedAt":…,"reading":{…the payload…}}        (+ "redelivered":true when the broker said so)
 * </pre>
 * {@code receivedAt} is when the bridge took the message (ISO-8601, UTC); it also names the day's file.
 * <p>
 * The payload has been parsed and checked already (the body is its map); it goes into the line as the publisher
 * sent it, byte for byte, when it is one line of JSON starting with {@code {}, so a reading is parsed once and
 * never written back: numbers keep their spelling and fields their order. A payload spread over several lines
 * (or with a byte-order mark) is written from its parsed form instead, on one line.
 */
public final class ReadingLine implements Processor {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] READING = "\",\"reading\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] REDELIVERED = ",\"redelivered\":true".getBytes(StandardCharsets.UTF_8);
    /** Per topic: {@code {"topic":"<topic, JSON-escaped>","receivedAt":"} */
    private final RecentNames<byte[]> starts = new RecentNames<>(ReadingLine::startOf);
    private final ReceivedAt receivedAt = new ReceivedAt();

    @Override
    public void process(Exchange exchange) throws JsonProcessingException {
        Message message = exchange.getMessage();
        String topic = message.getHeader(PahoConstants.MQTT_TOPIC, String.class);
        String time = receivedAt.format(exchange.getClock().getCreated());
        boolean redelivered = Boolean.TRUE.equals(message.getHeader(DurablePahoConsumer.DUPLICATE));
        byte[] payload = exchange.getProperty(BridgeLines.RAW_PAYLOAD, byte[].class);
        int from = payload == null ? -1 : firstOfObject(payload);
        message.setBody(from < 0 ? parsedLine(topic, time, message.getBody(), redelivered)
                : embeddedLine(topic, time, payload, from, redelivered));
    }

    private byte[] embeddedLine(String topic, String time, byte[] payload, int from, boolean redelivered) {
        int to = payload.length;
        while (to > from && (payload[to - 1] == ' ' || payload[to - 1] == '\t')) {
            to--;
        }
        byte[] start = starts.get(topic);
        int length = start.length + time.length() + READING.length + (to - from)
                     + (redelivered ? REDELIVERED.length : 0) + 1;
        byte[] line = new byte[length];
        int at = put(line, 0, start, 0, start.length);
        for (int i = 0; i < time.length(); i++) {
            line[at++] = (byte) time.charAt(i); // ASCII
        }
        at = put(line, at, READING, 0, READING.length);
        at = put(line, at, payload, from, to - from);
        if (redelivered) {
            at = put(line, at, REDELIVERED, 0, REDELIVERED.length);
        }
        line[at] = '}';
        return line;
    }

    private static int put(byte[] line, int at, byte[] part, int from, int length) {
        System.arraycopy(part, from, line, at, length);
        return at + length;
    }

    private static byte[] startOf(String topic) {
        return ("{\"topic\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(topic))
                + "\",\"receivedAt\":\"").getBytes(StandardCharsets.UTF_8);
    }

    /** Where the payload's object starts, or -1 when it cannot be copied into a line as it is. */
    private static int firstOfObject(byte[] payload) {
        int first = -1;
        for (int i = 0; i < payload.length; i++) {
            byte b = payload[i];
            if (b == '\n' || b == '\r') {
                return -1;
            }
            if (first < 0 && b != ' ' && b != '\t') {
                if (b != '{') {
                    return -1;
                }
                first = i;
            }
        }
        return first;
    }

    private static byte[] parsedLine(String topic, String time, Object reading, boolean redelivered)
            throws JsonProcessingException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("topic", topic);
        line.put("receivedAt", time);
        line.put("reading", reading);
        if (redelivered) {
            line.put("redelivered", true);
        }
        return JSON.writeValueAsBytes(line);
    }
}
