package io.sensorbridge.mqtt;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sensorbridge.Meters;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.paho.PahoConstants;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code paho:} consumer, for both MQTT versions: it acknowledges a message only when its exchange has completed,
 * and it does not stall. Compared with the consumers of camel-paho and camel-paho-mqtt5 it:
 * <ul>
 * <li>sets its callback <em>before</em> connecting, so a queued message that arrives at once is not dropped
 * unacknowledged (which stalled restarts with a backlog);</li>
 * <li>connects, reconnects and subscribes asynchronously ({@link ReconnectingClient}), never blocking Paho's
 * callback thread (camel-paho's resubscribe deadlock, Paho #999), and keeps retrying when the broker is down at
 * start-up instead of failing the route;</li>
 * <li>when an exchange fails, reconnects so the broker sends the unacknowledged message again, instead of leaving
 * it to block the broker's in-flight window;</li>
 * <li>on stop, takes no new message, lets in-flight exchanges finish and acknowledge, then disconnects;</li>
 * <li>reconnects after {@code watchdogSeconds} without any message and nothing in flight: MQTT cannot ask a broker
 * whether it holds messages for us, so a silent connection is renewed in case the broker stopped sending.</li>
 * </ul>
 * Acknowledgements are manual only at QoS 1: Paho's manual acknowledgements are broken at QoS 2 (Paho #994).
 * The broker must keep the session: our components default to a persistent one ({@link DurablePahoComponent},
 * {@link DurablePahoMqtt5Component}).
 */
public class DurablePahoConsumer extends DefaultConsumer implements ReconnectingClient.Listener {

    /** Header set to true when the broker marked the message as a redelivery (MQTT DUP flag). */
    public static final String DUPLICATE = "CamelMqttDuplicate";
    /** Header set to true for a retained message. */
    public static final String RETAINED = "CamelMqttRetained";

    private static final Logger LOG = LoggerFactory.getLogger(DurablePahoConsumer.class);
    private static final long STOP_WAIT_MILLIS = 10_000;
    private static final long FIRST_SUBSCRIPTION_WAIT_MILLIS = 10_000;

    private final AtomicInteger inflight = new AtomicInteger();
    private final DurableEndpoint endpoint;
    private final int watchdogSeconds;
    private volatile long lastArrival = System.nanoTime();
    private volatile boolean accepting;
    private volatile boolean subscribed;
    private final CountDownLatch firstSubscription = new CountDownLatch(1);
    private volatile ReconnectingClient connection;
    /** The topic filter, or {@code $share/<group>/<filter>} for a member of a share group. */
    private String subscription;
    private int qos;
    private boolean manualAcks;
    private Counter received;
    private Timer acknowledgeTime;

    DurablePahoConsumer(DurableEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.watchdogSeconds = endpoint.options().watchdogSeconds();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        ClientSettings settings = endpoint.settings();
        subscription = endpoint.options().subscription(endpoint.getTopic());
        qos = settings.qos();
        manualAcks = settings.manualAcksEnabled() && qos == 1;
        if (settings.manualAcksEnabled() && qos == 2) {
            LOG.warn("QoS 2 cannot use manual acknowledgements (Paho #994): messages on {} are acknowledged on"
                     + " receipt, before they are written", subscription);
        }
        MeterRegistry meters = Meters.of(endpoint.getCamelContext());
        received = Counter.builder("sensorbridge.messages.received")
                .description("Messages that arrived on the bridge's subscription (redeliveries included)")
                .register(meters);
        Gauge.builder("sensorbridge.messages.in.flight", inflight, AtomicInteger::get)
                .description("Messages received and not yet written and acknowledged").register(meters);
        Gauge.builder("sensorbridge.mqtt.subscribed", this, consumer -> consumer.isSubscribed() ? 1 : 0)
                .description("1 while the bridge is connected and its subscription confirmed").register(meters);
        acknowledgeTime = Timer.builder("sensorbridge.acknowledge.latency")
                .description("From a message's arrival to its acknowledgement (after its line is written)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(meters);
        connection = endpoint.newConnection(this, "subscriber", manualAcks);
        accepting = true;
        connection.start();
        if (watchdogSeconds > 0) {
            connection.every(watchdogSeconds, this::reconnectIfSilent);
        }
        // routes started after this one (the simulator) publish only once the broker keeps a session for us;
        // a broker that is down does not hold up the start: the connection keeps trying in the background
        if (!firstSubscription.await(FIRST_SUBSCRIPTION_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            LOG.warn("Not subscribed to {} after {} s; starting anyway, still trying", subscription,
                    FIRST_SUBSCRIPTION_WAIT_MILLIS / 1000);
        }
    }

    @Override
    protected void doStop() throws Exception {
        accepting = false;
        subscribed = false;
        if (connection == null) {
            // the application's start failed before this consumer's
            super.doStop();
            return;
        }
        awaitInflight();
        connection.stop();
        LOG.info("Bridge consumer stopped ({} message(s) still in flight are left to the broker)", inflight.get());
        super.doStop();
    }

    /** Whether the consumer is connected and its subscription confirmed: messages can flow. */
    public boolean isSubscribed() {
        ReconnectingClient current = connection;
        return subscribed && current != null && current.client().isConnected();
    }

    @Override
    public void connected(ReconnectingClient connected) {
        subscribed = false;
        connected.client().subscribe(subscription, qos, granted -> {
            subscribed = true;
            firstSubscription.countDown();
            LOG.info("Subscribed to {} (QoS {} granted)", subscription, granted);
        }, cause -> {
            LOG.warn("Subscribing to {} failed: {}", subscription, ReconnectingClient.describe(cause));
            connected.reconnect();
        });
    }

    private void reconnectIfSilent() {
        boolean silent = System.nanoTime() - lastArrival > TimeUnit.SECONDS.toNanos(watchdogSeconds);
        if (silent && inflight.get() == 0 && isSubscribed()) {
            LOG.info("No message on {} for {} s: reconnecting, in case the broker stopped sending (watchdog)",
                    subscription, watchdogSeconds);
            lastArrival = System.nanoTime();
            connection.reconnect();
        }
    }

    @Override
    public void messageArrived(PahoClient.Arrival arrival) {
        lastArrival = System.nanoTime();
        if (!accepting) {
            return; // not acknowledged: the broker sends it again to the next session
        }
        inflight.incrementAndGet();
        received.increment();
        long arrivedAt = System.nanoTime();
        Exchange exchange = createExchange(false);
        Message in = exchange.getMessage();
        in.setBody(arrival.payload());
        // the same header names in camel-paho and camel-paho-mqtt5
        in.setHeader(PahoConstants.MQTT_TOPIC, arrival.topic());
        in.setHeader(PahoConstants.MQTT_QOS, arrival.qos());
        in.setHeader(DUPLICATE, arrival.duplicate());
        in.setHeader(RETAINED, arrival.retained());
        getAsyncProcessor().process(exchange, doneSync -> completed(exchange, arrival, arrivedAt));
    }

    private void completed(Exchange exchange, PahoClient.Arrival arrival, long arrivedAt) {
        try {
            if (exchange.isFailed() || exchange.isRollbackOnly()) {
                LOG.error("Message on {} was not processed ({}); left unacknowledged, reconnecting so the broker"
                          + " sends it again", arrival.topic(), ReconnectingClient.describe(exchange.getException()));
                connection.reconnect();
            } else {
                if (manualAcks) {
                    arrival.from().acknowledge(arrival);
                }
                acknowledgeTime.record(System.nanoTime() - arrivedAt, TimeUnit.NANOSECONDS);
            }
        } catch (Exception e) {
            LOG.warn("Acknowledging message {} on {} failed: {}; the broker will send it again", arrival.id(),
                    arrival.topic(), ReconnectingClient.describe(e));
        } finally {
            releaseExchange(exchange, false);
            if (inflight.decrementAndGet() == 0) {
                synchronized (inflight) {
                    inflight.notifyAll();
                }
            }
        }
    }

    private void awaitInflight() throws InterruptedException {
        long deadline = System.currentTimeMillis() + STOP_WAIT_MILLIS;
        synchronized (inflight) {
            long left;
            while (inflight.get() > 0 && (left = deadline - System.currentTimeMillis()) > 0) {
                inflight.wait(left);
            }
        }
    }
}
