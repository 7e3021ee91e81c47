package io.sensorbridge.files;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.sensorbridge.Meters;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.StartupListener;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code linefile:<directory>}: as a producer, appends each message body as one line to the file named by the
 * {@code CamelFileName} header, below that directory, and completes the exchange only once the line is written; as a
 * consumer ({@code position=<name>}), follows the files written below that directory from a saved position
 * ({@link LineFileConsumer}): that is how every forward reads what the bridge wrote.
 * <p>
 * Every endpoint shares one {@link GroupCommitWriter}, so completions (and thus MQTT acknowledgements) leave in
 * the order the lines arrived, whichever directory they go to. Rotation, compression and retention
 * ({@link FileLifecycle}) apply to every endpoint's directory, and wait for the followers. Options: {@code start}
 * ({@code end} or {@code oldest}: where a consumer with no saved position starts), {@code retryDelay} (ms before a
 * consumer sends again after a failure, doubling up to a minute), {@code memberFolder} (a share
 * group member's own folder below each directory, which its consumers follow), and the writer's.
 */
public class LineFileComponent extends DefaultComponent implements Followers {

    private static final int MAX_BATCH = 1000;
    private static final int QUEUE_SIZE = 10_000;
    private static final int MAX_OPEN_FILES = 256;
    private static final long IDLE_CLOSE_MILLIS = 60_000;
    private static final long SAVE_MILLIS = 200;

    private FsyncPolicy fsync = FsyncPolicy.BATCH;
    private long rotateBytes;
    private FilePeriod rotateEvery = FilePeriod.DAY;
    private Compression compress = Compression.NONE;
    private int retainDays;
    private long retainBytes;
    private String start = "end";
    private long retryDelay = 1000;
    private String memberFolder = "";
    private volatile GroupCommitWriter writer;
    private final List<FileFollower> followers = new CopyOnWriteArrayList<>();
    private final Map<String, ForwardLag> lags = new ConcurrentHashMap<>();
    /** Until every route has started: the length each file written in this run had before its first line. */
    private final Map<Path, Long> firstWrites = new ConcurrentHashMap<>();
    private volatile boolean routesStarted;
    private ScheduledExecutorService lagUpdates;
    private Function<String, ReadingSource> sources;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        return new LineFileEndpoint(uri, this, Path.of(remaining));
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (!start.equals("end") && !start.equals("oldest")) {
            throw new IllegalArgumentException("linefile: start must be end or oldest, not '" + start + "'");
        }
        FileLifecycle lifecycle = new FileLifecycle(new RotationPolicy(rotateBytes, rotateEvery), compress,
                new Retention(retainDays, retainBytes));
        writer = new GroupCommitWriter(fsync, MAX_BATCH, QUEUE_SIZE, MAX_OPEN_FILES, IDLE_CLOSE_MILLIS, lifecycle,
                this, Clock.systemUTC(), Meters.of(getCamelContext()));
        getCamelContext().addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                // every consumer is made by now: none needs to know where this run began writing
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                routesStarted = true;
                firstWrites.clear();
                writer.sweepSoon();
            }
        });
        writer.start();
        // the lag meters and log lines follow the forwards once a second, whatever their threads are waiting for
        lagUpdates = getCamelContext().getExecutorServiceManager().newSingleThreadScheduledExecutor(this,
                "linefile-lag");
        lagUpdates.scheduleWithFixedDelay(() -> followers.forEach(FileFollower::updateLag), 1, 1, TimeUnit.SECONDS);
    }

    @Override
    protected void doStop() throws Exception {
        getCamelContext().getExecutorServiceManager().shutdownNow(lagUpdates);
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

    /** How far each forward (a consumer, by its position name) is behind the files. */
    public List<ForwardLag.Snapshot> lags() {
        return lags.values().stream().map(ForwardLag::snapshot)
                .sorted(Comparator.comparing(ForwardLag.Snapshot::forward)).toList();
    }

    /**
     * Makes every consumer read from the source this gives for its position name instead of following the files:
     * {@code replay} reads a recorded folder over a range, at a pace, through the same routes.
     */
    public void readFrom(Function<String, ReadingSource> sources) {
        this.sources = sources;
    }

    /** The source of a consumer's readings: its follower of the files, which finds its position now. */
    ReadingSource sourceFor(LineFileEndpoint endpoint) throws Exception {
        if (sources != null) {
            return sources.apply(endpoint.getPosition());
        }
        Path followed = memberFolder.isEmpty() ? endpoint.directory() : endpoint.directory().resolve(memberFolder);
        ForwardLag lag = lags.computeIfAbsent(endpoint.getPosition(),
                name -> new ForwardLag(name, Meters.of(getCamelContext())));
        FileFollower follower = new FileFollower(followed, endpoint.getPosition(), start.equals("oldest"),
                Map.copyOf(firstWrites), SAVE_MILLIS, lag, Clock.systemUTC());
        follower.open();
        follower.onPassed(() -> writer.sweepSoon());
        followers.add(follower);
        return follower;
    }

    /** A consumer is done with its source: a follower stops holding back compression and deletion. */
    void release(ReadingSource source) {
        if (source instanceof FileFollower follower) {
            followers.remove(follower);
        }
        source.close();
    }

    // ---- Followers: what the writer tells the consumers, on its thread ----

    @Override
    public void written(Path file, long from, long to, int lines, byte[] bytes) {
        if (!routesStarted) {
            firstWrites.putIfAbsent(file, from);
        }
        for (FileFollower follower : followers) {
            follower.written(file, from, to, lines, bytes);
        }
    }

    @Override
    public void rotated(Path from, Path to) {
        for (FileFollower follower : followers) {
            follower.rotated(from, to);
        }
    }

    @Override
    public boolean passed(Path file) {
        if (!routesStarted) {
            return false; // a consumer not made yet may still need it
        }
        for (FileFollower follower : followers) {
            if (!follower.passed(file)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void removing(Path file) {
        for (FileFollower follower : followers) {
            follower.removing(file);
        }
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

    long retryDelay() {
        return retryDelay;
    }

    public void setRetryDelay(long retryDelay) {
        this.retryDelay = retryDelay;
    }

    public void setStart(String start) {
        this.start = start;
    }

    public void setMemberFolder(String memberFolder) {
        this.memberFolder = memberFolder;
    }
}
