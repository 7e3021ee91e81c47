package io.sensorbridge.mqtt;

import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The seam between the two Paho APIs (mqttv3 for MQTT 3.1.1, mqttv5 for MQTT 5): one client's connection, in the
 * few operations {@link ReconnectingClient}, {@link DurablePahoConsumer} and {@link BufferingPahoProducer} need.
 * Every call is asynchronous or returns at once; results come back on Paho's own threads.
 * <p>
 * What the two APIs do alike is written here once; {@link PahoV3Client} and {@link PahoV5Client} give the calls in
 * which they differ, if only by their types.
 */
abstract class PahoClient {

    /** A message as it arrived, with what is needed to acknowledge it on the client it came from. */
    record Arrival(PahoClient from, String topic, byte[] payload, int qos, int id, boolean duplicate,
                   boolean retained) {
    }

    /** What a client tells its owner. */
    interface Events {
        void lost(String reason);

        void arrived(Arrival arrival) throws Exception;
    }

    /** What became of a publish. */
    enum Sent { SENT, NOT_CONNECTED, WINDOW_FULL }

    /** A call on Paho that may fail. */
    interface Call {
        void run() throws Exception;
    }

    /** Paho's reason codes for a publish it would not take, the same numbers in both APIs. */
    static final int NOT_CONNECTED = 32104;
    static final int MAX_INFLIGHT = 32202;

    private final String clientId;
    private final String serverUri;

    PahoClient(String serverUri, String clientId) {
        this.serverUri = serverUri;
        this.clientId = clientId;
    }

    /** A publish Paho would not take for now (not connected, or its window full); null for any other reason code. */
    static Sent notTaken(int reasonCode) {
        return switch (reasonCode) {
            case NOT_CONNECTED -> Sent.NOT_CONNECTED;
            case MAX_INFLIGHT -> Sent.WINDOW_FULL;
            default -> null;
        };
    }

    /** A SUBACK's code for one filter, on both versions: the QoS granted, or from 0x80 on a refusal. */
    static void granted(int code, IntConsumer granted, Consumer<Throwable> failed) {
        if (code >= 0x80) {
            failed.accept(new IllegalStateException("the broker refused the subscription"));
        } else {
            granted.accept(code);
        }
    }

    final String clientId() {
        return clientId;
    }

    final String serverUri() {
        return serverUri;
    }

    abstract boolean isConnected();

    /** {@code done} gets whether the broker still had our session, {@code failed} why not. */
    abstract void connect(Consumer<Boolean> done, Consumer<Throwable> failed);

    /** {@code granted} gets the QoS the broker granted (a refusal arrives at {@code failed}). */
    abstract void subscribe(String filter, int qos, IntConsumer granted, Consumer<Throwable> failed);

    /** Throws IllegalArgumentException, with the reason, for a topic this client cannot send. */
    abstract void checkSendable(String topic);

    /**
     * Sends a message; {@code delivered} (null: not wanted) gets null once the broker acknowledged it (QoS 1) or it
     * was written out (QoS 0), an {@link IllegalArgumentException} if the broker refused it for good, or another
     * failure if the client gave up on it.
     */
    final Sent publish(String topic, byte[] payload, int qos, boolean retained, Consumer<Throwable> delivered)
            throws Exception {
        checkSendable(topic);
        try {
            send(topic, payload, qos, retained, delivered);
            return Sent.SENT;
        } catch (Exception e) {
            Sent notTaken = notTaken(reasonCode(e));
            if (notTaken == null) {
                throw e;
            }
            return notTaken;
        }
    }

    /** Gives the message to Paho; throws Paho's exception when it would not take it. */
    abstract void send(String topic, byte[] payload, int qos, boolean retained, Consumer<Throwable> delivered)
            throws Exception;

    /** The reason code of the API's own MqttException; -1 for any other failure. */
    abstract int reasonCode(Exception failure);

    /** Waits up to {@code millis} for one of the publishes in flight to be acknowledged (paces a full window). */
    final void awaitOneDelivery(long millis) {
        try {
            awaitOldestInFlight(millis);
        } catch (Exception timedOutOrFailed) {
            // the next publish says what became of the connection
        }
    }

    /** Waits up to {@code millis} for the oldest publish in flight, if there is one; throws when it times out. */
    abstract void awaitOldestInFlight(long millis) throws Exception;

    /** Publishes sent (QoS 1 and 2) that the broker has not acknowledged yet. */
    abstract int inFlight();

    /** Acknowledges a message that arrived with manual acknowledgements. */
    abstract void acknowledge(Arrival arrival) throws Exception;

    /** Disconnects if connected, waiting up to {@code millis}; {@code quiesce} false drops what is in flight at once. */
    final void disconnect(boolean quiesce, long millis) throws Exception {
        if (isConnected()) {
            disconnectConnected(quiesce, millis);
        }
    }

    /** Disconnects a connected client, waiting up to {@code millis}. */
    abstract void disconnectConnected(boolean quiesce, long millis) throws Exception;

    /** Releases the client; {@code force} for one whose connect hangs. */
    abstract void close(boolean force) throws Exception;
}
