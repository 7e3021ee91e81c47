package io.sensorbridge.forward;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sensorbridge.files.BridgeLines;
import org.apache.camel.Exchange;

/**
 * The dead-letter record of what a forward gave up on, as a map for camel-jackson to serialise:
 * <pre>
 * {"forward":"http","failedAt":…,"reason":"forward http: …","size":…,"payload":{…the reading line, or the batch…}}
 * </pre>
 * The reading itself is safe in the reading files; the record says what did not reach the other system and why,
 * with what was to be sent, so it can be sent again by hand.
 */
public final class ForwardDeadLetter {

    /** Exchange property naming the forward (mqtt, http, jdbc). */
    public static final String FORWARD = "forward";
    /** Exchange property with a reason of our own, when there is no exception to take it from. */
    public static final String REASON = "forwardReason";
    /** Exchange property with what was to be sent, when the body no longer holds it (the JDBC forward's is SQL). */
    public static final String PAYLOAD = "forwardPayload";

    private final ObjectMapper json = new ObjectMapper();

    public Map<String, Object> record(Exchange exchange) throws IOException {
        byte[] payload = exchange.getProperty(PAYLOAD, byte[].class);
        if (payload == null) {
            payload = exchange.getMessage().getBody(byte[].class);
        }
        String reason = exchange.getProperty(REASON, String.class);
        if (reason == null) {
            reason = BridgeLines.reasonOf(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("forward", exchange.getProperty(FORWARD));
        line.put("failedAt", Instant.now().toString());
        line.put("reason", "forward " + exchange.getProperty(FORWARD) + ": " + reason);
        line.put("size", payload.length);
        line.put("payload", json.readTree(payload));
        return line;
    }
}
