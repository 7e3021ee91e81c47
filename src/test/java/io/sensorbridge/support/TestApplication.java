package io.sensorbridge.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.sensorbridge.broker.EmbeddedBroker;
import io.sensorbridge.mqtt.DurablePahoConsumer;
import org.apache.camel.CamelContext;

import static org.awaitility.Awaitility.await;

/**
 * The settings under which a test class boots the real application (same routes, same application.properties):
 * a free port for the embedded broker, and fresh folders for its data and the bridge's files.
 * {@code @CamelMainTest} reads JVM system properties as overrides, so a test class calls {@link #use} from a static
 * initialiser (before Camel starts) and {@link #clear} after its last test.
 */
public final class TestApplication {

    public final int port = FreePort.find();
    /** The HTTP server's port (health, metrics, live page): free, so that test classes never share 8080. */
    public final int httpPort = FreePort.find();
    public final Path dir;
    public final Path readings;
    public final Path deadLetters;
    private final Map<String, String> settings = new LinkedHashMap<>();

    private TestApplication(String name) {
        try {
            dir = Files.createTempDirectory("sensor-bridge-" + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        readings = dir.resolve("readings");
        deadLetters = dir.resolve("dead-letter");
        set("broker.embedded.port", String.valueOf(port));
        set("broker.embedded.data-dir", dir.resolve("broker").toString());
        set("bridge.output.dir", readings.toString());
        set("bridge.deadletter.dir", deadLetters.toString());
        set("http.port", String.valueOf(httpPort));
        set("simulator.period", "100");
        set("mqtt.client-id", "bridge-" + name);
        set("simulator.client-id", "simulator-" + name);
    }

    /** The MQTT version this test run speaks: 3.1.1, or what MQTT_VERSION says (the pom's mqtt5 runs). */
    public static String mqttVersion() {
        return System.getenv().getOrDefault("MQTT_VERSION", "3.1.1");
    }

    /** Default test settings for a test class called {@code name}. */
    public static TestApplication use(String name) {
        return new TestApplication(name);
    }

    /** One more setting, for this test class only. */
    public TestApplication set(String key, String value) {
        settings.put(key, value);
        System.setProperty(key, value);
        return this;
    }

    /** A setting of this test class. */
    public String settings(String key) {
        return settings.get(key);
    }

    /** Waits until the bridge's subscription is confirmed, so what a test publishes next reaches it. */
    public static void awaitBridgeSubscribed(CamelContext context) {
        await().atMost(30, TimeUnit.SECONDS).until(() -> bridgeSubscribed(context));
    }

    public static boolean bridgeSubscribed(CamelContext context) {
        return context.getRoute("bridge").getConsumer() instanceof DurablePahoConsumer consumer
               && consumer.isSubscribed();
    }

    /**
     * A broker of the test's own on this application's port and its own data folder (started, ready): for tests
     * that run the application with broker.embedded.enabled=false and stop or restart the broker themselves.
     */
    public EmbeddedBroker startOwnBroker() {
        EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", port, dir.resolve("own-broker"), 1_000_000);
        broker.start();
        return broker;
    }

    /** {@code http://127.0.0.1:<httpPort><path>}. */
    public String http(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }

    public String brokerUrl() {
        return "tcp://127.0.0.1:" + port;
    }

    public void clear() {
        settings.keySet().forEach(System::clearProperty);
    }
}
