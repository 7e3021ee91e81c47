package io.sensorbridge.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Locale;
import java.util.function.UnaryOperator;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * Plain TCP sockets whose input Paho reads through an {@link MqttPacketInputStream} (the {@code socketFactory}
 * option of camel-paho and camel-paho-mqtt5), for {@code tcp://}. Not an SSLSocketFactory on purpose: Paho's TCP
 * module refuses one.
 */
public final class PacketRewritingSocketFactory extends SocketFactory {

    private final UnaryOperator<InputStream> rewriting;

    private PacketRewritingSocketFactory(UnaryOperator<InputStream> rewriting) {
        this.rewriting = rewriting;
    }

    /** Whether {@link #forBroker} takes {@code brokerUrl}: tcp:// and ssl://, not WebSocket URLs. */
    public static boolean rewritable(String brokerUrl) {
        String url = brokerUrl.toLowerCase(Locale.ROOT);
        return url.startsWith("tcp://") || url.startsWith("ssl://");
    }

    /**
     * The factory for {@code brokerUrl} whose sockets' input is read through {@code rewriting} (e.g.
     * {@code TopicEscapingInputStream::new}): this one for {@code tcp://}, a {@link PacketRewritingSslSocketFactory}
     * over {@code tlsOrNull} (the JVM's default when null) for {@code ssl://}. WebSocket URLs are refused: there the
     * socket carries WebSocket frames, not MQTT packets.
     */
    public static SocketFactory forBroker(String brokerUrl, SSLSocketFactory tlsOrNull,
                                          UnaryOperator<InputStream> rewriting) {
        String url = brokerUrl.toLowerCase(Locale.ROOT);
        if (url.startsWith("tcp://")) {
            return new PacketRewritingSocketFactory(rewriting);
        }
        if (url.startsWith("ssl://")) {
            return new PacketRewritingSslSocketFactory(
                    tlsOrNull != null ? tlsOrNull : (SSLSocketFactory) SSLSocketFactory.getDefault(), rewriting);
        }
        throw new IllegalArgumentException("Rewriting MQTT packets needs a tcp:// or ssl:// broker URL, not "
                                           + brokerUrl);
    }

    /** The one Paho calls, then connect(). */
    @Override
    public Socket createSocket() {
        return new RewritingSocket(rewriting);
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

    private static final class RewritingSocket extends Socket {

        private final UnaryOperator<InputStream> rewriting;
        private InputStream input;

        RewritingSocket(UnaryOperator<InputStream> rewriting) {
            this.rewriting = rewriting;
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (input == null) {
                input = rewriting.apply(super.getInputStream());
            }
            return input;
        }
    }
}
