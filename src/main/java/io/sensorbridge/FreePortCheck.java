package io.sensorbridge;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Something of ours is about to listen on {@code host:port} (the embedded broker, the HTTP server): if another
 * process holds the port, the start stops in one line naming the key, rather than a server's stack trace later.
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
}
