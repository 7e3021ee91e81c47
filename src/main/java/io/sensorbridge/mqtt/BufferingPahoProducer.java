package io.sensorbridge.mqtt;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sensorbridge.Meters;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.paho.PahoConstants;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.apache.camel.support.DefaultAsyncProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code paho:} producer, for both MQTT versions: it never fails a publish because the broker is away. While it
 * is unreachable (also at start-up) messages wait in a bounded buffer and leave, in order, on reconnect.
 * <p>
 * For the simulator an exchange is done once its message is handed to the client; when the buffer is full, new
 * messages are dropped and counted, and one warning line gives the count when the connection is back. With
 * {@link DurableOptions#acknowledged()} (a forward) an exchange is done only once the broker acknowledged its message
 * (PUBACK at QoS 1; written out at QoS 0), so the forward's position never passes what the broker does not have; a
 * full buffer then fails the exchange instead, and so does a message lost with a client that was replaced or stopped,
 * so the forward sends it again. (Paho's own disconnected buffer only works with Paho's automatic reconnect, and not
 * before the first connect.) It reads the headers of camel-paho ({@code CamelPahoOverrideTopic}, ...) and of
 * camel-paho-mqtt5 ({@code CamelPahoMqtt5OverrideTopic}, ...) alike, so a route written for either runs on both.
 */
class BufferingPahoProducer extends DefaultAsyncProducer implements ReconnectingClient.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(BufferingPahoProducer.class);
    private static final long INFLIGHT_WAIT_MILLIS = 100;

    /** A message waiting for the broker, and (acknowledged mode) what to call once the broker has it. */
    private static final class Pending {
        final String topic;
        final byte[] payload;
        final int qos;
        final boolean retained;
        final Consumer<Exception> done;
        final AtomicBoolean finished = new AtomicBoolean();

        Pending(String topic, byte[] payload, int qos, boolean retained, Consumer<Exception> done) {
            this.topic = topic;
            this.payload = payload;
            this.qos = qos;
            this.retained = retained;
            this.done = done;
        }

        void finish(Exception failure) {
            if (done != null && finished.compareAndSet(false, true)) {
                done.accept(failure);
            }
        }
    }

    private final AtomicLong dropped = new AtomicLong();
    private final DurableEndpoint endpoint;
    private final int bufferSize;
    private final boolean acknowledged;
    private final BlockingQueue<Pending> buffer;
    /** Acknowledged mode: sent and not acknowledged yet, by the client they went out on. */
    private final Map<Pending, PahoClient> unacknowledged = new ConcurrentHashMap<>();
    private volatile ReconnectingClient connection;
    private Counter published;
    private Counter droppedTotal;

    BufferingPahoProducer(DurableEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
        this.bufferSize = endpoint.options().publishBuffer();
        this.acknowledged = endpoint.options().acknowledged();
        this.buffer = new ArrayBlockingQueue<>(bufferSize);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // by client id (the simulator's, the MQTT forward's): a few, named in the settings
        MeterRegistry meters = Meters.of(endpoint.getCamelContext());
        String client = endpoint.settings().clientId();
        published = Counter.builder("sensorbridge.publisher.published").tag("client", client)
                .description("Messages published (handed to the MQTT client)").register(meters);
        droppedTotal = Counter.builder("sensorbridge.publisher.dropped").tag("client", client)
                .description("Messages dropped because the buffer for an unreachable broker was full").register(meters);
        Gauge.builder("sensorbridge.publisher.buffered", buffer, BlockingQueue::size).tag("client", client)
                .description("Messages waiting for the broker").register(meters);
        connection = endpoint.newConnection(this, "publisher", false);
        Gauge.builder("sensorbridge.publisher.in.flight", connection, c -> c.client().getInFlightMessageCount())
                .tag("client", client)
                .description("Messages sent that the broker has not acknowledged yet").register(meters);
        connection.start();
    }

    @Override
    protected void doStop() throws Exception {
        if (!buffer.isEmpty()) {
            LOG.warn("{} message(s) to {} were still waiting for the broker at stop", buffer.size(),
                    endpoint.getTopic());
        }
        connection.stop();
        IOException stopped = new IOException("the MQTT client stopped before the broker acknowledged the message");
        for (Pending pending = buffer.poll(); pending != null; pending = buffer.poll()) {
            pending.finish(stopped);
        }
        unacknowledged.keySet().forEach(pending -> pending.finish(stopped));
        unacknowledged.clear();
        super.doStop();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        Pending pending;
        try {
            pending = pendingOf(exchange, acknowledged ? failure -> {
                if (failure != null) {
                    exchange.setException(failure);
                }
                callback.done(false);
            } : null);
            // before it is buffered: a message that can never be sent must fail its exchange, not block the buffer
            connection.client().checkSendable(pending.topic);
            send(pending);
        } catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        if (acknowledged) {
            return false;
        }
        callback.done(true);
        return true;
    }

    private Pending pendingOf(Exchange exchange, Consumer<Exception> done) throws Exception {
        ClientSettings settings = endpoint.settings();
        Message in = exchange.getMessage();
        return new Pending(
                header(in, PahoConstants.CAMEL_PAHO_OVERRIDE_TOPIC, PahoMqtt5Constants.CAMEL_PAHO_OVERRIDE_TOPIC,
                        endpoint.getTopic(), String.class),
                in.getMandatoryBody(byte[].class),
                header(in, PahoConstants.CAMEL_PAHO_MSG_QOS, PahoMqtt5Constants.CAMEL_PAHO_MSG_QOS, settings.qos(),
                        Integer.class),
                header(in, PahoConstants.CAMEL_PAHO_MSG_RETAINED, PahoMqtt5Constants.CAMEL_PAHO_MSG_RETAINED,
                        settings.retained(), Boolean.class),
                done);
    }

    private void send(Pending pending) throws Exception {
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

    private static <T> T header(Message in, String name, String otherName, T otherwise, Class<T> type) {
        T value = in.getHeader(name, type);
        return value != null ? value : in.getHeader(otherName, otherwise, type);
    }

    private void keep(Pending pending) {
        if (buffer.offer(pending)) {
            return;
        }
        if (acknowledged) {
            throw new IllegalStateException("the broker at " + endpoint.settings().brokerUrl()
                    + " is unreachable and " + bufferSize + " message(s) already wait for it");
        }
        dropped.incrementAndGet();
        droppedTotal.increment();
    }

    /** Publishes; returns false if the connection was gone. */
    private boolean publish(Pending pending) throws Exception {
        while (true) {
            PahoClient client = connection.client();
            if (acknowledged) {
                unacknowledged.put(pending, client);
            }
            PahoClient.Sent sent;
            try {
                sent = client.publish(pending.topic, pending.payload, pending.qos, pending.retained,
                        acknowledged ? failure -> delivered(pending, failure) : null);
            } catch (Exception e) {
                unacknowledged.remove(pending); // its exchange fails with this, once
                throw e;
            }
            if (sent != PahoClient.Sent.SENT) {
                unacknowledged.remove(pending);
            }
            switch (sent) {
                case SENT:
                    published.increment();
                    return true;
                case NOT_CONNECTED:
                    return false;
                default:
                    // the in-flight window is full: a slow acknowledgement (a busy broker, a burst of a thousand
                    // sensors) is no reason to give up; the wait only paces the loop, which tries again
                    client.awaitOneDelivery(INFLIGHT_WAIT_MILLIS);
            }
        }
    }

    /**
     * The broker acknowledged a message, or refused it for good (an {@link IllegalArgumentException}: dead-lettered),
     * or the client gave up on it (then its exchange fails, and the forward sends it again).
     */
    private void delivered(Pending pending, Throwable failure) {
        unacknowledged.remove(pending);
        if (failure == null || failure instanceof IllegalArgumentException) {
            pending.finish((Exception) failure);
        } else {
            pending.finish(new IOException("the broker did not acknowledge the message: "
                                           + ReconnectingClient.describe(failure), failure));
        }
    }

    @Override
    public void connected(ReconnectingClient connected) {
        // a client that was replaced took what it had in flight with it: those exchanges fail and are sent again
        List<Pending> lost = new ArrayList<>();
        unacknowledged.forEach((pending, client) -> {
            if (client != connected.client()) {
                lost.add(pending);
            }
        });
        lost.forEach(pending -> delivered(pending, new IOException("the connection it was sent on was replaced")));
        // not on Paho's callback thread: publishing from there can deadlock (Paho #310)
        connected.runLater(this::sendBuffered);
    }

    private void sendBuffered() {
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
            LOG.warn("{} message(s) to {} were dropped while the broker was unreachable: the buffer of {} was full",
                    lost, endpoint.getTopic(), bufferSize);
        }
        try {
            for (Pending next = buffer.peek(); next != null && publish(next); next = buffer.peek()) {
                buffer.poll();
            }
        } catch (Exception e) {
            LOG.warn("Sending buffered messages to {} failed: {}; they wait for the next connection",
                    endpoint.getTopic(), ReconnectingClient.describe(e));
        }
    }

    @Override
    public void messageArrived(PahoClient.Arrival arrival) {
        // a publisher subscribes to nothing
    }
}
