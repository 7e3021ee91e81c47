package io.sensorbridge.files;

import java.nio.file.Path;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/**
 * A directory that {@code linefile:} appends lines below; see {@link LineFileComponent}. Option {@code format}:
 * {@code jsonl} (default) writes the body as it is; {@code csv} writes a reading line as a CSV record to the
 * {@code .csv} file beside where the {@code .jsonl} would be, under a header line.
 */
public class LineFileEndpoint extends DefaultEndpoint {

    private final Path directory;
    private LineFormat format = LineFormat.JSONL;

    LineFileEndpoint(String uri, LineFileComponent component, Path directory) {
        super(uri, component);
        this.directory = directory.toAbsolutePath().normalize();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        getComponent().writer().manage(directory);
    }

    @Override
    public Producer createProducer() {
        return new LineFileProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("linefile: can only be written to");
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
}
