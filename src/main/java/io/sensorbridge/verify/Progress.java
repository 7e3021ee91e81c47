package io.sensorbridge.verify;

import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code verify}'s progress for a person at a terminal: one line (files and lines read), rewritten at most four times
 * a second and erased before the report. Nothing at all when the output is not a terminal (piped, redirected, CI).
 */
final class Progress {

    private static final long EVERY_NANOS = 250_000_000L;

    private final PrintStream out;
    private long shownAt;
    private int width;

    private Progress(PrintStream out) {
        this.out = out;
    }

    /** Shows progress on {@code out} only when this process runs on a terminal. */
    static Progress onTerminal(PrintStream out) {
        return new Progress(System.console() != null ? out : null);
    }

    static Progress none() {
        return new Progress(null);
    }

    /** {@code force}: show it now (the first line), else only if the last one is a quarter of a second old. */
    void show(long files, long ofFiles, long lines, boolean force) {
        if (out == null) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - shownAt < EVERY_NANOS) {
            return;
        }
        shownAt = now;
        String line = String.format(Locale.ROOT, "verify: %,d of %,d files, %,d lines read", files, ofFiles, lines);
        out.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
        out.flush();
        width = line.length();
    }

    /** Erases the line, so the report starts on a clean one. */
    void done() {
        if (out != null && width > 0) {
            out.print("\r" + " ".repeat(width) + "\r");
            out.flush();
        }
    }
}
