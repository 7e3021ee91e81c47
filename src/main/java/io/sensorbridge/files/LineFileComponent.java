package io.sensorbridge.files;

import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code linefile:<directory>}: appends each message body as one line to the file named by the
 * {@code CamelFileName} header, below that directory, and completes the exchange only once the line is written.
 * <p>
 * Every endpoint shares one {@link GroupCommitWriter}, so completions (and thus MQTT acknowledgements) leave in
 * the order the lines arrived, whichever directory they go to.
 */
public class LineFileComponent extends DefaultComponent {

    private static final int MAX_BATCH = 1000;
    private static final int QUEUE_SIZE = 10_000;
    private static final int MAX_OPEN_FILES = 256;
    private static final long IDLE_CLOSE_MILLIS = 60_000;

    private FsyncPolicy fsync = FsyncPolicy.BATCH;
    private GroupCommitWriter writer;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        return new LineFileEndpoint(uri, this, Path.of(remaining));
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        writer = new GroupCommitWriter(fsync, MAX_BATCH, QUEUE_SIZE, MAX_OPEN_FILES, IDLE_CLOSE_MILLIS);
        writer.start();
    }

    @Override
    protected void doStop() throws Exception {
        writer.stop();
        super.doStop();
    }

    GroupCommitWriter writer() {
        return writer;
    }

    public void setFsync(FsyncPolicy fsync) {
        this.fsync = fsync;
    }
}
