package io.sensorbridge.forward;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sensorbridge.files.BridgeLines;
import io.sensorbridge.files.LineFileConsumer;
import org.apache.camel.Exchange;

/**
 * The dead-letter record of what a forward gave up on, as a map for camel-jackson to serialise:
 * <pre>
 * {"forward":"http","failedAt":…,"reason":"forward http: …","size":…,"payload":{…the reading line, or the batch…}}
 * </pre>
 * The reading itself is safe in the reading files; the record says what did not reach the other system and why,
 * with what was to be sent, so it can be sent again by hand. The forward is the {@code linefile:} consumer's
 * position name ({@link LineFileConsumer#POSITION}); the exchange is marked as dead-lettered, so the forward counts it
 * as that and not as delivered.
 */
public final class ForwardDeadLetter {

    /** Exchange property with what was to be sent, when the body no longer holds it (the JDBC forward's is SQL). */
    public static final String PAYLOAD = "forwardPayload";

    private final ObjectMapper json = new ObjectMapper();

    public Map<String, Object> record(Exchange exchange) throws IOException {
        byte[] payload = exchange.getProperty(PAYLOAD, byte[].class);
        if (payload == null) {
            payload = exchange.getMessage().getBody(byte[].class);
        }
        String forward = forwardOf(exchange);
        String reason = BridgeLines.reasonOf(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        exchange.setProperty(LineFileConsumer.DEAD_LETTERED, true);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("forward", forward);
        line.put("failedAt", Instant.now().toString());
        line.put("reason", "forward " + forward + ": " + reason);
        line.put("size", payload.length);
        line.put("payload", json.readTree(payload));
        return line;
    }

    /** The forward an exchange belongs to: its {@code linefile:} consumer's position name. */
    public static String forwardOf(Exchange exchange) {
        return exchange.getMessage().getHeader(LineFileConsumer.POSITION, "unknown", String.class);
    }
}
