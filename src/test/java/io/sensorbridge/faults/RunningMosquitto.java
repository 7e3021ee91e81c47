package io.sensorbridge.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@link MosquittoBroker} (anonymous access, the fault tests' settings) for test classes outside this package,
 * which boot the application in-process against it: started here, stopped by {@link #close()}.
 */
public final class RunningMosquitto implements AutoCloseable {

    private final MosquittoBroker broker;

    private RunningMosquitto(MosquittoBroker broker) {
        this.broker = broker;
    }

    /** A Mosquitto on a free loopback port, ready to serve, with its files in a new temporary folder. */
    public static RunningMosquitto start() throws Exception {
        MosquittoBroker broker = new MosquittoBroker(Files.createTempDirectory("sensor-bridge-mosquitto"));
        broker.start();
        return new RunningMosquitto(broker);
    }

    /**
     * The same with {@code listener} options for its one listener, e.g. TestCertificates' mosquittoListener for
     * TLS; clients then connect with {@link #url(String)}.
     */
    public static RunningMosquitto start(List<String> listener) throws Exception {
        MosquittoBroker broker = new MosquittoBroker(Files.createTempDirectory("sensor-bridge-mosquitto"),
                List.of("allow_anonymous true"), listener);
        broker.start();
        return new RunningMosquitto(broker);
    }

    public int port() {
        return broker.port();
    }

    public String url() {
        return broker.url();
    }

    /** The URL by another scheme or host name, e.g. ssl://localhost for a TLS listener. */
    public String url(String schemeAndHost) {
        return broker.url(schemeAndHost);
    }

    /**
     * SIGSTOP: Mosquitto is frozen, its connections open but nothing read or acknowledged (a busy or stalled broker),
     * until {@link #restart()}.
     */
    public void pause() throws Exception {
        broker.pause();
    }

    /**
     * SIGTERM (Mosquitto saves its sessions and queued messages on the way out), then a start on the same port and
     * data; returns once it serves again.
     */
    public void restart() throws Exception {
        broker.stop();
        broker.start();
    }

    /** How many lines of Mosquitto's log contain {@code text}. */
    public int logLines(String text) {
        return broker.log().occurrences(text);
    }

    @Override
    public void close() throws InterruptedException {
        broker.close();
    }
}
