package io.sensorbridge.files;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import io.sensorbridge.observe.Meters;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code linefile:<directory>}: appends each message body as one line to the file named by the
 * {@code CamelFileName} header, below that directory, and completes the exchange only once the line is written.
 * <p>
 * Every endpoint shares one {@link GroupCommitWriter}, so completions (and thus MQTT acknowledgements) leave in
 * the order the lines arrived, whichever directory they go to. Rotation, compression and retention
 * ({@link FileLifecycle}) apply to every endpoint's directory.
 */
public class LineFileComponent extends DefaultComponent {

    private static final int MAX_BATCH = 1000;
    private static final int QUEUE_SIZE = 10_000;
    private static final int MAX_OPEN_FILES = 256;
    private static final long IDLE_CLOSE_MILLIS = 60_000;

    private FsyncPolicy fsync = FsyncPolicy.BATCH;
    private long rotateBytes;
    private FilePeriod rotateEvery = FilePeriod.DAY;
    private Compression compress = Compression.NONE;
    private int retainDays;
    private long retainBytes;
    private volatile GroupCommitWriter writer;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        return new LineFileEndpoint(uri, this, Path.of(remaining));
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        FileLifecycle lifecycle = new FileLifecycle(new RotationPolicy(rotateBytes, rotateEvery), compress,
                new Retention(retainDays, retainBytes));
        writer = new GroupCommitWriter(fsync, MAX_BATCH, QUEUE_SIZE, MAX_OPEN_FILES, IDLE_CLOSE_MILLIS, lifecycle,
                Clock.systemUTC(), Meters.of(getCamelContext()));
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

    /** Whether writing fails (disk full, permission lost) and consumption is paused until it works again. */
    public boolean isWriterPaused() {
        GroupCommitWriter current = writer;
        return current != null && current.isPaused();
    }

    public void setFsync(FsyncPolicy fsync) {
        this.fsync = fsync;
    }

    public void setRotateBytes(long rotateBytes) {
        this.rotateBytes = rotateBytes;
    }

    public void setRotateEvery(FilePeriod rotateEvery) {
        this.rotateEvery = rotateEvery;
    }

    public void setCompress(Compression compress) {
        this.compress = compress;
    }

    public void setRetainDays(int retainDays) {
        this.retainDays = retainDays;
    }

    public void setRetainBytes(long retainBytes) {
        this.retainBytes = retainBytes;
    }
}
