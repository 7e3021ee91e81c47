package io.sensorbridge;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Something of ours is about to listen on {@code host:port} (the embedded broker, the HTTP server): if another
 * process holds the port, the start stops in one line naming the key, rather than a server's stack trace later.
 * The check cannot hold the port for the server: a process that binds it in between (two bridges started at the
 * same moment) is found when the server's own bind fails, and {@link #requireStill} says so in the same form.
 */
public final class FreePortCheck {

    private FreePortCheck() {
    }

    /** {@code otherwise}: what the person can do instead, after "choose another port, or". */
    public static void require(String key, String host, int port, String otherwise) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new ConfigurationException(key, "a free TCP port: " + host + ":" + port + " is in use ("
                    + e.getMessage() + "); choose another port, or " + otherwise);
        }
    }

    /** After our server failed to listen on a port that was free at {@link #require}: taken since? */
    public static void requireStill(String key, String host, int port, String otherwise) {
        try {
            require(key, host, port, otherwise);
        } catch (ConfigurationException inUse) {
            throw new ConfigurationException(key, "a free TCP port: " + host + ":" + port + " is in use: another"
                    + " process took it while this one started; choose another port, or " + otherwise);
        }
    }
}
