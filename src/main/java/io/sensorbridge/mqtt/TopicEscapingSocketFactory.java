package io.sensorbridge.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Locale;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * Plain TCP sockets whose input goes through {@link TopicEscapingInputStream}, for Paho mqttv3's {@code tcp://}
 * (camel-paho's {@code socketFactory} option). Not an SSLSocketFactory on purpose: Paho's TCP module refuses one.
 */
public final class TopicEscapingSocketFactory extends SocketFactory {

    /**
     * The factory for {@code brokerUrl}: this one for {@code tcp://}, a {@link TopicEscapingSslSocketFactory} over
     * {@code tlsOrNull} (the JVM's default when null) for {@code ssl://}. WebSocket URLs are refused: there the
     * socket carries WebSocket frames, not MQTT packets.
     */
    public static SocketFactory forBroker(String brokerUrl, SSLSocketFactory tlsOrNull) {
        String url = brokerUrl.toLowerCase(Locale.ROOT);
        if (url.startsWith("tcp://")) {
            return new TopicEscapingSocketFactory();
        }
        if (url.startsWith("ssl://")) {
            return new TopicEscapingSslSocketFactory(
                    tlsOrNull != null ? tlsOrNull : (SSLSocketFactory) SSLSocketFactory.getDefault());
        }
        throw new IllegalArgumentException("Topic escaping needs a tcp:// or ssl:// broker URL, not " + brokerUrl);
    }

    /** The one Paho calls, then connect(). */
    @Override
    public Socket createSocket() {
        return new EscapingSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(createSocket(), new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(bound(createSocket(), localHost, localPort), new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(createSocket(), new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected(bound(createSocket(), localAddress, localPort), new InetSocketAddress(address, port));
    }

    private static Socket bound(Socket socket, InetAddress localAddress, int localPort) throws IOException {
        socket.bind(new InetSocketAddress(localAddress, localPort));
        return socket;
    }

    private static Socket connected(Socket socket, InetSocketAddress address) throws IOException {
        socket.connect(address);
        return socket;
    }

    private static final class EscapingSocket extends Socket {

        private InputStream input;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (input == null) {
                input = new TopicEscapingInputStream(super.getInputStream());
            }
            return input;
        }
    }
}
