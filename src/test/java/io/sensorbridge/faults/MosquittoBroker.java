package io.sensorbridge.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.sensorbridge.support.FreePort;

/**
 * A real Mosquitto on a free loopback port, with its persistence in a folder of the test. Stopped with SIGTERM it
 * saves its sessions and queued messages on the way out; killed, it loses what it had not saved yet. Either way it
 * starts again on the same port and data.
 */
final class MosquittoBroker extends RestartableProcess {

    private static final String EXECUTABLE = "/usr/sbin/mosquitto";
    private static final String RUNNING = " running";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final Path dir;
    private final int port;
    private final LogFile log;

    MosquittoBroker(Path dir) throws IOException {
        this(dir, List.of("allow_anonymous true"));
    }

    /** With {@code access} instead of "allow_anonymous true", e.g. a password_file. */
    MosquittoBroker(Path dir, List<String> access) throws IOException {
        this(dir, access, List.of());
    }

    /**
     * With {@code listener} options too, which apply to its one listener: for TLS "cafile ...", "certfile ...",
     * "keyfile ..." and, for mutual TLS, "require_certificate true". Clients then connect with {@link #url(String)}.
     */
    MosquittoBroker(Path dir, List<String> access, List<String> listener) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.port = FreePort.find();
        this.log = new LogFile(dir.resolve("mosquitto.log"));
        // max_queued_messages 0: Mosquitto's default of 1000 drops readings for an offline bridge (FIELD-NOTES)
        // user root: started as root it would otherwise switch to user mosquitto and fail to write this folder
        List<String> config = new ArrayList<>(access);
        config.add("listener " + port + " 127.0.0.1");
        config.addAll(listener);
        config.addAll(List.of(
                "persistence true",
                "persistence_location " + dir + "/",
                "max_queued_messages 0",
                "max_inflight_messages 20",
                "user root",
                "log_dest file " + log.path()));
        Files.write(config(), config);
    }

    /**
     * Access lines for a broker that wants {@code user} and {@code password}: a password_file made with
     * mosquitto_passwd in {@code dir}, anonymous clients refused.
     */
    static List<String> passwordAccess(Path dir, String user, String password) throws IOException, InterruptedException {
        Path passwords = Files.createDirectories(dir).resolve("passwd");
        Process passwd = new ProcessBuilder("mosquitto_passwd", "-b", "-c", passwords.toString(), user, password)
                .inheritIO().start();
        if (!passwd.waitFor(10, TimeUnit.SECONDS) || passwd.exitValue() != 0) {
            throw new IOException("mosquitto_passwd failed");
        }
        return List.of("allow_anonymous false", "password_file " + passwords);
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The URL by another scheme or host name, e.g. ssl://localhost:port for a TLS listener. */
    String url(String schemeAndHost) {
        return schemeAndHost + ":" + port;
    }

    int port() {
        return port;
    }

    LogFile log() {
        return log;
    }

    @Override
    void start() throws IOException {
        int runningBefore = log.occurrences(RUNNING);
        running(LoggedProcess.start("mosquitto", List.of(EXECUTABLE, "-c", config().toString()), Map.of(), dir,
                dir.resolve("mosquitto.out")));
        log.awaitMoreThan(runningBefore, RUNNING, START_TIMEOUT);
    }

    private Path config() {
        return dir.resolve("mosquitto.conf");
    }
}
