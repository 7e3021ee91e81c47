package io.sensorbridge;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * How far a command is, for a person at a terminal ({@code verify}, {@code replay}): one line, rewritten at most four
 * times a second and erased before the report. Nothing at all when the output is not a terminal (piped, redirected,
 * CI).
 */
public final class TerminalProgress {

    private static final long EVERY_NANOS = 250_000_000L;

    private final PrintStream out;
    private long shownAt;
    private int width;

    private TerminalProgress(PrintStream out) {
        this.out = out;
    }

    /** Shows progress on {@code out} only when this process runs on a terminal. */
    public static TerminalProgress onTerminal(PrintStream out) {
        return new TerminalProgress(System.console() != null ? out : null);
    }

    public static TerminalProgress none() {
        return new TerminalProgress(null);
    }

    /**
     * {@code force}: show it now (the first line), else only if the last one is a quarter of a second old; the text
     * is made only when it is shown.
     */
    public void show(Supplier<String> text, boolean force) {
        if (out == null) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - shownAt < EVERY_NANOS) {
            return;
        }
        shownAt = now;
        String line = text.get();
        out.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
        out.flush();
        width = line.length();
    }

    /** Erases the line, so the report starts on a clean one. */
    public void done() {
        if (out != null && width > 0) {
            out.print("\r" + " ".repeat(width) + "\r");
            out.flush();
            width = 0;
        }
    }
}
