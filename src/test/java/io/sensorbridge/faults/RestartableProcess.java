package io.sensorbridge.faults;

/**
 * A server process a fault test starts, stops with SIGTERM or kills with SIGKILL, and starts again on the same
 * data; whatever happens, {@link #close()} leaves nothing running.
 */
abstract class RestartableProcess implements AutoCloseable {

    private LoggedProcess current;

    /** Starts the process and waits until it is ready to serve. */
    abstract void start() throws Exception;

    /** For {@link #start()}: the process just launched. */
    final void running(LoggedProcess process) {
        current = process;
    }

    /** SIGSTOP: frozen, connections open but unanswered, until {@link #stop()} or {@link #kill()}. */
    final void pause() throws Exception {
        current.pause();
    }

    /** SIGTERM: the process shuts down its own way; waits until it has exited. */
    final void stop() throws InterruptedException {
        current.terminate();
    }

    /** SIGKILL (kill -9): no shutdown hook, nothing saved, no goodbye to peers. */
    final void kill() throws InterruptedException {
        current.kill();
    }

    /** Its threads now, for a test that finds it stuck. */
    final String threadDump() {
        return current == null ? "not running" : current.threadDump();
    }

    @Override
    public final void close() throws InterruptedException {
        if (current != null) {
            current.close();
        }
    }
}
