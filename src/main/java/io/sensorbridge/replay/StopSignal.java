package io.sensorbridge.replay;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT) or SIGTERM for a command that must stop cleanly and report before the JVM ends. The JVM runs a
 * shutdown hook for either signal; this one asks the command to stop, waits for its report, and ends the JVM with
 * the command's exit code (an exit from inside the shutdown would block for ever). Closed when the command ends by
 * itself.
 */
final class StopSignal implements AutoCloseable {

    /** Long enough for a graceful stop of Camel (its shutdown timeout, then the MQTT client's) and the report. */
    private static final long REPORT_WAIT_SECONDS = 60;

    private final Thread hook = new Thread(this::stop, "replay-stop");
    private final CountDownLatch reported = new CountDownLatch(1);
    private volatile boolean requested;
    private volatile int exitCode = 1;

    StopSignal() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    boolean requested() {
        return requested;
    }

    /** The command has printed its report: the JVM may end, with this code, if a signal is ending it. */
    void reported(int code) {
        exitCode = code;
        reported.countDown();
    }

    private void stop() {
        requested = true;
        try {
            reported.await(REPORT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.flush();
        Runtime.getRuntime().halt(exitCode);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs: it ends the JVM once the report is out
        }
    }
}
