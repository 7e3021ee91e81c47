package io.sensorbridge.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar target/sensor-bridge.jar} as a separate process, as a user runs it: configured through
 * environment variables, in its own working folder, its output captured to a file.
 */
public final class JarProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target/sensor-bridge.jar").toAbsolutePath();
    public static final Path LAUNCHER = Path.of("bin/sensor-bridge").toAbsolutePath();

    private final Process process;
    private final Path log;
    public final long startedAt = System.nanoTime();

    private JarProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the jar in {@code workDir} with {@code env} added to this JVM's environment; its HTTP server on a free
     * port unless {@code env} names one ({@code HTTP_PORT}), so that test processes never compete for port 8080.
     */
    public static JarProcess start(Path workDir, Map<String, String> env, String... args) {
        return start(List.of("java", "-jar", JAR.toString()), workDir, env, args);
    }

    /** The same through {@code bin/sensor-bridge}, the launcher the README gives (its JVM options and archive). */
    public static JarProcess launch(Path workDir, Map<String, String> env, String... args) {
        return start(List.of(LAUNCHER.toString()), workDir, env, args);
    }

    private static JarProcess start(List<String> launcher, Path workDir, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(args));
        Path log = workDir.resolve("sensor-bridge-" + System.nanoTime() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("HTTP_PORT", String.valueOf(FreePort.find()));
        builder.environment().putAll(env);
        try {
            Files.createDirectories(workDir);
            return new JarProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the process to end by itself; returns its exit code, or -1 if it is still running. */
    public int awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    /** SIGTERM, as Ctrl-C or a service manager would send. */
    public void terminate() {
        process.destroy();
    }

    /** SIGINT, as Ctrl-C at a terminal sends it. */
    public void interrupt() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start().waitFor();
    }

    /** SIGKILL: no shutdown hook runs. */
    public void kill() {
        process.destroyForcibly();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
