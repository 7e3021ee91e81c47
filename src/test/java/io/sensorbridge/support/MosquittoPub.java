package io.sensorbridge.support;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** mosquitto_pub (Debian's mosquitto-clients): a second, independent MQTT client for tests. */
public final class MosquittoPub {

    private MosquittoPub() {
    }

    /** Publishes one message; returns true when the broker took it (exit code 0). */
    public static boolean publish(int port, String topic, String payload, int qos) throws IOException, InterruptedException {
        Process pub = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(port), "-q",
                String.valueOf(qos), "-t", topic, "-m", payload)
                .redirectErrorStream(true)
                .start();
        if (!pub.waitFor(20, TimeUnit.SECONDS)) {
            pub.destroyForcibly();
            return false;
        }
        return pub.exitValue() == 0;
    }
}
