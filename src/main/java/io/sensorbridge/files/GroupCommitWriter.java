package io.sensorbridge.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

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
 */
public final class GroupCommitWriter {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final byte NEWLINE = '\n';
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    /** One line waiting to be written, and what to call once it is. */
    private record Line(Path file, byte[] bytes, Consumer<Exception> done) {
    }

    private final FsyncPolicy fsync;
    private final int maxBatch;
    private final int maxOpenFiles;
    private final long idleCloseMillis;
    private final BlockingQueue<Line> queue;
    private final Map<Path, OpenFile> open = new LinkedHashMap<>(16, 0.75f, true);
    private final Thread thread;
    private volatile boolean running = true;

    private static final class OpenFile {
        final FileChannel channel;
        long lastUsed;

        OpenFile(FileChannel channel) {
            this.channel = channel;
        }
    }

    public GroupCommitWriter(FsyncPolicy fsync, int maxBatch, int queueSize, int maxOpenFiles, long idleCloseMillis) {
        this.fsync = fsync;
        this.maxBatch = fsync == FsyncPolicy.ALWAYS ? 1 : maxBatch;
        this.maxOpenFiles = maxOpenFiles;
        this.idleCloseMillis = idleCloseMillis;
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.thread = new Thread(this::run, "line-file-writer");
    }

    public void start() {
        thread.start();
    }

    /**
     * Queues one line (without its newline) for {@code file}; blocks while the queue is full.
     * {@code done} is called on the writer thread with {@code null} once the line is written (and forced, if the
     * policy says so), or with an exception if the writer stops before it could write it.
     */
    public void append(Path file, byte[] line, Consumer<Exception> done) throws InterruptedException {
        Line entry = new Line(file, line, done);
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
            if (first == null) {
                closeIdleFiles();
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, maxBatch - 1);
            if (!writeWithRetry(batch)) {
                break;
            }
            batch.forEach(line -> line.done().accept(null));
            batch.clear();
            closeLeastRecentlyUsed();
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
        try {
            for (Map.Entry<Path, List<Line>> entry : byFile.entrySet()) {
                FileChannel channel = channelFor(entry.getKey());
                lengthsBefore.put(channel, channel.size());
                ByteBuffer buffer = ByteBuffer.wrap(joined(entry.getValue()));
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
            if (fsync != FsyncPolicy.NEVER) {
                for (FileChannel channel : lengthsBefore.keySet()) {
                    channel.force(false);
                }
            }
        } catch (IOException e) {
            rollBack(lengthsBefore);
            throw e;
        }
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

    private static byte[] joined(List<Line> lines) {
        int size = 0;
        for (Line line : lines) {
            size += line.bytes().length + 1;
        }
        byte[] out = new byte[size];
        int at = 0;
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
            Files.createDirectories(file.getParent());
            boolean torn = endsTorn(file);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            if (torn) {
                channel.write(ByteBuffer.wrap(new byte[] {NEWLINE}));
            }
            known = new OpenFile(channel);
            open.put(file, known);
        }
        known.lastUsed = System.currentTimeMillis();
        return known.channel;
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

    private void closeIdleFiles() {
        long now = System.currentTimeMillis();
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
