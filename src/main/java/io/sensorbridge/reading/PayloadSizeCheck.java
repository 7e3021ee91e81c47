package io.sensorbridge.reading;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Refuses a payload that is empty or larger than {@code bridge.max-payload-bytes}, before anything parses it
 * ({@link InvalidReadingException}: the bridge route dead-letters it).
 */
public final class PayloadSizeCheck implements Processor {

    private final int maxPayloadBytes;

    public PayloadSizeCheck(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    public void process(Exchange exchange) throws InvalidReadingException {
        check(exchange.getMessage().getBody(byte[].class));
    }

    private void check(byte[] payload) throws InvalidReadingException {
        if (payload == null || payload.length == 0) {
            throw new InvalidReadingException("empty", "empty payload");
        }
        if (payload.length > maxPayloadBytes) {
            throw new InvalidReadingException("too-large", "payload of " + payload.length + " bytes is larger than"
                                              + " bridge.max-payload-bytes=" + maxPayloadBytes);
        }
    }
}
