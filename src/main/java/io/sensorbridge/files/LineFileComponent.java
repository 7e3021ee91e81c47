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

    private FsyncPolicy fsync = FsyncPolicy.BATCH;
    private int maxBatch = 1000;
    private int queueSize = 10_000;
    private int maxOpenFiles = 256;
    private long idleCloseMillis = 60_000;
    private GroupCommitWriter writer;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        return new LineFileEndpoint(uri, this, Path.of(remaining));
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        writer = new GroupCommitWriter(fsync, maxBatch, queueSize, maxOpenFiles, idleCloseMillis);
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

    public void setMaxBatch(int maxBatch) {
        this.maxBatch = maxBatch;
    }

    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    public void setMaxOpenFiles(int maxOpenFiles) {
        this.maxOpenFiles = maxOpenFiles;
    }

    public void setIdleCloseMillis(long idleCloseMillis) {
        this.idleCloseMillis = idleCloseMillis;
    }
}
