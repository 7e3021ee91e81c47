package io.sensorbridge.faults;

import java.nio.file.Files;
import java.nio.file.Path;

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

    public int port() {
        return broker.port();
    }

    public String url() {
        return broker.url();
    }

    @Override
    public void close() throws InterruptedException {
        broker.close();
    }
}
