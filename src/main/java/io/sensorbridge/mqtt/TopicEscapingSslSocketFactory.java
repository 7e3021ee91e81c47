package io.sensorbridge.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS sockets of {@code tls} (e.g. {@link PemSocketFactory#create}) whose decrypted input goes through
 * {@link TopicEscapingInputStream}, for Paho mqttv3's {@code ssl://}: its SSL module wants an SSLSocketFactory and
 * an SSLSocket, so the escaping sits on top of the TLS socket rather than under it.
 */
public final class TopicEscapingSslSocketFactory extends SSLSocketFactory {

    private final SSLSocketFactory tls;

    public TopicEscapingSslSocketFactory(SSLSocketFactory tls) {
        this.tls = tls;
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
        return escaping(tls.createSocket());
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return escaping(tls.createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose) throws IOException {
        return escaping(tls.createSocket(socket, consumed, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return escaping(tls.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return escaping(tls.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return escaping(tls.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return escaping(tls.createSocket(address, port, localAddress, localPort));
    }

    private static Socket escaping(Socket socket) {
        return new TopicEscapingSslSocket((SSLSocket) socket);
    }
}
