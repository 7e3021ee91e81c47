package io.sensorbridge.faults;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Publishes readings {@code seq = first..last} for one run, at QoS 1 with a persistent session, at a bounded rate,
 * on its own thread. A publish returns only once the broker acknowledged it (PUBACK). When the broker goes away,
 * it reconnects with back-off and publishes the same seq again: a duplicate is possible, a gap is not.
 */
final class SequencedPublisher implements AutoCloseable {

    static final String CLIENT_ID = "fault-publisher";

    private static final int MAX_ATTEMPTS_PER_READING = 60;
    private static final long MAX_BACKOFF_MILLIS = 1_000;
    private static final Duration TIME_LIMIT = Duration.ofMinutes(2);

    private final String brokerUrl;
    private final String topic;
    private final String run;
    private final int perSecond;
    private final AtomicInteger acknowledgedUpTo = new AtomicInteger();
    private final AtomicInteger failedPublishes = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean closed;
    private MqttClient client;
    private Thread thread;

    SequencedPublisher(String brokerUrl, String topic, String run, int perSecond) {
        this.brokerUrl = brokerUrl;
        this.topic = topic;
        this.run = run;
        this.perSecond = perSecond;
    }

    /** Starts publishing {@code first..last} in the background; the previous range must be finished. */
    void start(int first, int last) {
        if (thread != null && thread.isAlive()) {
            throw new IllegalStateException("still publishing up to " + acknowledgedUpTo.get());
        }
        thread = new Thread(() -> publishAll(first, last), "publisher-" + run);
        thread.start();
    }

    /** The highest seq the broker has acknowledged, with every lower seq of the range before it. */
    int acknowledgedUpTo() {
        return acknowledgedUpTo.get();
    }

    /** Publishes that failed and were retried: each may have reached the broker, hence possible duplicates. */
    int failedPublishes() {
        return failedPublishes.get();
    }

    /** Waits until the broker acknowledged {@code last}; fails at once if the publisher gave up. */
    void awaitAcknowledged(int last, Duration atMost) {
        await("broker acknowledged seq " + last + " of run " + run)
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (failure.get() != null) {
                        throw new AssertionError("the publisher gave up", failure.get());
                    }
                    return acknowledgedUpTo.get() >= last;
                });
    }

    @Override
    public void close() throws Exception {
        closed = true;
        if (thread != null) {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        if (client != null) {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1_000);
            }
            client.close(true);
        }
    }

    private void publishAll(int first, int last) {
        long next = System.nanoTime();
        long deadline = next + TIME_LIMIT.toNanos();
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        try {
            for (int seq = first; seq <= last && !closed; seq++) {
                LockSupport.parkNanos(next - System.nanoTime());
                publishUntilAcknowledged(seq, deadline);
                acknowledgedUpTo.set(seq);
                // no catching up after an outage: the rate stays bounded
                next = Math.max(next + interval, System.nanoTime());
            }
        } catch (Exception | AssertionError e) {
            failure.set(e);
        }
    }

    /** The payload of reading {@code seq} of {@code run}, exactly as published. */
    static String payload(String run, int seq) {
        return "{\"sensor\":\"fault\",\"run\":\"" + run + "\",\"seq\":" + seq + ",\"temperature\":" + (seq % 50 - 10)
               + "}";
    }

    private void publishUntilAcknowledged(int seq, long deadline) throws MqttException, InterruptedException {
        byte[] payload = payload(run, seq).getBytes(StandardCharsets.UTF_8);
        for (int attempt = 1; ; attempt++) {
            try {
                connected().publish(topic, payload, 1, false);
                return;
            } catch (MqttException e) {
                failedPublishes.incrementAndGet();
                if (closed || attempt >= MAX_ATTEMPTS_PER_READING || System.nanoTime() > deadline) {
                    throw new IllegalStateException("gave up on seq " + seq + " after " + attempt + " attempt(s)", e);
                }
                dropConnection();
                // back-off while the broker is away: there is no condition to await, only time to let pass
                TimeUnit.MILLISECONDS.sleep(Math.min(MAX_BACKOFF_MILLIS, 25L << Math.min(attempt, 6)));
            }
        }
    }

    private MqttClient connected() throws MqttException {
        if (client == null) {
            client = new MqttClient(brokerUrl, CLIENT_ID, new MemoryPersistence());
            client.setTimeToWait(5_000);
        }
        if (!client.isConnected()) {
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(false);
            options.setAutomaticReconnect(false);
            options.setConnectionTimeout(5);
            // one publish at a time, yet with Paho's default of 10 this loop got "Too many publishes in progress"
            // (32202) every second or so: a PUBACKed message's slot is not always free when publish() returns
            options.setMaxInflight(100);
            client.connect(options);
        }
        return client;
    }

    private void dropConnection() {
        try {
            if (client != null && client.isConnected()) {
                client.disconnectForcibly(0, 100);
            }
        } catch (MqttException ignored) {
            // the connection is being thrown away anyway
        }
    }
}
