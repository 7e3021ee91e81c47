package io.sensorbridge.forward;

import java.io.ByteArrayOutputStream;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * A batch of reading lines (JSON objects, the {@code List<byte[]>} a {@code linefile:} consumer with a batch size
 * hands over) as one JSON array, {@code [line,line,…]}, for the HTTP forward's batched POST. A body that is not a
 * list (a single reading) is left as it is.
 */
public final class JsonArray implements Processor {

    @Override
    public void process(Exchange exchange) {
        if (!(exchange.getMessage().getBody() instanceof List<?> lines)) {
            return;
        }
        ByteArrayOutputStream array = new ByteArrayOutputStream();
        array.write('[');
        for (Object line : lines) {
            if (array.size() > 1) {
                array.write(',');
            }
            array.writeBytes((byte[]) line);
        }
        array.write(']');
        exchange.getMessage().setBody(array.toByteArray());
    }
}
