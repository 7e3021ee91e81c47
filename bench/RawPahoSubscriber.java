import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The bench's bare-client reference, not part of the product: the Paho client sensor-bridge runs on (mqttv3 or
 * mqttv5 1.2.5, from the jar's classpath), with nothing between the client and the file. A persistent session,
 * the callback set before connecting, manual acknowledgements: each payload is appended as one line, written to
 * the OS, and only then acknowledged, like the bridge. With {@code 3+json}: the v3 client, and each payload parsed
 * with Jackson, its temperature checked and the payload wrapped in the bridge's line, with no Camel: what the bridge
 * would cost if Camel cost nothing.
 * <pre>
 * java -cp target/sensor-bridge.jar bench/RawPahoSubscriber.java 3|5|3+json PORT TOPIC CLIENT_ID OUT_FILE
 * </pre>
 */
public class RawPahoSubscriber {

    private static com.fasterxml.jackson.databind.ObjectMapper json;

    public static void main(String[] args) throws Exception {
        String version = args[0];
        if (version.endsWith("+json")) {
            json = new com.fasterxml.jackson.databind.ObjectMapper();
        }
        String url = "tcp://127.0.0.1:" + args[1];
        String topic = args[2];
        String clientId = args[3];
        OutputStream out = new BufferedOutputStream(new FileOutputStream(args[4], true), 1 << 16);
        CountDownLatch connected = new CountDownLatch(1);
        Runnable[] close = {() -> { }};
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (connected.await(10, TimeUnit.SECONDS)) {
                    close[0].run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        close[0] = "5".equals(version) ? v5(url, topic, clientId, out) : v3(url, topic, clientId, out);
        connected.countDown();
        new CountDownLatch(1).await();
    }

    private static void line(OutputStream out, String topic, byte[] payload) throws IOException {
        if (json != null) {
            java.util.Map<?, ?> reading = json.readValue(payload, java.util.Map.class);
            if (!(reading.get("temperature") instanceof Number)) {
                throw new IOException("not a reading");
            }
            byte[] start = ("{\"topic\":\"" + topic + "\",\"receivedAt\":\"" + java.time.Instant.now()
                            + "\",\"reading\":").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            synchronized (out) {
                out.write(start);
                out.write(payload);
                out.write('}');
                out.write('\n');
                out.flush();
            }
            return;
        }
        synchronized (out) {
            out.write(payload);
            out.write('\n');
            out.flush();
        }
    }

    interface Disconnect {
        void run() throws Exception;
    }

    private static Runnable quietly(Disconnect disconnect) {
        return () -> {
            try {
                disconnect.run();
            } catch (Exception e) {
                System.err.println("disconnect: " + e);
            }
        };
    }

    private static Runnable v3(String url, String topic, String clientId, OutputStream out) throws Exception {
        var client = new org.eclipse.paho.client.mqttv3.MqttAsyncClient(url, clientId,
                new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        client.setManualAcks(true);
        client.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
            @Override
            public void messageArrived(String t, org.eclipse.paho.client.mqttv3.MqttMessage message) throws Exception {
                line(out, t, message.getPayload());
                client.messageArrivedComplete(message.getId(), message.getQos());
            }

            @Override
            public void connectionLost(Throwable cause) {
                System.err.println("connection lost: " + cause);
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
            }
        });
        var options = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
        options.setCleanSession(false);
        options.setMaxInflight(65_535);
        client.connect(options).waitForCompletion();
        client.subscribe(topic, 1).waitForCompletion();
        return quietly(() -> client.disconnect().waitForCompletion(5_000));
    }

    private static Runnable v5(String url, String topic, String clientId, OutputStream out) throws Exception {
        var client = new org.eclipse.paho.mqttv5.client.MqttAsyncClient(url, clientId,
                new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        client.setManualAcks(true);
        client.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
            @Override
            public void messageArrived(String t, org.eclipse.paho.mqttv5.common.MqttMessage message) throws Exception {
                line(out, t, message.getPayload());
                client.messageArrivedComplete(message.getId(), message.getQos());
            }

            @Override
            public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse response) {
                System.err.println("disconnected: " + response);
            }

            @Override
            public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException exception) {
                System.err.println("error: " + exception);
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties props) {
            }
        });
        var options = new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(3600L);
        options.setReceiveMaximum(65_535);
        client.connect(options).waitForCompletion();
        client.subscribe(topic, 1).waitForCompletion();
        return quietly(() -> client.disconnect().waitForCompletion(5_000));
    }
}
