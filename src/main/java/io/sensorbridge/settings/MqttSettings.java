package io.sensorbridge.settings;

import java.nio.file.Path;
import java.util.List;

import javax.net.ssl.SSLSocketFactory;

import io.sensorbridge.ConfigurationException;
import io.sensorbridge.mqtt.PemSocketFactory;

/** The bridge's and the simulator's MQTT connection: {@code mqtt.*}. */
public final class MqttSettings {

    static final List<String> KEYS = List.of("mqtt.broker.url", "mqtt.qos", "mqtt.client-id", "mqtt.username",
            "mqtt.password", "mqtt.version", "mqtt.tls.ca-file", "mqtt.tls.cert-file", "mqtt.tls.key-file",
            "mqtt.tls.verify-hostname");

    /** mqtt.version: "3.1.1" (camel-paho) or "5" (camel-paho-mqtt5). */
    public final String version;
    /** Empty when not set. */
    public final String username;
    public final String password;
    /** mqtt.client-id: the bridge's client id, and its member folder in a share group. */
    public final String clientId;
    /** Built from the mqtt.tls.* PEM files; null without them (tcp://, or ssl:// with the JVM's own CAs). */
    public final SSLSocketFactory tlsSocketFactory;
    public final boolean verifyHostname;

    MqttSettings(Keys keys) {
        keys.oneOf("mqtt.qos", "0", "1", "2");
        version = keys.mqttVersion("mqtt.version");
        String brokerUrl = keys.brokerUrl("mqtt.broker.url");
        username = keys.optional("mqtt.username");
        password = keys.optional("mqtt.password");
        if (!password.isEmpty() && username.isEmpty()) {
            throw new ConfigurationException("mqtt.username", "set when mqtt.password is set");
        }
        tlsSocketFactory = tls(keys, brokerUrl);
        verifyHostname = keys.bool("mqtt.tls.verify-hostname");
        clientId = keys.text("mqtt.client-id");
    }

    /** The PEM files are read and checked whenever they are set, so a mistake shows at start-up, not at connect. */
    private static SSLSocketFactory tls(Keys keys, String brokerUrl) {
        Path ca = keys.optionalPath(PemSocketFactory.CA_FILE);
        Path cert = keys.optionalPath(PemSocketFactory.CERT_FILE);
        Path key = keys.optionalPath(PemSocketFactory.KEY_FILE);
        if (ca == null && cert == null && key == null) {
            return null;
        }
        SSLSocketFactory factory = PemSocketFactory.create(ca, cert, key);
        if (!brokerUrl.startsWith("ssl://") && !brokerUrl.startsWith("wss://")) {
            throw Keys.bad("mqtt.broker.url", "an ssl:// (or wss://) URL when mqtt.tls.* files are set", brokerUrl);
        }
        return factory;
    }
}
