package io.sensorbridge.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An operating-system process whose stdout and stderr are appended to one file, that a test can end politely
 * (SIGTERM) or brutally (SIGKILL), and that is always gone after {@link #close()}.
 */
final class LoggedProcess implements AutoCloseable {

    private static final long EXIT_WAIT_SECONDS = 30;

    private final String name;
    private final Process process;

    private LoggedProcess(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    static LoggedProcess start(String name, List<String> command, Map<String, String> env, Path workDir, Path output)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        builder.environment().putAll(env);
        return new LoggedProcess(name, builder.start());
    }

    /** SIGTERM, then waits for the process to exit; SIGKILL if it has not exited in time. Returns the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
            kill();
            throw new IllegalStateException(name + " ignored SIGTERM for " + EXIT_WAIT_SECONDS + " s and was killed");
        }
        return process.exitValue();
    }

    /** SIGKILL, then waits for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL");
        }
    }

    /** Waits for the process to exit by itself; SIGKILL if it has not in time. Returns the exit code. */
    int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            kill();
            throw new IllegalStateException(name + " did not exit within " + seconds + " s and was killed");
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        try {
            terminate();
        } catch (IllegalStateException ignored) {
            // terminate() already fell back to SIGKILL
        }
    }
}
