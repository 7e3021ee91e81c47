package io.sensorbridge.files;

import java.nio.file.Path;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/**
 * A directory that {@code linefile:} appends lines below, or follows; see {@link LineFileComponent}.
 * <p>
 * Producer option {@code format}: {@code jsonl} (default) writes the body as it is; {@code csv} writes a reading line
 * as a CSV record to the {@code .csv} file beside where the {@code .jsonl} would be, under a header line.
 * <p>
 * Consumer options ({@link LineFileConsumer}): {@code position} (required), the name its saved position goes by
 * ({@code <directory>/.positions/<name>.json}) and its label in meters and logs; {@code maxInflight} (1), exchanges
 * under way at once; {@code batchSize} (1), readings per exchange (above 1: a {@code List<byte[]>} of lines);
 * {@code batchMillis} (1000), how long a batch that is not full waits for more readings.
 */
public class LineFileEndpoint extends DefaultEndpoint {

    private final Path directory;
    private LineFormat format = LineFormat.JSONL;
    private String position;
    private int maxInflight = 1;
    private int batchSize = 1;
    private long batchMillis = 1000;

    LineFileEndpoint(String uri, LineFileComponent component, Path directory) {
        super(uri, component);
        this.directory = directory.toAbsolutePath().normalize();
    }

    @Override
    public Producer createProducer() {
        return new LineFileProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (position == null || position.isBlank() || !position.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("linefile: a consumer needs position=<name> (letters, digits, - and _):"
                                               + " the name its saved position and meters go by");
        }
        if (maxInflight < 1 || batchSize < 1 || batchMillis < 0) {
            throw new IllegalArgumentException("linefile: maxInflight and batchSize must be at least 1, batchMillis"
                                               + " at least 0");
        }
        LineFileConsumer consumer = new LineFileConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public LineFileComponent getComponent() {
        return (LineFileComponent) super.getComponent();
    }

    Path directory() {
        return directory;
    }

    LineFormat format() {
        return format;
    }

    public void setFormat(LineFormat format) {
        this.format = format;
    }

    public String getPosition() {
        return position;
    }

    public void setPosition(String position) {
        this.position = position;
    }

    public int getMaxInflight() {
        return maxInflight;
    }

    public void setMaxInflight(int maxInflight) {
        this.maxInflight = maxInflight;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public long getBatchMillis() {
        return batchMillis;
    }

    public void setBatchMillis(long batchMillis) {
        this.batchMillis = batchMillis;
    }
}
