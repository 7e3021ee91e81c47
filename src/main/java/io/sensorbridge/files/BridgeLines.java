package io.sensorbridge.files;

import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.component.paho.PahoConstants;

/**
 * The dead-letter line, as a map for camel-jackson to serialise (a reading's line is {@link ReadingLine}'s):
 * <pre>
 * dead letter: {"topic":…,"receivedAt":…,"reason":…,"size":…,"payloadBase64":…}         (+ "truncated":true)
 * </pre>
 * {@code receivedAt} is when the bridge took the message (ISO-8601, UTC); it also names the day's file.
 */
public final class BridgeLines {

    /** Exchange property that keeps the raw payload for the dead-letter record. */
    public static final String RAW_PAYLOAD = "rawPayload";

    private final int deadLetterPayloadBytes;

    public BridgeLines(int deadLetterPayloadBytes) {
        this.deadLetterPayloadBytes = deadLetterPayloadBytes;
    }

    public Map<String, Object> deadLetter(Exchange exchange) {
        Map<String, Object> line = common(exchange);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        line.put("reason", reasonOf(cause));
        byte[] payload = exchange.getProperty(RAW_PAYLOAD, new byte[0], byte[].class);
        line.put("size", payload.length);
        byte[] kept = payload.length > deadLetterPayloadBytes ? Arrays.copyOf(payload, deadLetterPayloadBytes) : payload;
        line.put("payloadBase64", Base64.getEncoder().encodeToString(kept));
        if (kept.length < payload.length) {
            line.put("truncated", true);
        }
        return line;
    }

    /** The topic as it may go into a log line: control characters replaced, at most 200 characters. */
    public static String printableTopic(Exchange exchange) {
        Object topic = exchange.getMessage().getHeader(PahoConstants.MQTT_TOPIC);
        if (topic == null) {
            topic = exchange.getMessage().getHeader(LineFileConsumer.TOPIC);
        }
        return topic == null ? null : printable(topic.toString(), 200);
    }

    /** One line of text: the first line of the exception's message, at most 300 characters. */
    public static String reasonOf(Exception cause) {
        if (cause == null) {
            return "unknown";
        }
        String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        return printable(message.lines().findFirst().orElse("").strip(), 300);
    }

    private static String printable(String text, int maxLength) {
        String shown = text.length() > maxLength ? text.substring(0, maxLength) + "…" : text;
        return shown.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }

    private static Map<String, Object> common(Exchange exchange) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("topic", exchange.getMessage().getHeader(PahoConstants.MQTT_TOPIC, String.class));
        line.put("receivedAt", Instant.ofEpochMilli(exchange.getClock().getCreated()).toString());
        return line;
    }
}
