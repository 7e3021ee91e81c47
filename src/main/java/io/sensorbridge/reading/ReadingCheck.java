package io.sensorbridge.reading;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * What the bridge accepts as a reading, checked on the parsed payload (its size is checked before parsing, by
 * {@link PayloadSizeCheck}): a JSON object with:
 * <ul>
 * <li>{@code temperature}: required, a finite number;</li>
 * <li>{@code sensor}, {@code run}, {@code time}: optional strings;</li>
 * <li>{@code seq}: optional, a whole number of at least 1.</li>
 * </ul>
 * Other fields are kept as they are. The seed's bare {@code {"temperature": 21}} is a valid reading.
 */
public final class ReadingCheck implements Processor {

    /** Throws {@link InvalidReadingException} unless the body is a valid reading. */
    @Override
    public void process(Exchange exchange) throws InvalidReadingException {
        validate(exchange.getMessage().getBody());
    }

    /** Returns the parsed reading if its fields have the documented types. */
    public Map<?, ?> validate(Object parsed) throws InvalidReadingException {
        if (!(parsed instanceof Map<?, ?> reading)) {
            throw new InvalidReadingException("not-an-object", "not a JSON object");
        }
        if (!(reading.get("temperature") instanceof Number temperature)) {
            throw new InvalidReadingException("no-temperature", reading.containsKey("temperature")
                    ? "temperature is not a number" : "temperature is missing");
        }
        if (!Double.isFinite(temperature.doubleValue())) {
            throw new InvalidReadingException("no-temperature", "temperature is not a finite number");
        }
        for (String field : new String[] {"sensor", "run", "time"}) {
            Object value = reading.get(field);
            if (value != null && !(value instanceof String)) {
                throw new InvalidReadingException("bad-field", field + " is not a string");
            }
        }
        Object seq = reading.get("seq");
        boolean wholeAndPositive = (seq instanceof Integer || seq instanceof Long) && ((Number) seq).longValue() >= 1;
        if (seq != null && !wholeAndPositive) {
            throw new InvalidReadingException("bad-field", "seq is not a whole number of at least 1");
        }
        return reading;
    }
}
