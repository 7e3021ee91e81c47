package io.sensorbridge.mqtt;

import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The seam between the two Paho APIs (mqttv3 for MQTT 3.1.1, mqttv5 for MQTT 5): one client's connection, in the
 * few operations {@link ReconnectingClient}, {@link DurablePahoConsumer} and {@link BufferingPahoProducer} need.
 * Every call is asynchronous or returns at once; results come back on Paho's own threads.
 * <p>
 * {@link PahoV3Client} and {@link PahoV5Client} are each API's own {@code MqttAsyncClient}, so the calls that the two
 * APIs have alike by name and signature (the first group below) are Paho's and written nowhere here; what both do
 * alike on top of them is written once below; each client gives only the calls in which the APIs differ.
 */
interface PahoClient {

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
    int NOT_CONNECTED = 32104;
    int MAX_INFLIGHT = 32202;

    // Paho's own, alike in both APIs

    String getClientId();

    String getServerURI();

    boolean isConnected();

    /** Publishes sent (QoS 1 and 2) that the broker has not acknowledged yet. */
    int getInFlightMessageCount();

    /** Acknowledges a message that arrived with manual acknowledgements. */
    void messageArrivedComplete(int messageId, int qos) throws Exception;

    /** Releases the client; {@code force} for one whose connect hangs. */
    void close(boolean force) throws Exception;

    // where the APIs differ, if only by their types

    /** Starts connecting with the endpoint's options. */
    void connectWith(PahoListener listener) throws Exception;

    /** Starts subscribing to one filter. */
    void subscribeWith(String filter, int qos, PahoListener listener) throws Exception;

    /** Throws IllegalArgumentException, with the reason, for a topic this client cannot send. */
    void checkSendable(String topic);

    /** Gives the message to Paho ({@code listener} null: no outcome wanted); throws when Paho would not take it. */
    void send(String topic, byte[] payload, int qos, boolean retained, PahoListener listener) throws Exception;

    /** Waits up to {@code millis} for the oldest publish in flight, if there is one; throws when it times out. */
    void awaitOldestInFlight(long millis) throws Exception;

    /** Disconnects a connected client, waiting up to {@code millis}. */
    void disconnectConnected(boolean quiesce, long millis) throws Exception;

    // written once for both

    /** {@code done} gets whether the broker still had our session, {@code failed} why not. */
    default void connect(Consumer<Boolean> done, Consumer<Throwable> failed) {
        try {
            connectWith(PahoListener.connected(done, failed));
        } catch (Exception e) {
            failed.accept(e);
        }
    }

    /** {@code granted} gets the QoS the broker granted (a refusal arrives at {@code failed}). */
    default void subscribe(String filter, int qos, IntConsumer granted, Consumer<Throwable> failed) {
        try {
            checkSendable(filter);
            subscribeWith(filter, qos, PahoListener.subscribed(granted, failed));
        } catch (Exception e) {
            failed.accept(e);
        }
    }

    /**
     * Sends a message; {@code delivered} (null: not wanted) gets null once the broker acknowledged it (QoS 1) or it
     * was written out (QoS 0), an {@link IllegalArgumentException} if the broker refused it for good, or another
     * failure if the client gave up on it.
     */
    default Sent publish(String topic, byte[] payload, int qos, boolean retained, Consumer<Throwable> delivered)
            throws Exception {
        checkSendable(topic);
        try {
            send(topic, payload, qos, retained, delivered == null ? null : PahoListener.delivered(delivered));
            return Sent.SENT;
        } catch (Exception e) {
            Sent notTaken = notTaken(e);
            if (notTaken == null) {
                throw e;
            }
            return notTaken;
        }
    }

    /** Waits up to {@code millis} for one of the publishes in flight to be acknowledged (paces a full window). */
    default void awaitOneDelivery(long millis) {
        try {
            awaitOldestInFlight(millis);
        } catch (Exception timedOutOrFailed) {
            // the next publish says what became of the connection
        }
    }

    default void acknowledge(Arrival arrival) throws Exception {
        messageArrivedComplete(arrival.id(), arrival.qos());
    }

    /** Disconnects if connected, waiting up to {@code millis}; {@code quiesce} false drops what is in flight. */
    default void disconnect(boolean quiesce, long millis) throws Exception {
        if (isConnected()) {
            disconnectConnected(quiesce, millis);
        }
    }

    /** A publish Paho would not take for now (not connected, or its window full); null for any other failure. */
    static Sent notTaken(Exception failure) {
        int reasonCode = failure instanceof org.eclipse.paho.client.mqttv3.MqttException v3 ? v3.getReasonCode()
                : failure instanceof org.eclipse.paho.mqttv5.common.MqttException v5 ? v5.getReasonCode() : -1;
        return switch (reasonCode) {
            case NOT_CONNECTED -> Sent.NOT_CONNECTED;
            case MAX_INFLIGHT -> Sent.WINDOW_FULL;
            default -> null;
        };
    }
}
