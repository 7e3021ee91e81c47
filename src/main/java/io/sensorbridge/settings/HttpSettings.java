package io.sensorbridge.settings;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

import io.sensorbridge.ConfigurationException;

/** The HTTP port of health, metrics and the live page: {@code http.*}. */
public final class HttpSettings {

    static final List<String> KEYS = List.of("http.enabled", "http.host", "http.port", "http.username",
            "http.password", "http.allow-anonymous", "http.live.buffer", "http.live.max-clients");

    public final boolean enabled;
    public final String host;
    public final int port;
    /** Empty when not set: then the HTTP port asks for no password (loopback, or http.allow-anonymous=true). */
    public final String username;
    public final String password;
    public final int liveBuffer;
    public final int liveMaxClients;

    HttpSettings(Keys keys) {
        enabled = keys.bool("http.enabled");
        host = keys.text("http.host");
        port = (int) keys.whole("http.port", 1, 65_535);
        username = keys.optional("http.username");
        password = keys.optional("http.password");
        liveBuffer = (int) keys.whole("http.live.buffer", 1, 1_000_000);
        liveMaxClients = (int) keys.whole("http.live.max-clients", 1, 10_000);
        access(keys);
    }

    /**
     * The same rule as the embedded broker's: on loopback the HTTP port is open to this machine; on any other address
     * it wants http.username and http.password, or an explicit http.allow-anonymous=true.
     */
    private void access(Keys keys) {
        boolean allowAnonymous = keys.bool("http.allow-anonymous");
        if (username.isEmpty() != password.isEmpty()) {
            throw new ConfigurationException(username.isEmpty() ? "http.username" : "http.password",
                    "set together with " + (username.isEmpty() ? "http.password" : "http.username")
                    + " (HTTP basic authentication needs both)");
        }
        if (!enabled || !username.isEmpty() || allowAnonymous) {
            return;
        }
        try {
            if (InetAddress.getByName(host).isLoopbackAddress()) {
                return;
            }
        } catch (IOException e) {
            throw Keys.bad("http.host", "an address of this machine", host);
        }
        throw new ConfigurationException("http.allow-anonymous", "true for the HTTP port on " + host
                + " (not loopback) to serve health, metrics and the live page without a password; or set"
                + " http.username and http.password (HTTP_PASSWORD) and it asks every request for them");
    }
}
