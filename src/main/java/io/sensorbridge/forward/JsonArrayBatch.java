package io.sensorbridge.forward;

import java.io.ByteArrayOutputStream;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Gathers reading lines (JSON objects) into one JSON array, {@code [line,line,…]}, for the HTTP forward's batched
 * POST. With a batch size of 1 every reading is posted on its own, as the object it is.
 */
public final class JsonArrayBatch implements AggregationStrategy {

    private final int batchSize;

    public JsonArrayBatch(int batchSize) {
        this.batchSize = batchSize;
    }

    @Override
    public Exchange aggregate(Exchange batch, Exchange reading) {
        byte[] line = reading.getMessage().getBody(byte[].class);
        if (batchSize == 1) {
            return reading;
        }
        if (batch == null) {
            ByteArrayOutputStream array = new ByteArrayOutputStream();
            array.write('[');
            array.writeBytes(line);
            reading.getMessage().setBody(array);
            return reading;
        }
        ByteArrayOutputStream array = batch.getMessage().getBody(ByteArrayOutputStream.class);
        array.write(',');
        array.writeBytes(line);
        return batch;
    }

    @Override
    public void onCompletion(Exchange batch) {
        if (batchSize > 1) {
            ByteArrayOutputStream array = batch.getMessage().getBody(ByteArrayOutputStream.class);
            array.write(']');
            batch.getMessage().setBody(array.toByteArray());
        }
    }
}
