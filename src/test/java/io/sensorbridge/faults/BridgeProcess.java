package io.sensorbridge.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.sensorbridge.support.FreePort;

/**
 * sensor-bridge in its own JVM, against an external broker, configured only by environment variables as a user
 * would. Stopped with SIGTERM it shuts Camel down gracefully; killed, it just vanishes. Started again with the same
 * environment, it has the same client id, so the broker has kept its session and queued the readings that arrived
 * while it was down.
 */
final class BridgeProcess extends RestartableProcess {

    static final String CLIENT_ID = "fault-bridge";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final String topic;
    private final Map<String, String> env;
    private final LogFile log;
    private int starts;

    /** {@code settings}: more environment variables, such as the output's rotation; they win over the rig's own. */
    BridgeProcess(Path dir, String brokerUrl, String topic, Map<String, String> settings) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.topic = topic;
        this.log = new LogFile(dir.resolve("bridge.log"));
        this.env = new HashMap<>(Map.of(
                "BROKER_EMBEDDED_ENABLED", "false",
                "SIMULATOR_ENABLED", "false",
                "MQTT_BROKER_URL", brokerUrl,
                "BRIDGE_TOPIC", topic,
                "MQTT_CLIENT_ID", CLIENT_ID,
                "BRIDGE_OUTPUT_DIR", dir.resolve("readings").toString(),
                "BRIDGE_DEADLETTER_DIR", dir.resolve("dead-letter").toString(),
                "BRIDGE_LOG_LEVEL", "OFF"));
        this.env.putAll(settings);
        this.env.putIfAbsent("HTTP_PORT", String.valueOf(FreePort.find()));
    }

    /**
     * Where the bridge writes readings: {@code <readings>/<topic>/<yyyy-MM-dd>.jsonl} (and rotated parts); in a
     * share group, below {@code member=<client id>/} there.
     */
    Path readings() {
        return Path.of(env.get("BRIDGE_OUTPUT_DIR"));
    }

    /** The port of its health, metrics and live page. */
    int httpPort() {
        return Integer.parseInt(env.get("HTTP_PORT"));
    }

    String clientId() {
        return env.get("MQTT_CLIENT_ID");
    }

    LogFile log() {
        return log;
    }

    int starts() {
        return starts;
    }

    /** Starts the JVM and waits until it has subscribed. */
    @Override
    void start() throws IOException {
        int subscribedBefore = log.occurrences(subscribedLine());
        running(LoggedProcess.start("sensor-bridge", BridgeJar.command(), env, dir, log.path()));
        starts++;
        log.awaitMoreThan(subscribedBefore, subscribedLine(), READY_TIMEOUT);
    }

    private String subscribedLine() {
        String group = env.getOrDefault("BRIDGE_SHARE_GROUP", "");
        return "Subscribed to " + (group.isEmpty() ? topic : "$share/" + group + "/" + topic) + " (QoS 1 granted)";
    }
}
