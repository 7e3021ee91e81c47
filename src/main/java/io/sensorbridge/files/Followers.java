package io.sensorbridge.files;

import java.nio.file.Path;

/**
 * Those who follow the files as they are written (the forwards, {@link FileFollower}), as the
 * {@link GroupCommitWriter} sees them: it tells them what it wrote and renamed, and asks them before a completed file
 * is compressed or deleted. Called on the writer's thread.
 */
public interface Followers {

    Followers NONE = new Followers() {
        @Override
        public void written(Path file, long from, long to, int lines, byte[] bytes) {
        }

        @Override
        public void rotated(Path from, Path to) {
        }

        @Override
        public boolean passed(Path file) {
            return true;
        }

        @Override
        public void removing(Path file) {
        }
    };

    /**
     * {@code lines} were appended to {@code file} (and forced, as the fsync policy says): its bytes from {@code from}
     * to {@code to}, which are {@code bytes} (the writer's own array, handed over so that a follower that is at
     * {@code from} takes them from memory instead of reading them back; never to be changed).
     */
    void written(Path file, long from, long to, int lines, byte[] bytes);

    /** The active file {@code from} was completed and renamed to the part {@code to}. */
    void rotated(Path from, Path to);

    /** Whether every follower is done with this completed file: then it may be compressed or deleted. */
    boolean passed(Path file);

    /** The size cap deletes {@code file} now, whether or not every follower is done with it. */
    void removing(Path file);
}
