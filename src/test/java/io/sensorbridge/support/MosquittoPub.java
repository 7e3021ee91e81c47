package io.sensorbridge.support;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** mosquitto_pub (Debian's mosquitto-clients): a second, independent MQTT client for tests. */
public final class MosquittoPub {

    private MosquittoPub() {
    }

    /** Publishes one message; returns true when the broker took it (exit code 0). */
    public static boolean publish(int port, String topic, String payload, int qos, String... options)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(port),
                "-q", String.valueOf(qos), "-t", topic, "-m", payload));
        command.addAll(List.of(options));
        Process pub = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!pub.waitFor(20, TimeUnit.SECONDS)) {
            pub.destroyForcibly();
            return false;
        }
        return pub.exitValue() == 0;
    }
}
