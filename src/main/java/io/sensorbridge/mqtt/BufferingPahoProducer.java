package io.sensorbridge.mqtt;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sensorbridge.observe.Meters;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.paho.PahoConstants;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.apache.camel.support.DefaultProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code paho:} producer, for both MQTT versions: it never fails a publish because the broker is away. While it
 * is unreachable (also at start-up) messages wait in a bounded buffer and leave, in order, on reconnect. When the
 * buffer is full, new messages are dropped and counted; one warning line gives the count when the connection is
 * back. With {@code rejectWhenFull} they fail instead, so a route that must not lose them (a forward) can retry or
 * dead-letter. (Paho's own disconnected buffer only works with Paho's automatic reconnect, and not before the first
 * connect.) It reads the headers of camel-paho ({@code CamelPahoOverrideTopic}, ...) and of camel-paho-mqtt5
 * ({@code CamelPahoMqtt5OverrideTopic}, ...) alike, so a route written for either runs on both versions.
 */
class BufferingPahoProducer extends DefaultProducer implements ReconnectingClient.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(BufferingPahoProducer.class);
    private static final long INFLIGHT_WAIT_MILLIS = 100;

    /** A message waiting for the broker. */
    private record Pending(String topic, byte[] payload, int qos, boolean retained) {
    }

    private final AtomicLong dropped = new AtomicLong();
    private final int bufferSize;
    private final boolean rejectWhenFull;
    private final BlockingQueue<Pending> buffer;
    private volatile ReconnectingClient connection;
    private Counter published;
    private Counter droppedTotal;

    BufferingPahoProducer(DurableEndpoint endpoint) {
        super(endpoint);
        this.bufferSize = endpoint.options().publishBuffer();
        this.rejectWhenFull = endpoint.options().rejectWhenFull();
        this.buffer = new ArrayBlockingQueue<>(bufferSize);
    }

    @Override
    public DurableEndpoint getEndpoint() {
        return (DurableEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // by client id (the simulator's, the MQTT forward's): a few, named in the settings
        MeterRegistry meters = Meters.of(getEndpoint().getCamelContext());
        String client = getEndpoint().settings().clientId();
        published = Counter.builder("sensorbridge.publisher.published").tag("client", client)
                .description("Messages published (handed to the MQTT client)").register(meters);
        droppedTotal = Counter.builder("sensorbridge.publisher.dropped").tag("client", client)
                .description("Messages dropped because the buffer for an unreachable broker was full").register(meters);
        Gauge.builder("sensorbridge.publisher.buffered", buffer, BlockingQueue::size).tag("client", client)
                .description("Messages waiting for the broker").register(meters);
        connection = getEndpoint().newConnection(this, "publisher", false);
        Gauge.builder("sensorbridge.publisher.in.flight", connection, c -> c.client().inFlight()).tag("client", client)
                .description("Messages sent that the broker has not acknowledged yet").register(meters);
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
        DurableEndpoint endpoint = getEndpoint();
        ClientSettings settings = endpoint.settings();
        Message in = exchange.getMessage();
        Pending pending = new Pending(
                header(in, PahoConstants.CAMEL_PAHO_OVERRIDE_TOPIC, PahoMqtt5Constants.CAMEL_PAHO_OVERRIDE_TOPIC,
                        endpoint.getTopic(), String.class),
                in.getMandatoryBody(byte[].class),
                header(in, PahoConstants.CAMEL_PAHO_MSG_QOS, PahoMqtt5Constants.CAMEL_PAHO_MSG_QOS, settings.qos(),
                        Integer.class),
                header(in, PahoConstants.CAMEL_PAHO_MSG_RETAINED, PahoMqtt5Constants.CAMEL_PAHO_MSG_RETAINED,
                        settings.retained(), Boolean.class));
        // before it is buffered: a message that can never be sent must fail its exchange, not block the buffer
        connection.client().checkSendable(pending.topic());
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
        if (rejectWhenFull) {
            throw new IllegalStateException("the broker at " + getEndpoint().settings().brokerUrl()
                    + " is unreachable and " + bufferSize + " message(s) already wait for it");
        }
        dropped.incrementAndGet();
        droppedTotal.increment();
    }

    /** Publishes; returns false if the connection was gone. */
    private boolean publish(Pending pending) throws Exception {
        while (true) {
            PahoClient client = connection.client();
            switch (client.publish(pending.topic(), pending.payload(), pending.qos(), pending.retained())) {
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
        } catch (Exception e) {
            LOG.warn("Sending buffered messages to {} failed: {}; they wait for the next connection",
                    getEndpoint().getTopic(), ReconnectingClient.describe(e));
        }
    }

    @Override
    public void messageArrived(PahoClient.Arrival arrival) {
        // a publisher subscribes to nothing
    }
}
