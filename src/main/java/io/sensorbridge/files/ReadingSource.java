package io.sensorbridge.files;

import java.io.IOException;
import java.util.List;

/**
 * Where a {@code linefile:} consumer takes its readings from: the files as they are written, from a saved position
 * ({@link FileFollower}), or a recorded folder over a range at a pace ({@code replay}). Called on the consumer's
 * thread only, except where a method says otherwise.
 */
public interface ReadingSource {

    /**
     * A reading handed to the consumer: the reading, and its line as written (what an exchange carries). A source
     * adds what it needs back once the reading's target has it.
     */
    class Handed {
        private final WrittenReading reading;
        private final byte[] line;

        protected Handed(WrittenReading reading, byte[] line) {
            this.reading = reading;
            this.line = line;
        }

        public WrittenReading reading() {
            return reading;
        }

        public byte[] line() {
            return line;
        }
    }

    /** Work before the first reading (counting a backlog); the consumer's thread runs it, not Camel's start-up. */
    void prepare() throws IOException;

    /** Up to {@code max} readings that are ready now, in order per stream; empty when none is (yet). */
    List<Handed> poll(int max) throws IOException;

    /** How long, at most, before {@link #poll} may have more: 0 when it may now, else a wait in nanoseconds. */
    long nanosUntilReady();

    /** The target has this reading (delivered or dead-lettered): the position may move past it. */
    void acknowledged(Handed reading);

    /** After a failed send, everything handed out and not acknowledged is handed out again, in order. */
    void rewind();

    /** Saves the acknowledged position if that is due ({@code force}: now, at a stop). */
    void save(boolean force) throws IOException;

    /** True when no reading will ever come again (the end of a replay); a follower never ends. */
    boolean ended();

    /** Any thread: wakes the consumer when readings arrive. */
    void onReady(Runnable wake);

    /** Releases files and registrations. */
    void close();
}
