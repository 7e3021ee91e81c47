package io.sensorbridge.settings;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;

import io.sensorbridge.ConfigurationException;

/** The embedded broker: {@code broker.embedded.*}, and who it lets in (with the bridge's {@code mqtt.*} user). */
public final class BrokerSettings {

    static final List<String> KEYS = List.of("broker.embedded.enabled", "broker.embedded.host",
            "broker.embedded.port", "broker.embedded.data-dir", "broker.embedded.max-queued-messages",
            "broker.embedded.allow-anonymous");

    public final boolean enabled;
    public final String host;
    public final int port;
    public final Path dataDir;
    public final long maxQueued;
    /** broker.embedded.allow-anonymous, checked against the broker's address. */
    public final boolean allowAnonymous;

    BrokerSettings(Keys keys, MqttSettings mqtt) {
        enabled = keys.bool("broker.embedded.enabled");
        host = keys.text("broker.embedded.host");
        port = (int) keys.whole("broker.embedded.port", 1, 65_535);
        dataDir = Path.of(keys.text("broker.embedded.data-dir"));
        maxQueued = keys.whole("broker.embedded.max-queued-messages", 1, Long.MAX_VALUE);
        if (enabled && !mqtt.username.isEmpty() && mqtt.password.isEmpty()) {
            throw new ConfigurationException("mqtt.password", "set when mqtt.username is set and the embedded broker"
                    + " runs (it asks every client for both; with no password anyone giving the user name gets in)");
        }
        allowAnonymous = access(keys, mqtt);
    }

    /**
     * On loopback the embedded broker lets anyone in unless credentials are set; on any other address it wants
     * them, or an explicit broker.embedded.allow-anonymous=true.
     */
    private boolean access(Keys keys, MqttSettings mqtt) {
        boolean anonymous = keys.bool("broker.embedded.allow-anonymous");
        if (!enabled || !mqtt.username.isEmpty() || anonymous) {
            return anonymous;
        }
        try {
            if (InetAddress.getByName(host).isLoopbackAddress()) {
                return false;
            }
        } catch (IOException e) {
            throw Keys.bad("broker.embedded.host", "an address of this machine", host);
        }
        throw new ConfigurationException("broker.embedded.allow-anonymous", "true for an embedded broker on "
                + host + " (not loopback) to let in clients without a password; or set mqtt.username and"
                + " mqtt.password (MQTT_PASSWORD) and it asks every client for them");
    }
}
