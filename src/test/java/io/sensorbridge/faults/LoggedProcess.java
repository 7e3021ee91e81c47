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
    private volatile boolean paused;

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

    /** SIGSTOP: the process is frozen (its sockets stay open, nothing is read or answered) until it is ended. */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
        paused = true;
    }

    /** SIGTERM, then waits for the process to exit; SIGKILL if it has not exited in time. Returns the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (paused) {
            // a frozen process handles the SIGTERM once it runs again
            try {
                signal("CONT");
            } catch (IOException e) {
                throw new IllegalStateException("Could not continue " + name + " to end it", e);
            }
        }
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

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
        if (!kill.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + signal + " " + name + " failed");
        }
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

    /** What each of its threads is doing now (a JVM's, by jcmd): for a test that finds it stuck. */
    String threadDump() {
        try {
            Process jcmd = new ProcessBuilder("jcmd", String.valueOf(process.pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            String dump = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            jcmd.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            return dump;
        } catch (java.io.IOException | InterruptedException e) {
            return "no thread dump: " + e;
        }
    }
}
