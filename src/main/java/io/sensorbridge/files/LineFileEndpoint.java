package io.sensorbridge.files;

import java.nio.file.Path;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** A directory that {@code linefile:} appends lines below; see {@link LineFileComponent}. */
public class LineFileEndpoint extends DefaultEndpoint {

    private final Path directory;

    LineFileEndpoint(String uri, LineFileComponent component, Path directory) {
        super(uri, component);
        this.directory = directory.toAbsolutePath().normalize();
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
}
