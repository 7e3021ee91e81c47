package io.sensorbridge.files;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sensorbridge.Meters;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code from: linefile:<directory>?position=<name>}: sends every reading written below the directory through the
 * route, as the bridge writes it, and moves its saved position past a reading only once the route is done with it
 * (the target acknowledged it, or it was dead-lettered). See {@link FileFollower} for where it reads and
 * {@link LineFileEndpoint} for the options.
 * <p>
 * One exchange per reading: the line as written in the body (a CSV record turned back into its JSON line), and the
 * headers {@value #TOPIC}, {@value #RECEIVED_AT}, {@value #READING} (the payload as received), {@value #SENSOR} and
 * {@value #POSITION}. With {@code batchSize} above 1 an exchange carries a {@code List<byte[]>} of up to that many
 * lines instead. Up to {@code maxInflight} exchanges are under way at once (an asynchronous producer, such as our MQTT
 * or Kafka ones, completes them as the target acknowledges); the position moves in order all the same.
 * <p>
 * An exchange that fails (its route did not handle the error: a stop, or no error handler) is not passed: once the
 * others under way have finished, everything from the first unacknowledged reading is sent again, after a back-off.
 * A graceful stop reads nothing more, lets what is under way finish (within Camel's shutdown timeout) and saves.
 */
public class LineFileConsumer extends DefaultConsumer {

    public static final String POSITION = "CamelLineFilePosition";
    public static final String TOPIC = "CamelLineFileTopic";
    public static final String RECEIVED_AT = "CamelLineFileReceivedAt";
    public static final String READING = "CamelLineFileReading";
    public static final String SENSOR = "CamelLineFileSensor";
    /** Exchange property a dead-letter step sets: the reading was given up on, not delivered (for the meters). */
    public static final String DEAD_LETTERED = "CamelLineFileDeadLettered";

    private static final Logger LOG = LoggerFactory.getLogger(LineFileConsumer.class);
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MAX_RETRY_MILLIS = 60_000;

    /** An exchange under way and the readings it carries. */
    private record Sent(Exchange exchange, List<ReadingSource.Handed> readings) {
    }

    private final ConcurrentLinkedQueue<Sent> completed = new ConcurrentLinkedQueue<>();
    private ReadingSource source;
    private Thread thread;
    private volatile boolean running;
    private volatile int inFlight;
    private Counter delivered;
    private Counter retried;
    private long retryMillis;
    private long failingSince;
    private int failures;
    private final List<ReadingSource.Handed> batch = new ArrayList<>();
    private long batchStarted;

    LineFileConsumer(LineFileEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public LineFileEndpoint getEndpoint() {
        return (LineFileEndpoint) super.getEndpoint();
    }

    /** The source is made (and its position found) before any route starts, so before the bridge writes a line. */
    @Override
    protected void doInit() throws Exception {
        super.doInit();
        source = getEndpoint().getComponent().sourceFor(getEndpoint());
        MeterRegistry meters = Meters.of(getEndpoint().getCamelContext());
        String name = getEndpoint().getPosition();
        delivered = Counter.builder("sensorbridge.forward.sent").tag("forward", name)
                .description("Readings the forward delivered (its target acknowledged them)").register(meters);
        retried = Counter.builder("sensorbridge.forward.retries").tag("forward", name)
                .description("Attempts the forward made again after a failure").register(meters);
        Gauge.builder("sensorbridge.forward.in.flight", this, consumer -> consumer.inFlight).tag("forward", name)
                .description("Exchanges under way: sent, their target's acknowledgement awaited").register(meters);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        running = true;
        thread = new Thread(this::run, "linefile-" + getEndpoint().getPosition());
        source.onReady(() -> LockSupport.unpark(thread));
        thread.start();
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        if (thread != null) {
            LockSupport.unpark(thread);
            long timeout = getEndpoint().getCamelContext().getShutdownStrategy().getTimeUnit()
                    .toMillis(getEndpoint().getCamelContext().getShutdownStrategy().getTimeout());
            thread.join(Math.max(1_000, timeout));
            if (thread.isAlive()) {
                LOG.warn("Forward {}: {} send(s) still under way at the end of the shutdown timeout: they are sent"
                         + " again at the next start", getEndpoint().getPosition(), inFlight);
                thread.interrupt();
                // what was acknowledged is saved all the same (the thread waits in a send, not in the source)
                source.save(true);
            }
        }
        super.doStop();
    }

    @Override
    protected void doShutdown() throws Exception {
        if (source != null) {
            getEndpoint().getComponent().release(source);
        }
        super.doShutdown();
    }

    /** Whether it has read everything there is to read and its target acknowledged it (the end of a replay). */
    public boolean isDone() {
        return source != null && source.ended() && inFlight == 0 && batch.isEmpty();
    }

    private void run() {
        try {
            source.prepare();
            while (running || inFlight > 0) {
                settle();
                if (failures > 0 && inFlight == 0) {
                    retryAfterFailure();
                    continue;
                }
                source.save(false);
                long wait = running && failures == 0 ? send() : TimeUnit.MILLISECONDS.toNanos(10);
                if (wait > 0 && completed.isEmpty()) {
                    LockSupport.parkNanos(this, Math.min(wait, IDLE_NANOS));
                }
            }
            settle();
            source.save(true);
        } catch (Exception e) {
            if (running) {
                getExceptionHandler().handleException("Forward " + getEndpoint().getPosition()
                                                      + " stopped reading the files", e);
            } else {
                LOG.warn("Forward {}: saving its position at stop failed: {}", getEndpoint().getPosition(),
                        e.getMessage());
            }
        }
    }

    /** Takes in what finished: acknowledged readings move the position; a failure stops sending until it is over. */
    private void settle() {
        for (Sent sent = completed.poll(); sent != null; sent = completed.poll()) {
            inFlight--;
            Exchange exchange = sent.exchange();
            Exception failed = exchange.getException();
            boolean deadLettered = exchange.getProperty(DEAD_LETTERED, false, Boolean.class);
            releaseExchange(exchange, false);
            if (failed != null) {
                if (failures++ == 0 && failingSince == 0) {
                    failingSince = System.currentTimeMillis();
                    LOG.warn("Forward {}: {}; it sends again from its position, with back-off, until it works",
                            getEndpoint().getPosition(), describe(failed));
                }
                continue;
            }
            for (ReadingSource.Handed reading : sent.readings()) {
                source.acknowledged(reading);
            }
            if (!deadLettered) {
                delivered.increment(sent.readings().size());
            }
            if (failingSince != 0 && failures == 0) {
                LOG.info("Forward {} delivers again after {} s", getEndpoint().getPosition(),
                        (System.currentTimeMillis() - failingSince) / 1000);
                failingSince = 0;
                retryMillis = 0;
            }
        }
    }

    private void retryAfterFailure() throws Exception {
        source.rewind();
        batch.clear();
        failures = 0;
        retried.increment();
        retryMillis = retryMillis == 0 ? getEndpoint().getComponent().retryDelay()
                : Math.min(retryMillis * 2, MAX_RETRY_MILLIS);
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(retryMillis);
        for (long left = until - System.nanoTime(); left > 0 && running; left = until - System.nanoTime()) {
            LockSupport.parkNanos(this, left);
        }
    }

    /** Sends what is ready, as far as the window allows; returns how long to wait before trying again. */
    private long send() throws Exception {
        LineFileEndpoint endpoint = getEndpoint();
        int batchSize = endpoint.getBatchSize();
        while (inFlight < endpoint.getMaxInflight() && running) {
            if (batchSize > 1) {
                if (batch.isEmpty()) {
                    batchStarted = System.nanoTime();
                }
                batch.addAll(source.poll(batchSize - batch.size()));
                long linger = TimeUnit.MILLISECONDS.toNanos(endpoint.getBatchMillis())
                              - (System.nanoTime() - batchStarted);
                if (batch.isEmpty() || batch.size() < batchSize && linger > 0 && !source.ended()) {
                    return batch.isEmpty() ? source.nanosUntilReady() : Math.min(linger, source.nanosUntilReady());
                }
                List<ReadingSource.Handed> full = new ArrayList<>(batch);
                batch.clear();
                dispatch(full);
            } else {
                List<ReadingSource.Handed> ready = source.poll(endpoint.getMaxInflight() - inFlight);
                if (ready.isEmpty()) {
                    return source.nanosUntilReady();
                }
                for (ReadingSource.Handed reading : ready) {
                    dispatch(List.of(reading));
                }
            }
        }
        return IDLE_NANOS;
    }

    private void dispatch(List<ReadingSource.Handed> readings) {
        Exchange exchange = createExchange(false);
        Message message = exchange.getMessage();
        message.setHeader(POSITION, getEndpoint().getPosition());
        if (getEndpoint().getBatchSize() > 1) {
            List<byte[]> lines = new ArrayList<>(readings.size());
            readings.forEach(reading -> lines.add(reading.line()));
            message.setBody(lines);
            exchange.setProperty(Exchange.BATCH_SIZE, readings.size());
        } else {
            WrittenReading reading = readings.get(0).reading();
            message.setBody(readings.get(0).line());
            message.setHeader(TOPIC, reading.topic());
            message.setHeader(RECEIVED_AT, reading.receivedAt());
            message.setHeader(READING, reading.reading());
            message.setHeader(SENSOR, reading.sensor());
        }
        inFlight++;
        Sent sent = new Sent(exchange, readings);
        getAsyncProcessor().process(exchange, doneSync -> {
            completed.add(sent);
            if (!doneSync) {
                LockSupport.unpark(thread);
            }
        });
    }

    private static String describe(Exception e) {
        String text = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return text.lines().findFirst().orElse(text);
    }
}
