package io.sensorbridge.mqtt;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Configuration;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.apache.camel.support.DefaultProducer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code paho-mqtt5:} producer that never fails a publish because the broker is away: while it is unreachable
 * (also at start-up) messages wait in a bounded buffer and leave, in order, on reconnect. When the buffer is full,
 * new messages are dropped and counted; one warning line gives the count when the connection is back. With
 * {@code rejectWhenFull} they fail instead, so a route that must not lose them (a forward) can retry or dead-letter.
 * (Paho's own disconnected buffer only works with Paho's automatic reconnect, and not before the first connect.)
 */
class BufferingPahoProducer extends DefaultProducer implements ReconnectingClient.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(BufferingPahoProducer.class);
    private static final long INFLIGHT_WAIT_MILLIS = 100;

    /** A message waiting for the broker. */
    private record Pending(String topic, MqttMessage message) {
    }

    private final AtomicLong dropped = new AtomicLong();
    private final int bufferSize;
    private final boolean rejectWhenFull;
    private final BlockingQueue<Pending> buffer;
    private volatile ReconnectingClient connection;

    BufferingPahoProducer(DurablePahoEndpoint endpoint, int bufferSize, boolean rejectWhenFull) {
        super(endpoint);
        this.bufferSize = bufferSize;
        this.rejectWhenFull = rejectWhenFull;
        this.buffer = new ArrayBlockingQueue<>(bufferSize);
    }

    @Override
    public DurablePahoEndpoint getEndpoint() {
        return (DurablePahoEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        connection = getEndpoint().newConnection(this, "publisher", false);
        connection.start();
    }

    @Override
    protected void doStop() throws Exception {
        if (!buffer.isEmpty()) {
            LOG.warn("{} message(s) to {} were still waiting for the broker at stop", buffer.size(),
                    getEndpoint().getTopic());
        }
        connection.stop();
        super.doStop();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        PahoMqtt5Configuration config = getEndpoint().getConfiguration();
        Message in = exchange.getMessage();
        String topic = in.getHeader(PahoMqtt5Constants.CAMEL_PAHO_OVERRIDE_TOPIC, getEndpoint().getTopic(), String.class);
        MqttMessage message = new MqttMessage(in.getMandatoryBody(byte[].class));
        message.setQos(in.getHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_QOS, config.getQos(), Integer.class));
        message.setRetained(in.getHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_RETAINED, config.isRetained(), Boolean.class));
        Pending pending = new Pending(topic, message);
        synchronized (buffer) {
            // behind what is already waiting, so the order holds
            if (!connection.client().isConnected() || !buffer.isEmpty()) {
                keep(pending);
                return;
            }
        }
        if (!publish(pending)) {
            keep(pending);
        }
    }

    private void keep(Pending pending) {
        if (buffer.offer(pending)) {
            return;
        }
        if (rejectWhenFull) {
            throw new IllegalStateException("the broker at " + getEndpoint().getConfiguration().getBrokerUrl()
                    + " is unreachable and " + bufferSize + " message(s) already wait for it");
        }
        dropped.incrementAndGet();
    }

    /** Publishes; returns false if the connection was gone. */
    private boolean publish(Pending pending) throws MqttException {
        while (true) {
            try {
                connection.client().publish(pending.topic(), pending.message());
                return true;
            } catch (MqttException e) {
                if (e.getReasonCode() == MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED) {
                    return false;
                }
                if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                    throw e;
                }
                // the in-flight window is full: wait a little for one delivery, then try again
                IMqttToken[] inFlight = connection.client().getPendingTokens();
                if (inFlight.length > 0) {
                    awaitQuietly(inFlight[0]);
                }
            }
        }
    }

    /**
     * A slow acknowledgement (a busy broker, a burst of a thousand sensors) is no reason to give up: the wait only
     * paces the loop, which tries again and learns from the next publish if the connection is gone.
     */
    private static void awaitQuietly(IMqttToken delivery) {
        try {
            delivery.waitForCompletion(INFLIGHT_WAIT_MILLIS);
        } catch (MqttException timedOutOrFailed) {
            // the next publish attempt says what became of the connection
        }
    }

    @Override
    public void connected(ReconnectingClient connected) {
        // not on Paho's callback thread: publishing from there can deadlock (Paho #310)
        connected.runLater(this::sendBuffered);
    }

    private void sendBuffered() {
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
            LOG.warn("{} message(s) to {} were dropped while the broker was unreachable: the buffer of {} was full",
                    lost, getEndpoint().getTopic(), bufferSize);
        }
        try {
            for (Pending next = buffer.peek(); next != null && publish(next); next = buffer.peek()) {
                buffer.poll();
            }
        } catch (MqttException e) {
            LOG.warn("Sending buffered messages to {} failed: {}; they wait for the next connection",
                    getEndpoint().getTopic(), ReconnectingClient.describe(e));
        }
    }

    @Override
    public void messageArrived(MqttAsyncClient from, String topic, MqttMessage message) {
        // a publisher subscribes to nothing
    }
}
