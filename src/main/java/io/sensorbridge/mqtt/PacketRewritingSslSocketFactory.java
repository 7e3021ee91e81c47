package io.sensorbridge.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.function.UnaryOperator;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS sockets of {@code tls} (e.g. {@link PemSocketFactory#create}) whose decrypted input Paho reads through an
 * {@link MqttPacketInputStream}, for {@code ssl://}: Paho's SSL module wants an SSLSocketFactory and an SSLSocket,
 * so the rewriting sits on top of the TLS socket rather than under it.
 */
public final class PacketRewritingSslSocketFactory extends SSLSocketFactory {

    private final SSLSocketFactory tls;
    private final UnaryOperator<InputStream> rewriting;

    public PacketRewritingSslSocketFactory(SSLSocketFactory tls, UnaryOperator<InputStream> rewriting) {
        this.tls = tls;
        this.rewriting = rewriting;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }

    /** The one Paho calls, then connect(). */
    @Override
    public Socket createSocket() throws IOException {
        return wrapped(tls.createSocket());
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return wrapped(tls.createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose) throws IOException {
        return wrapped(tls.createSocket(socket, consumed, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return wrapped(tls.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return wrapped(tls.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return wrapped(tls.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return wrapped(tls.createSocket(address, port, localAddress, localPort));
    }

    private Socket wrapped(Socket socket) {
        return new PacketRewritingSslSocket((SSLSocket) socket, rewriting);
    }
}
