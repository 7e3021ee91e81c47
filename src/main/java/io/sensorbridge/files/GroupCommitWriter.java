package io.sensorbridge.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that appends lines to files through long-lived open channels, in batches.
 * <p>
 * Producers {@link #append} a line with a completion callback; the thread takes whatever is queued (up to
 * {@code maxBatch} lines), writes each file's share with one write, forces the files when the
 * {@link FsyncPolicy} asks for it, and only then completes the callbacks, in the order the lines were appended.
 * That is what lets a consumer acknowledge a message only once its line is on disk, in arrival order.
 * <p>
 * A failed write (disk full, permission lost) is not reported to the callbacks: the batch is rolled back to the
 * files' previous lengths and retried with back-off until it succeeds, so no exchange fails for a transient disk
 * problem. Meanwhile the queue fills and {@link #append} blocks, which pauses consumption.
 * <p>
 * Between batches the same thread completes files ({@link FileLifecycle}): one that reached the size limit right
 * after the batch that filled it, and those whose period ended at the boundary, by a check every second that runs
 * whether or not lines arrive. A file is never written to while it is renamed, compressed or deleted.
 * Files idle for {@code idleCloseMillis} are closed, and at most {@code maxOpenFiles} stay open.
 * <p>
 * After each batch it tells the {@link Followers} (the forwards) what it wrote, so they send it at once, and it
 * compresses or deletes a completed file only once they are done with it ({@link FileLifecycle}). Sweeps run when no
 * line waits in the queue, so a line of a period that just ended is written before its file is completed; under a
 * load that never lets the queue empty, {@link #SWEEP_WAIT_NANOS} after they fell due (a line of an ended period
 * written later goes to a new part of it).
 */
public final class GroupCommitWriter {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final byte NEWLINE = '\n';
    private static final long MAX_BACKOFF_MILLIS = 30_000;
    private static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long a due sweep waits for a moment with no line queued before it runs all the same (a steady load). */
    static final long SWEEP_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** One line waiting to be written, and what to call once it is. */
    private record Line(Path file, byte[] header, byte[] bytes, Consumer<Exception> done) {
    }

    private final FsyncPolicy fsync;
    private final int maxBatch;
    private final int maxOpenFiles;
    private final long idleCloseMillis;
    private final FileLifecycle lifecycle;
    private final Followers followers;
    private final Clock clock;
    private final BlockingQueue<Line> queue;
    /** By the file lines are appended for; the file actually open may be a new part of it (see FileLifecycle). */
    private final Map<Path, OpenFile> open = new LinkedHashMap<>(16, 0.75f, true);
    private final Set<Path> folders = new CopyOnWriteArraySet<>();
    private final Thread thread;
    private volatile boolean running = true;
    /** True from a failed write until a write succeeds again: the readiness check and a gauge show it. */
    private volatile boolean paused;
    private final Counter bytesWritten;
    private final Counter writeFailures;
    private final Timer fsyncTime;
    private volatile boolean sweepDue;
    /** Since when a due sweep has waited for an empty queue (writer thread; meaningful while sweepWaiting). */
    private long sweepWaitingSince;
    private boolean sweepWaiting;
    /** When to sweep again for a file that was left for its grace time (0: none). */
    private long graceSweepAt;
    private Instant nextBoundary = Instant.MIN;
    private long lastCheck = System.nanoTime() - CHECK_NANOS;

    private static final class OpenFile {
        final Path path;
        final FileChannel channel;
        long lastUsed;

        OpenFile(Path path, FileChannel channel) {
            this.path = path;
            this.channel = channel;
        }
    }

    public GroupCommitWriter(FsyncPolicy fsync, int maxBatch, int queueSize, int maxOpenFiles, long idleCloseMillis,
                             FileLifecycle lifecycle, Followers followers, Clock clock, MeterRegistry meters) {
        this.fsync = fsync;
        this.maxBatch = fsync == FsyncPolicy.ALWAYS ? 1 : maxBatch;
        this.maxOpenFiles = maxOpenFiles;
        this.idleCloseMillis = idleCloseMillis;
        this.lifecycle = lifecycle;
        this.followers = followers;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.thread = new Thread(this::run, "line-file-writer");
        this.bytesWritten = Counter.builder("sensorbridge.written").baseUnit("bytes")
                .description("Bytes appended to the files (readings and dead letters)").register(meters);
        this.writeFailures = Counter.builder("sensorbridge.write.failures")
                .description("Writes that failed (disk full, permission lost) and were retried").register(meters);
        this.fsyncTime = Timer.builder("sensorbridge.fsync").description("Time forcing written lines to disk")
                .register(meters);
        Gauge.builder("sensorbridge.writer.paused", this, writer -> writer.paused ? 1 : 0)
                .description("1 while writing fails and consumption is paused").register(meters);
    }

    /** Whether the last write failed: consumption is paused until a retry succeeds. */
    public boolean isPaused() {
        return paused;
    }

    public void start() {
        thread.start();
    }

    /** Completed files below {@code folder}, also of earlier runs, are compressed and deleted as the lifecycle says. */
    public void manage(Path folder) {
        folders.add(folder);
        sweepDue = true;
    }

    /** Asks for a sweep between the next batches: a follower is done with a completed file. */
    public void sweepSoon() {
        sweepDue = true;
    }

    /**
     * Queues one line (without its line end) for {@code file}; blocks while the queue is full. A file that is
     * empty gets {@code header} as its first line ({@code null}: none).
     * {@code done} is called on the writer thread with {@code null} once the line is written (and forced, if the
     * policy says so), or with an exception if the writer stops before it could write it.
     */
    public void append(Path file, byte[] header, byte[] line, Consumer<Exception> done) throws InterruptedException {
        Line entry = new Line(file, header, line, done);
        while (running) {
            if (queue.offer(entry, 1, TimeUnit.SECONDS)) {
                return;
            }
        }
        done.accept(new IOException("line writer is stopped"));
    }

    /** Writes what is queued (giving up on it if the disk is failing), closes every file and ends the thread. */
    public void stop() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }

    private void run() {
        List<Line> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            Line first;
            try {
                first = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                continue; // stop() wakes us up: the loop condition decides
            }
            if (first != null) {
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                if (!writeWithRetry(batch)) {
                    break;
                }
                batch.forEach(line -> line.done().accept(null));
                rotateFullFiles(batch);
                batch.clear();
                closeLeastRecentlyUsed();
            }
            completeEndedFiles();
        }
        IOException notWritten = new IOException("line writer stopped before the line was written");
        batch.forEach(line -> line.done().accept(notWritten));
        queue.forEach(line -> line.done().accept(notWritten));
        closeAll();
    }

    /** Returns false only when the writer is stopping while the disk still fails. */
    private boolean writeWithRetry(List<Line> batch) {
        long backoff = 1_000;
        int attempts = 0;
        while (true) {
            try {
                write(batch);
                paused = false;
                if (attempts > 0) {
                    LOG.info("Writing resumed after {} failed attempt(s)", attempts);
                }
                return true;
            } catch (IOException | RuntimeException e) {
                closeAll();
                if (!running) {
                    LOG.error("Cannot write {} line(s) while stopping: {}. They stay unacknowledged",
                            batch.size(), describe(e));
                    return false;
                }
                attempts++;
                paused = true;
                writeFailures.increment();
                LOG.error("Cannot write {} line(s): {}. Consumption is paused; retry {} in {} s",
                        batch.size(), describe(e), attempts, backoff / 1000);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException stopping) {
                    // stop() was called: one more try, then give up
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
    }

    private void write(List<Line> batch) throws IOException {
        Map<Path, List<Line>> byFile = new LinkedHashMap<>();
        for (Line line : batch) {
            byFile.computeIfAbsent(line.file(), f -> new ArrayList<>()).add(line);
        }
        Map<FileChannel, Long> lengthsBefore = new LinkedHashMap<>();
        List<Runnable> tellFollowers = new ArrayList<>(byFile.size());
        try {
            for (Map.Entry<Path, List<Line>> entry : byFile.entrySet()) {
                FileChannel channel = channelFor(entry.getKey());
                long length = channel.size();
                lengthsBefore.put(channel, length);
                byte[] header = entry.getValue().get(0).header();
                byte[] joined = joined(length == 0 ? header : null, entry.getValue());
                ByteBuffer buffer = ByteBuffer.wrap(joined);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                bytesWritten.increment(joined.length);
                Path target = open.get(entry.getKey()).path;
                int lines = entry.getValue().size();
                tellFollowers.add(() -> followers.written(target, length, length + joined.length, lines, joined));
            }
            if (fsync != FsyncPolicy.NEVER) {
                long start = System.nanoTime();
                for (FileChannel channel : lengthsBefore.keySet()) {
                    channel.force(false);
                }
                fsyncTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        } catch (IOException e) {
            rollBack(lengthsBefore);
            throw e;
        }
        tellFollowers.forEach(Runnable::run);
    }

    /** Cuts the files back to where this batch started, so a retry does not leave torn or doubled lines. */
    private static void rollBack(Map<FileChannel, Long> lengthsBefore) {
        lengthsBefore.forEach((channel, length) -> {
            try {
                channel.truncate(length);
            } catch (IOException ignored) {
                // the retry reopens the file; a line left torn here is ended by endsTorn's newline
            }
        });
    }

    private static byte[] joined(byte[] header, List<Line> lines) {
        int size = header == null ? 0 : header.length + 1;
        for (Line line : lines) {
            size += line.bytes().length + 1;
        }
        byte[] out = new byte[size];
        int at = 0;
        if (header != null) {
            System.arraycopy(header, 0, out, 0, header.length);
            at = header.length;
            out[at++] = NEWLINE;
        }
        for (Line line : lines) {
            System.arraycopy(line.bytes(), 0, out, at, line.bytes().length);
            at += line.bytes().length;
            out[at++] = NEWLINE;
        }
        return out;
    }

    private FileChannel channelFor(Path file) throws IOException {
        OpenFile known = open.get(file);
        if (known == null) {
            Path existingFolder = existingAncestor(file.getParent());
            Files.createDirectories(file.getParent());
            Path target = lifecycle.target(file);
            boolean created = !Files.exists(target);
            boolean torn = endsTorn(target);
            FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            if (created && fsync != FsyncPolicy.NEVER) {
                forceNewEntries(target.getParent(), existingFolder);
            }
            if (torn) {
                channel.write(ByteBuffer.wrap(new byte[] {NEWLINE}));
            }
            known = new OpenFile(target, channel);
            open.put(file, known);
        }
        known.lastUsed = clock.millis();
        return known.channel;
    }

    private static Path existingAncestor(Path folder) {
        Path existing = folder;
        while (existing != null && !Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        return existing;
    }

    /**
     * Forces the folders that got a new entry (the new file's, and each one created for it up to the folder that
     * existed): forcing the file's lines alone does not make its name survive a power loss.
     */
    private static void forceNewEntries(Path folder, Path existingFolder) throws IOException {
        for (Path dir = folder; dir != null; dir = dir.getParent()) {
            Compression.forceFolder(dir);
            if (dir.equals(existingFolder)) {
                break;
            }
        }
    }

    /** Whether a file was left with a torn last line (a crash mid-write): it then gets a newline first. */
    private static boolean endsTorn(Path file) throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer last = ByteBuffer.allocate(1);
            return size > 0 && channel.read(last, size - 1) == 1 && last.get(0) != NEWLINE;
        }
    }

    /** Closes the least recently used files beyond maxOpenFiles (never during a batch, which may need them all). */
    private void closeLeastRecentlyUsed() {
        Iterator<Map.Entry<Path, OpenFile>> eldest = open.entrySet().iterator();
        while (open.size() > maxOpenFiles) {
            close(eldest.next().getValue());
            eldest.remove();
        }
    }

    /** After a batch: completes the files it filled to the size limit (their lines are all acknowledged). */
    private void rotateFullFiles(List<Line> batch) {
        if (!lifecycle.rotation().bySize()) {
            return;
        }
        for (Path file : batch.stream().map(Line::file).distinct().toList()) {
            OpenFile written = open.get(file);
            try {
                if (written != null && lifecycle.rotation().full(written.channel.size())) {
                    open.remove(file);
                    close(written);
                    lifecycle.rotate(written.path, followers);
                    sweepDue |= lifecycle.sweeps();
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("Cannot rotate {}: {}. Retried after the next write to it", written.path, describe(e));
            }
        }
    }

    /**
     * About once a second, lines or not: closes idle files, and the files whose period has ended. Then, if due
     * (after that, at a period boundary, after a rotation, for a new folder), sweeps the folders: compression of
     * completed files, retention.
     */
    private void completeEndedFiles() {
        Instant now = clock.instant();
        if (System.nanoTime() - lastCheck >= CHECK_NANOS) {
            lastCheck = System.nanoTime();
            closeIdleFiles(now.toEpochMilli());
            closeFilesOfEndedPeriods(now);
        }
        if (graceSweepAt != 0 && System.nanoTime() - graceSweepAt >= 0) {
            graceSweepAt = 0;
            sweepDue = true;
        }
        if (sweepDue && lifecycle.sweeps()) {
            if (!sweepWaiting) {
                sweepWaiting = true;
                sweepWaitingSince = System.nanoTime();
            }
            if (queue.isEmpty() || System.nanoTime() - sweepWaitingSince >= SWEEP_WAIT_NANOS) {
                sweepWaiting = false;
                sweep(now);
            }
        }
    }

    private void closeFilesOfEndedPeriods(Instant now) {
        open.values().removeIf(file -> {
            boolean ended = RotationPolicy.ended(file.path, now);
            if (ended) {
                close(file);
                sweepDue = true;
            }
            return ended;
        });
        if (!now.isBefore(nextBoundary)) {
            nextBoundary = lifecycle.rotation().every().nextStart(now);
            sweepDue = true; // files closed earlier (idle) have ended too, and retention's days have moved on
        }
    }

    private void sweep(Instant now) {
        sweepDue = false;
        Set<Path> inUse = new HashSet<>();
        open.values().forEach(file -> inUse.add(file.path));
        for (Path folder : folders) {
            try {
                if (!lifecycle.sweep(folder, inUse, now, followers) && graceSweepAt == 0) {
                    graceSweepAt = System.nanoTime() + FileLifecycle.GRACE.toNanos() + CHECK_NANOS;
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("Cannot compress or apply retention below {}: {}. Retried at the next boundary or rotation",
                        folder, describe(e));
            }
        }
    }

    private void closeIdleFiles(long now) {
        open.values().removeIf(file -> {
            boolean idle = now - file.lastUsed > idleCloseMillis;
            if (idle) {
                close(file);
            }
            return idle;
        });
    }

    private void closeAll() {
        open.values().forEach(GroupCommitWriter::close);
        open.clear();
    }

    private static void close(OpenFile file) {
        try {
            file.channel.close();
        } catch (IOException e) {
            LOG.warn("Closing a file failed: {}", describe(e));
        }
    }

    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
