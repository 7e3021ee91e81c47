package io.sensorbridge.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A forward's reader of the files the bridge writes below a folder: it sends what was written, in write order per
 * stream (a topic's files, {@link FilePlace}), as soon as the writer says it is written, and remembers how far the
 * target has acknowledged ({@link SavedPositions}), so after a kill -9 or a stop it goes on from there.
 * <p>
 * It starts where its saved positions say; a stream that is not in them is new since and is read from its first file;
 * with no saved positions at all (a forward's first start) it starts at the end of the files as they were before
 * this run wrote to them, or, with {@code fromOldest}, at the oldest file kept. The files are the buffer: whatever
 * the backlog, it holds one open file per stream being read and the readings handed out and not yet acknowledged.
 * <p>
 * The writer tells it, on the writer's thread: lines written ({@link #written}), a file rotated to a part
 * ({@link #rotated}); it asks whether a completed file may be compressed or deleted ({@link #passed}) and says when
 * the size cap deletes one it has not read yet ({@link #removing}), whose readings are then counted as skipped.
 * Everything else runs on the consumer's thread.
 */
final class FileFollower implements ReadingSource {

    private static final Logger LOG = LoggerFactory.getLogger(FileFollower.class);
    private static final int MAX_OPEN_FILES = 64;
    /** Marks the key of a stream made of one file written out of order ({@link #onWritten}). */
    private static final String LATE = "#late:";
    /**
     * At most this many bytes the writer handed over are held for a forward to take from memory; past it (a forward
     * far behind), what is written is read back from the files when the forward gets there.
     */
    static final long MEMORY_BYTES = 8L * 1024 * 1024;

    /** A reading handed out: where it ends in which file of which stream. */
    private static final class Entry extends Handed {
        final Stream stream;
        Path path;
        FilePlace place;
        final long end;
        final long order;
        boolean done;

        Entry(Stream stream, WrittenReading reading, byte[] line, Path path, FilePlace place, long end, long order) {
            super(reading, line);
            this.stream = stream;
            this.path = path;
            this.place = place;
            this.end = end;
            this.order = order;
        }
    }

    /** Where a stream stands; immutable, so the writer's thread can read it while this one moves on. */
    private record At(FilePlace place, Path path, String key, long offset) {
    }

    /** A topic's files, and how far this forward has read and had acknowledged. */
    private final class Stream {
        final String key;
        final NavigableMap<FilePlace, Path> files = new TreeMap<>();
        final Map<Path, Long> sizes = new HashMap<>();
        final Deque<Entry> handedOut = new ArrayDeque<>();
        /** What the writer handed over as it wrote, in write order, not taken yet ({@link #takeFromMemory}). */
        final Deque<Chunk> chunks = new ArrayDeque<>();
        At reading;
        volatile At acknowledged;
        RecordReader reader;
        List<String> header;
        /** The current file was deleted by the size cap: nothing more is read from it. */
        boolean currentGone;
        long linesReadInFile;
        long linesPending;
        boolean queued;

        Stream(String key) {
            this.key = key;
        }

        FilePlace place() {
            return reading.place();
        }
    }

    /**
     * {@code key}: the file's identity, taken by the writer when it began the file; null for a later write.
     * {@code bytes}: the file's bytes from {@code from} to {@code length}, or null when they are to be read back.
     */
    private record Written(Path file, long from, long length, int lines, String key, byte[] bytes) {
    }

    /** Bytes the writer wrote to a file from {@code from}, held until the forward reads there. */
    private static final class Chunk {
        Path path;
        final long from;
        final byte[] bytes;

        Chunk(Path path, long from, byte[] bytes) {
            this.path = path;
            this.from = from;
            this.bytes = bytes;
        }
    }

    private record Rotated(Path from, Path to) {
    }

    private record Removed(Path file, long lines) {
    }

    private final Path root;
    private final String name;
    private final boolean fromOldest;
    private final Map<Path, Long> firstWrites;
    private final SavedPositions saved;
    private final Clock clock;
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();
    private final Deque<Stream> ready = new ArrayDeque<>();
    private final Queue<Object> events = new ConcurrentLinkedQueue<>();
    /** Bytes the writer handed over that are held (in events or chunks), up to {@link #MEMORY_BYTES}. */
    private final AtomicLong inMemory = new AtomicLong();
    private final Map<Path, RecordReader> openReaders = new LinkedHashMap<>(16, 0.75f, true);
    private final ForwardLag lag;
    /** After a failed send: what was handed out and not acknowledged, to hand out again first, in order. */
    private final Deque<Entry> again = new ArrayDeque<>();
    private long handedOutSoFar;
    private volatile Runnable wake = () -> { };
    private volatile Runnable wakeWriter = () -> { };
    private long lastSave;
    private final long saveNanos;
    private boolean changedSinceSave;

    /**
     * @param firstWrites per file the bridge wrote to in this run before this follower was made, the length it had
     *                    before: "the end of the files" for a forward's first start
     */
    FileFollower(Path root, String name, boolean fromOldest, Map<Path, Long> firstWrites, long saveMillis,
                 ForwardLag lag, Clock clock) {
        this.root = root;
        this.name = name;
        this.fromOldest = fromOldest;
        this.firstWrites = firstWrites;
        this.saved = new SavedPositions(root, name);
        this.saveNanos = TimeUnit.MILLISECONDS.toNanos(saveMillis);
        this.lag = lag;
        this.clock = clock;
    }

    String name() {
        return name;
    }

    Path root() {
        return root;
    }

    /** Finds the files and where to start in each stream (made before any route starts, so before any write). */
    void open() throws IOException {
        Map<String, SavedPositions.Position> positions = saved.load();
        for (Path file : listFiles()) {
            FilePlace.of(root, file).ifPresent(place -> {
                Stream stream = streams.computeIfAbsent(place.stream(), Stream::new);
                Path known = stream.files.get(place);
                // a file beside its complete .gz was being compressed: the .gz holds the same lines
                if (known == null || file.getFileName().toString().endsWith(".gz")) {
                    stream.files.put(place, file);
                }
            });
        }
        if (positions == null && !fromOldest) {
            LOG.info("Forward {} starts at the end of the files below {} (forward.start=end): only readings written"
                     + " from now on are sent", name, root);
        } else if (positions == null) {
            LOG.info("Forward {} starts at the oldest file kept below {} (forward.start=oldest)", name, root);
        }
        if (positions != null) {
            lateStreams(positions);
        }
        for (Stream stream : streams.values()) {
            SavedPositions.Position position = positions == null ? null : positions.get(stream.key);
            At start;
            if (position != null) {
                start = resolve(stream, position);
            } else if (positions == null && !fromOldest) {
                start = endOf(stream);
            } else {
                start = firstOf(stream);
            }
            stream.reading = start;
            stream.acknowledged = start;
            stream.files.headMap(start.place(), false).clear();
        }
        changedSinceSave = true;
    }

    /** A file read as a stream of its own ({@link #onWritten}) keeps its own position until it is read. */
    private void lateStreams(Map<String, SavedPositions.Position> positions) {
        positions.forEach((key, position) -> {
            int late = key.indexOf(LATE);
            Path file = root.resolve(position.file());
            if (late < 0 || !Files.exists(file)) {
                return;
            }
            FilePlace.of(root, file).ifPresent(place -> {
                Stream stream = new Stream(key);
                stream.files.put(place, file);
                Stream base = streams.get(place.stream());
                if (base != null && base.files.get(place) != null && base.files.get(place).equals(file)) {
                    base.files.remove(place);
                }
                streams.put(key, stream);
            });
        });
    }

    private List<Path> listFiles() throws IOException {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return found;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                String folder = dir.getFileName() == null ? "" : dir.getFileName().toString();
                return !dir.equals(root) && (folder.equals(SavedPositions.FOLDER)
                                             || ReadingFiles.DEAD_LETTER_FOLDERS.contains(folder))
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile()) {
                    found.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        return found;
    }

    /** Where a saved position is now: the file may have been rotated to a part, or compressed, or be gone. */
    private At resolve(Stream stream, SavedPositions.Position position) throws IOException {
        Path path = root.resolve(position.file());
        FilePlace place = FilePlace.of(root, path).orElse(null);
        if (place == null || !stream.key.startsWith(place.stream())) {
            LOG.warn("Forward {}: its saved position names {}, which is not a file of readings; it goes on from the"
                     + " first file of {}", name, position.file(), stream.key);
            return firstOf(stream);
        }
        Path gz = ReadingFiles.compressed(path);
        if (!place.active()) {
            // a part's name always holds the same lines
            if (Files.exists(path)) {
                return at(place, path, position.offset());
            }
            if (Files.exists(gz)) {
                return at(place, gz, position.offset());
            }
            return gone(stream, position, place);
        }
        if (Files.exists(path) && position.key().equals(keyOf(path))) {
            return at(place, path, position.offset());
        }
        for (Map.Entry<FilePlace, Path> file : stream.files.entrySet()) {
            if (!file.getValue().toString().endsWith(".gz") && position.key().equals(keyOf(file.getValue()))) {
                return at(file.getKey(), file.getValue(), position.offset()); // rotated to a part since
            }
        }
        if (Files.exists(gz)) {
            return at(place, gz, position.offset()); // its period ended and it was compressed
        }
        if (Files.exists(path)) {
            LOG.warn("Forward {}: {} is not the file its saved position was in (rotated and compressed while the"
                     + " forward was off, or the folder was copied); it sends that period's files again from the"
                     + " first, so nothing is missed", name, position.file());
            return firstFrom(stream, place.asPart(0, ""));
        }
        return gone(stream, position, place);
    }

    private At gone(Stream stream, SavedPositions.Position position, FilePlace place) throws IOException {
        At next = place.active() ? firstFrom(stream, place.asPart(0, "")) : firstAfter(stream, place);
        LOG.warn("Forward {}: its saved position names {}, which is gone (deleted or compressed while the forward was"
                 + " off); it goes on from {}", name, position.file(),
                next.path() == null ? "the next file written" : root.relativize(next.path()));
        return next;
    }

    private At at(FilePlace place, Path path, long offset) throws IOException {
        long size = sizeOf(path);
        if (offset > size && !path.toString().endsWith(".gz")) {
            LOG.warn("Forward {}: {} is shorter ({} bytes) than its saved position ({}): it goes on from its end",
                    name, root.relativize(path), size, offset);
            offset = size;
        }
        return new At(place, path, keyOf(path), offset);
    }

    private At firstOf(Stream stream) throws IOException {
        Map.Entry<FilePlace, Path> first = stream.files.firstEntry();
        return new At(first.getKey(), first.getValue(), keyOf(first.getValue()), 0);
    }

    private At firstFrom(Stream stream, FilePlace from) throws IOException {
        Map.Entry<FilePlace, Path> next = stream.files.ceilingEntry(from);
        return next == null ? endOf(stream) : new At(next.getKey(), next.getValue(), keyOf(next.getValue()), 0);
    }

    private At firstAfter(Stream stream, FilePlace after) throws IOException {
        Map.Entry<FilePlace, Path> next = stream.files.higherEntry(after);
        return next == null ? endOf(stream) : new At(next.getKey(), next.getValue(), keyOf(next.getValue()), 0);
    }

    /** The end of a stream as it was before this run wrote to it. */
    private At endOf(Stream stream) throws IOException {
        for (Map.Entry<FilePlace, Path> file : stream.files.entrySet()) {
            Long before = firstWrites.get(file.getValue());
            if (before != null) {
                return new At(file.getKey(), file.getValue(), keyOf(file.getValue()), before);
            }
        }
        Map.Entry<FilePlace, Path> last = stream.files.lastEntry();
        return new At(last.getKey(), last.getValue(), keyOf(last.getValue()), sizeOf(last.getValue()));
    }

    private static String keyOf(Path file) throws IOException {
        try {
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            return key == null ? "" : key.toString();
        } catch (NoSuchFileException gone) {
            return "";
        }
    }

    private static long sizeOf(Path file) throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException gone) {
            return 0;
        }
    }

    /** Counts the backlog (what is in the files past each position) for the lag meters. */
    @Override
    public synchronized void prepare() throws IOException {
        long lines = 0;
        long bytes = 0;
        for (Stream stream : streams.values()) {
            for (Map.Entry<FilePlace, Path> file : stream.files.tailMap(stream.place(), true).entrySet()) {
                long from = file.getKey().equals(stream.place()) ? stream.reading.offset() : 0;
                long count = countRecords(file.getValue(), from);
                stream.linesPending += count;
                stream.sizes.put(file.getValue(), sizeOf(file.getValue()));
                lines += count;
                bytes += Math.max(0, sizeOf(file.getValue()) - from);
            }
            queue(stream);
        }
        if (lines > 0) {
            LOG.info("Forward {}: {} reading(s) ({} bytes) in the files wait to be sent", name, lines, bytes);
        }
        updateLag();
    }

    private static long countRecords(Path file, long from) throws IOException {
        long count = 0;
        try (RecordReader reader = RecordReader.open(file, from, false)) {
            while (reader.nextRecord() != null) {
                count++;
            }
        } catch (NoSuchFileException gone) {
            return 0;
        }
        return count;
    }

    // ---- what the writer says, on its thread ----

    /**
     * Lines were written to {@code file}, which was {@code from} and is now {@code length} bytes long: {@code bytes}
     * (null: to be read back from the file). A file's first write says which file it is (its key), taken here where
     * no rename happens meanwhile: by the time the consumer takes the word in, the name may be a later file's.
     */
    void written(Path file, long from, long length, int lines, byte[] bytes) {
        if (file.startsWith(root)) {
            byte[] held = bytes;
            if (held != null && inMemory.addAndGet(held.length) > MEMORY_BYTES) {
                inMemory.addAndGet(-held.length);
                held = null;
            }
            events.add(new Written(file, from, length, lines, from == 0 ? keyOrEmpty(file) : null, held));
            wake.run();
        }
    }

    /** {@code from} (an active file) was completed and renamed to the part {@code to}. */
    void rotated(Path from, Path to) {
        if (from.startsWith(root)) {
            events.add(new Rotated(from, to));
            wake.run();
        }
    }

    /**
     * Whether this forward is done with a completed file: its position is in a later file of the stream, or at the
     * end of this one. A file of no stream it follows is none of its business.
     */
    boolean passed(Path file) {
        Optional<FilePlace> place = file.startsWith(root) ? FilePlace.of(root, file) : Optional.empty();
        if (place.isEmpty()) {
            return true;
        }
        Stream late = streams.get(place.get().stream() + LATE + place.get().name());
        if (late != null && !passedIn(late, place.get(), file)) {
            return false;
        }
        Stream stream = streams.get(place.get().stream());
        if (stream == null || stream.acknowledged == null) {
            return false; // a file of a stream this forward has not seen yet: it will read it
        }
        return passedIn(stream, place.get(), file);
    }

    private boolean passedIn(Stream stream, FilePlace place, Path file) {
        At at = stream.acknowledged;
        if (at == null) {
            return false;
        }
        try {
            boolean samePeriod = at.place().periodStart().equals(place.periodStart())
                                 && at.place().periodEnd().equals(place.periodEnd());
            if (at.place().active() && !place.active() && samePeriod) {
                // the active file this forward is in may have become one of the period's parts since (the writer's
                // word of the rename not taken in yet): the files' identities on disk say where it really is
                if (at.key().equals(keyOf(file))) {
                    return at.offset() >= Files.size(file);
                }
                FilePlace ours = partNow(file.getParent(), at.key());
                return ours == null || ours.compareTo(place) > 0;
            }
            int order = at.place().compareTo(place);
            if (order != 0) {
                return order > 0;
            }
            return at.offset() >= Files.size(file);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Which of the parts in {@code folder} is the file with {@code key} now; null when none is (it is still the active
     * file, later than every part). On the writer's thread no rename happens meanwhile; on the consumer's, a part
     * found was renamed already, and the writer's word of it comes next.
     */
    private FilePlace partNow(Path folder, String key) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path sibling : files) {
                Optional<FilePlace> place = FilePlace.of(root, sibling);
                if (place.isPresent() && !place.get().active() && key.equals(keyOrEmpty(sibling))) {
                    return place.get();
                }
            }
        }
        return null;
    }

    /** The size cap is about to delete {@code file}: what this forward has not read of it is skipped (counted). */
    void removing(Path file) {
        if (passed(file)) {
            return;
        }
        long lines;
        try {
            lines = countRecords(file, 0);
        } catch (IOException e) {
            lines = 0;
        }
        events.add(new Removed(file, lines));
        wake.run();
    }

    @Override
    public void onReady(Runnable wake) {
        this.wake = wake;
    }

    /** What to call when this forward passed a completed file, which the writer may then compress or delete. */
    void onPassed(Runnable wakeWriter) {
        this.wakeWriter = wakeWriter;
    }

    // ---- the consumer's thread ----

    private void handleEvents() {
        for (Object event = events.poll(); event != null; event = events.poll()) {
            if (event instanceof Written written) {
                onWritten(written);
            } else if (event instanceof Rotated rotated) {
                onRotated(rotated);
            } else if (event instanceof Removed removed) {
                onRemoved(removed);
            }
        }
    }

    private void onWritten(Written written) {
        FilePlace place = FilePlace.of(root, written.file()).orElse(null);
        if (place == null) {
            if (written.bytes() != null) {
                inMemory.addAndGet(-written.bytes().length);
            }
            return;
        }
        Stream stream = streams.get(place.stream());
        if (stream == null) {
            stream = newStream(place.stream(), place, written);
        } else if (place.compareTo(stream.place()) < 0 && !stream.files.containsValue(written.file())) {
            // a new file that sorts before the one being read: only a late line of an earlier period whose file was
            // compressed already makes one (the writer then starts a part); it is read as a stream of its own
            String lateKey = place.stream() + LATE + place.name();
            Stream late = streams.get(lateKey);
            if (late == null) {
                LOG.warn("Forward {}: {} was written after later files of its topic; it is sent now, out of order",
                        name, root.relativize(written.file()));
                late = newStream(lateKey, place, written);
            }
            stream = late;
        }
        stream.files.put(place, written.file());
        stream.sizes.put(written.file(), written.length());
        stream.linesPending += written.lines();
        if (written.bytes() != null) {
            stream.chunks.add(new Chunk(written.file(), written.from(), written.bytes()));
        }
        queue(stream);
    }

    private Stream newStream(String key, FilePlace place, Written written) {
        Stream stream = new Stream(key);
        String fileKey = written.key() != null ? written.key() : keyOrEmpty(written.file());
        At start = new At(place, written.file(), fileKey, 0);
        stream.reading = start;
        stream.acknowledged = start;
        streams.put(key, stream);
        return stream;
    }

    private void onRotated(Rotated rotated) {
        FilePlace from = FilePlace.of(root, rotated.from()).orElse(null);
        FilePlace to = FilePlace.of(root, rotated.to()).orElse(null);
        if (from == null || to == null) {
            return;
        }
        Stream stream = streams.get(from.stream());
        if (stream == null) {
            return;
        }
        if (rotated.from().equals(stream.files.get(from))) {
            stream.files.remove(from);
        }
        stream.files.put(to, rotated.to());
        Long size = stream.sizes.remove(rotated.from());
        if (size != null) {
            stream.sizes.put(rotated.to(), size);
        }
        if (stream.reading.path().equals(rotated.from())) {
            stream.reading = new At(to, rotated.to(), stream.reading.key(), stream.reading.offset());
            stream.currentGone = false; // not gone: renamed
            RecordReader open = openReaders.remove(rotated.from());
            if (open != null) {
                openReaders.put(rotated.to(), open);
            }
        }
        At acknowledged = stream.acknowledged;
        if (acknowledged.path().equals(rotated.from())) {
            stream.acknowledged = new At(to, rotated.to(), acknowledged.key(), acknowledged.offset());
            if (atEndOfPart(stream, stream.acknowledged)) {
                wakeWriter.run(); // its end was acknowledged before it became a part
            }
        }
        for (Entry entry : stream.handedOut) {
            if (entry.path.equals(rotated.from())) {
                entry.path = rotated.to();
                entry.place = to;
            }
        }
        for (Chunk chunk : stream.chunks) {
            if (chunk.path.equals(rotated.from())) {
                chunk.path = rotated.to();
            }
        }
        queue(stream);
    }

    private void onRemoved(Removed removed) {
        FilePlace place = FilePlace.of(root, removed.file()).orElse(null);
        Stream stream = place == null ? null : streams.get(place.stream());
        if (stream == null) {
            return;
        }
        long skipped = removed.lines();
        if (stream.reading.path().equals(removed.file())) {
            skipped = Math.max(0, skipped - stream.linesReadInFile);
            close(stream);
            stream.currentGone = true;
        } else if (place.compareTo(stream.place()) < 0) {
            skipped = 0; // read already
        }
        if (!stream.reading.path().equals(removed.file())) {
            stream.files.remove(place, removed.file());
        }
        dropChunks(stream, removed.file());
        stream.sizes.remove(removed.file());
        stream.linesPending = Math.max(0, stream.linesPending - skipped);
        if (skipped > 0) {
            lag.skipped(skipped);
            LOG.warn("Forward {}: {} reading(s) of {} were never sent: bridge.output.retain-bytes deleted the file"
                     + " before this forward reached them", name, skipped, root.relativize(removed.file()));
        }
        queue(stream);
    }

    private static String keyOrEmpty(Path file) {
        try {
            return keyOf(file);
        } catch (IOException e) {
            return "";
        }
    }

    private void queue(Stream stream) {
        if (!stream.queued) {
            stream.queued = true;
            ready.add(stream);
        }
    }

    @Override
    public synchronized List<Handed> poll(int max) throws IOException {
        handleEvents();
        List<Handed> out = new ArrayList<>();
        while (out.size() < max && !again.isEmpty()) {
            out.add(again.poll());
        }
        int turns = ready.size();
        while (out.size() < max && !ready.isEmpty() && turns-- > 0) {
            Stream stream = ready.poll();
            stream.queued = false;
            if (read(stream, out, max - out.size())) {
                queue(stream);
            }
        }
        return out;
    }

    /** Reads what the stream has, up to {@code max}, on into its later files; true if it may have more right away. */
    private boolean read(Stream stream, List<Handed> out, int max) throws IOException {
        int left = max;
        while (true) {
            // a later file known before this one is read to its end means that end is its last line: the writer
            // starts a later file of a topic only once it is done with the earlier one
            boolean later = stream.files.higherKey(stream.place()) != null;
            RecordReader reader = stream.currentGone ? null : readerOf(stream);
            if (reader == null && !stream.currentGone) {
                return true; // its name is another file's now: the writer's word of the rename comes next
            }
            if (reader != null) {
                Long written = stream.sizes.get(stream.reading.path());
                reader.readUpTo(written == null ? Long.MAX_VALUE : written);
                takeFromMemory(stream, reader);
                long readBefore = reader.bytesRead();
                List<RecordReader.Record> records = new ArrayList<>(Math.min(left, 1024));
                left -= reader.read(records, left);
                lag.readFromFiles(reader.bytesRead() - readBefore);
                for (RecordReader.Record record : records) {
                    handOut(stream, record, out);
                }
                stream.reading = new At(stream.place(), stream.reading.path(), stream.reading.key(),
                        reader.offset());
            }
            if (left == 0) {
                return true;
            }
            if (!later) {
                if (stream.handedOut.isEmpty()) {
                    stream.linesPending = 0; // caught up: the count was an estimate until now
                }
                return false;
            }
            nextFile(stream);
        }
    }

    private void handOut(Stream stream, RecordReader.Record record, List<Handed> out) throws IOException {
        stream.linesReadInFile++;
        WrittenReading reading = ReadingFileReader.parse(record.bytes(), stream.header);
        Entry entry = new Entry(stream, reading, record.bytes(), stream.reading.path(), stream.place(), record.end(),
                handedOutSoFar++);
        stream.handedOut.add(entry);
        if (reading == null || !reading.readable()) {
            // a blank line, or one torn by a crash: nothing to send, and the position may pass it
            if (reading != null) {
                lag.unreadable(name, root.relativize(stream.reading.path()));
            }
            entry.done = true;
            stream.linesPending = Math.max(0, stream.linesPending - (reading == null ? 0 : 1));
            advanceAcknowledged(stream);
            return;
        }
        out.add(entry);
    }

    /**
     * Gives the reader what the writer handed over of the file being read, so it need not read that back: the bytes
     * that go on from where it is (the rest, read already or past a gap, it reads from the file).
     */
    private void takeFromMemory(Stream stream, RecordReader reader) {
        Path path = stream.reading.path();
        for (Chunk chunk : stream.chunks) {
            if (chunk.path.equals(path)) {
                lag.readFromMemory(reader.supply(chunk.from, chunk.bytes));
            }
        }
        dropChunks(stream, path);
    }

    /** Lets go of what the writer handed over of {@code file}: the forward has moved past it, or it is gone. */
    private void dropChunks(Stream stream, Path file) {
        for (var chunks = stream.chunks.iterator(); chunks.hasNext(); ) {
            Chunk chunk = chunks.next();
            if (chunk.path.equals(file)) {
                inMemory.addAndGet(-chunk.bytes.length);
                chunks.remove();
            }
        }
    }

    private RecordReader readerOf(Stream stream) throws IOException {
        Path path = stream.reading.path();
        if (stream.reader != null && stream.reader.file().equals(path)) {
            return stream.reader;
        }
        RecordReader reader = openReaders.get(path);
        if (reader == null || reader.offset() != stream.reading.offset()) {
            if (reader != null) {
                reader.close();
            }
            try {
                reader = RecordReader.open(path, stream.reading.offset(), false);
            } catch (NoSuchFileException gone) {
                handleEvents();
                if (stream.reading.path().equals(path) && !stream.currentGone && !renamedToPart(stream)) {
                    LOG.warn("Forward {}: {} is gone before it was read to its end; it goes on with the next file",
                            name, root.relativize(path));
                    stream.currentGone = true;
                }
                return null;
            }
            // the name may be another file's by now (the active file rotated to a part, a new one begun): the file
            // read is the one the position is in, or none
            if (!stream.reading.key().isEmpty() && !stream.reading.key().equals(keyOrEmpty(path))) {
                reader.close();
                handleEvents();
                return null;
            }
            openReaders.put(path, reader);
            closeLeastRecentlyUsed();
        }
        stream.reader = reader;
        stream.header = reader.header() == null ? null : ReadingFileReader.fields(reader.header());
        return reader;
    }

    /**
     * Whether the active file being read has just become a part (renamed by the writer, which has not said so yet):
     * then it is not gone, and the writer's word of the rename comes next.
     */
    private boolean renamedToPart(Stream stream) throws IOException {
        At at = stream.reading;
        return at.place().active() && !at.key().isEmpty() && partNow(at.path().getParent(), at.key()) != null;
    }

    private void closeLeastRecentlyUsed() throws IOException {
        var eldest = openReaders.entrySet().iterator();
        while (openReaders.size() > MAX_OPEN_FILES) {
            RecordReader closing = eldest.next().getValue();
            eldest.remove();
            closing.close();
            for (Stream stream : streams.values()) {
                if (stream.reader == closing) {
                    stream.reader = null;
                }
            }
        }
    }

    private void close(Stream stream) {
        if (stream.reader != null) {
            openReaders.remove(stream.reader.file());
            try {
                stream.reader.close();
            } catch (IOException ignored) {
                // read-only
            }
            stream.reader = null;
        }
    }

    private void nextFile(Stream stream) throws IOException {
        close(stream);
        dropChunks(stream, stream.reading.path());
        Map.Entry<FilePlace, Path> next = stream.files.higherEntry(stream.place());
        stream.reading = new At(next.getKey(), next.getValue(), keyOf(next.getValue()), 0);
        stream.currentGone = false;
        stream.linesReadInFile = 0;
        if (stream.handedOut.isEmpty()) {
            acknowledge(stream, stream.reading);
        }
    }

    /** Moves the acknowledged position; files before it are done with, and a completed file it reached the end of. */
    private void acknowledge(Stream stream, At at) {
        stream.acknowledged = at;
        changedSinceSave = true;
        var before = stream.files.headMap(at.place(), false);
        before.values().forEach(stream.sizes::remove);
        if (!before.isEmpty()) {
            before.clear();
            wakeWriter.run(); // a completed file this forward was the last to pass may now be compressed
        } else if (atEndOfPart(stream, at)) {
            wakeWriter.run(); // the last part, with no later file to move on to (yet)
        }
    }

    /** Whether {@code at} is the end of an uncompressed part: done with, though no later file may come for a while. */
    private static boolean atEndOfPart(Stream stream, At at) {
        Long size = stream.sizes.get(at.path());
        return !at.place().active() && size != null && at.offset() >= size
               && !at.path().getFileName().toString().endsWith(".gz");
    }

    @Override
    public synchronized long nanosUntilReady() {
        return events.isEmpty() && ready.isEmpty() && again.isEmpty() ? Long.MAX_VALUE : 0;
    }

    @Override
    public synchronized void acknowledged(Handed handed) {
        Entry entry = (Entry) handed;
        entry.done = true;
        entry.stream.linesPending = Math.max(0, entry.stream.linesPending - 1);
        advanceAcknowledged(entry.stream);
    }

    private void advanceAcknowledged(Stream stream) {
        Entry last = null;
        while (!stream.handedOut.isEmpty() && stream.handedOut.peek().done) {
            last = stream.handedOut.poll();
        }
        if (last != null) {
            acknowledge(stream, new At(last.place, last.path,
                    last.path.equals(stream.reading.path()) ? stream.reading.key() : keyOrEmpty(last.path), last.end));
        }
    }

    /**
     * Hands out again, first and in their order, the readings handed out and not acknowledged: from memory, so a file
     * the size cap deleted meanwhile does not take them along (they were read, not skipped).
     */
    @Override
    public synchronized void rewind() {
        List<Entry> notDone = new ArrayList<>();
        for (Stream stream : streams.values()) {
            stream.handedOut.stream().filter(entry -> !entry.done).forEach(notDone::add);
        }
        notDone.sort(java.util.Comparator.comparingLong(entry -> entry.order));
        again.clear();
        again.addAll(notDone);
    }

    @Override
    public synchronized void save(boolean force) throws IOException {
        long now = System.nanoTime();
        if (!changedSinceSave || !force && now - lastSave < saveNanos) {
            return;
        }
        Map<String, SavedPositions.Position> positions = new LinkedHashMap<>();
        for (Stream stream : streams.values()) {
            At at = stream.acknowledged;
            if (at != null && at.path() != null) {
                positions.put(stream.key, new SavedPositions.Position(root.relativize(at.path()).toString(),
                        at.key(), at.offset()));
            }
        }
        saved.save(positions);
        lastSave = now;
        changedSinceSave = false;
    }

    /** Lag figures for the meters and the log, once a second (the component's timer). */
    synchronized void updateLag() {
        // what the writer said is taken in here too: a forward whose sends are all under way (its target away) does
        // not poll, and its lag must grow all the same
        handleEvents();
        long lines = 0;
        long bytes = 0;
        Instant oldest = null;
        for (Stream stream : streams.values()) {
            lines += stream.linesPending;
            At at = stream.acknowledged;
            for (Map.Entry<Path, Long> size : stream.sizes.entrySet()) {
                Path file = size.getKey();
                FilePlace place = FilePlace.of(root, file).orElse(null);
                if (place == null || at == null) {
                    continue;
                }
                int order = place.compareTo(at.place());
                if (order > 0) {
                    bytes += size.getValue();
                } else if (order == 0) {
                    bytes += Math.max(0, size.getValue() - at.offset());
                }
            }
            Entry head = stream.handedOut.peek();
            if (head != null && head.reading() != null && head.reading().receivedAt() != null) {
                try {
                    Instant received = Instant.parse(head.reading().receivedAt());
                    oldest = oldest == null || received.isBefore(oldest) ? received : oldest;
                } catch (DateTimeParseException notATime) {
                    // an unreadable time: no age from it
                }
            }
        }
        lag.update(name, lines, bytes, oldest == null ? 0 : Math.max(0, clock.millis() - oldest.toEpochMilli()));
    }

    @Override
    public boolean ended() {
        return false;
    }

    @Override
    public synchronized void close() {
        for (RecordReader reader : openReaders.values()) {
            try {
                reader.close();
            } catch (IOException ignored) {
                // read-only
            }
        }
        openReaders.clear();
    }
}
