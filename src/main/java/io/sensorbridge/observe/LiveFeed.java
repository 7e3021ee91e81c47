package io.sensorbridge.observe;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * The live page's stream of written readings, as Server-Sent Events ({@code GET /live/events}).
 * <p>
 * The bridge only {@link #append}s each written line to a ring buffer of the last {@code capacity} lines: that is
 * all the feed costs a reading. Each browser has its own timer on the HTTP server's event loop that sends it what
 * was appended since its last turn, four times a second, and once a second the counters ({@code event: stats}). A
 * browser that opens the page gets the whole buffer (the chart's first paint); one that reconnects with
 * {@code Last-Event-ID} gets what it missed, if the buffer still holds it. Nothing waits for a browser: past
 * {@value #MAX_EVENTS_PER_PUSH} readings a turn the older ones are skipped (and counted), and a browser that does
 * not take what it was sent is disconnected (and counted). At most {@code maxClients} browsers at once.
 */
public final class LiveFeed {

    static final long PUSH_MILLIS = 250;
    static final int MAX_EVENTS_PER_PUSH = 500;
    private static final int WRITE_QUEUE_BYTES = 8 * 1024 * 1024;
    private static final int STATS_EVERY = 4;

    private final byte[][] ring;
    private long next; // guarded by this: the sequence number (event id) of the next line appended
    private final int maxClients;
    private final AtomicInteger clients = new AtomicInteger();
    private final MeterRegistry meters;
    private final Counter skippedEvents;
    private final Counter droppedClients;

    public LiveFeed(int capacity, int maxClients, MeterRegistry meters) {
        this.ring = new byte[capacity][];
        this.maxClients = maxClients;
        this.meters = meters;
        Gauge.builder("sensorbridge.live.clients", clients, AtomicInteger::get)
                .description("Browsers connected to the live page").register(meters);
        skippedEvents = Counter.builder("sensorbridge.live.events.skipped")
                .description("Readings not sent to a browser because more arrived than the page is sent").register(meters);
        droppedClients = Counter.builder("sensorbridge.live.clients.dropped")
                .description("Browsers disconnected because they did not take what they were sent").register(meters);
    }

    /** Called by the bridge with each line once it is written. */
    public synchronized void append(byte[] line) {
        ring[(int) (next % ring.length)] = line;
        next++;
    }

    /** The handler of {@code GET /live/events}. */
    public void serve(RoutingContext context) {
        HttpServerResponse response = context.response();
        if (clients.incrementAndGet() > maxClients) {
            clients.decrementAndGet();
            response.setStatusCode(503).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("The live page serves " + maxClients + " browsers at once (http.live.max-clients)\n");
            return;
        }
        response.setChunked(true)
                .setWriteQueueMaxSize(WRITE_QUEUE_BYTES)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .write("retry: 2000\n\n");
        Client client = new Client(response, startAfter(context.request().getHeader("Last-Event-ID")));
        long timer = context.vertx().setPeriodic(PUSH_MILLIS, tick -> client.push());
        client.push();
        response.closeHandler(closed -> {
            context.vertx().cancelTimer(timer);
            client.close();
        });
    }

    /** Where a browser starts: after the event it last saw, if the buffer still holds what follows; else the buffer. */
    private synchronized long startAfter(String lastEventId) {
        long oldest = Math.max(0, next - ring.length);
        if (lastEventId != null) {
            try {
                long seen = Long.parseLong(lastEventId.strip());
                if (seen >= oldest - 1 && seen < next) {
                    return seen + 1;
                }
            } catch (NumberFormatException ignored) {
                // a browser sends back only ids we gave it; anything else starts from the buffer
            }
        }
        return oldest;
    }

    /** The lines from {@code from} (or the oldest held) up to now, and the sequence number after them. */
    private synchronized Slice since(long from, int max) {
        long start = Math.max(from, Math.max(0, next - ring.length));
        if (next - start > max) {
            start = next - max;
        }
        byte[][] lines = new byte[(int) (next - start)][];
        for (long seq = start; seq < next; seq++) {
            lines[(int) (seq - start)] = ring[(int) (seq % ring.length)];
        }
        return new Slice(start, next, lines);
    }

    private record Slice(long start, long end, byte[][] lines) {
    }

    private String stats(long skipped) {
        return "{\"written\":" + count("sensorbridge.readings.written")
               + ",\"received\":" + count("sensorbridge.messages.received")
               + ",\"deadLetters\":" + count("sensorbridge.dead.letters")
               + ",\"inFlight\":" + (long) gauge("sensorbridge.messages.in.flight")
               + ",\"subscribed\":" + (gauge("sensorbridge.mqtt.subscribed") == 1)
               + ",\"clients\":" + clients.get()
               + ",\"skipped\":" + skipped
               + ",\"forwards\":" + forwards() + "}";
    }

    /** Each forward's lag, from its gauges: [{"name":"http","readings":12,"seconds":3}]. */
    private String forwards() {
        StringBuilder out = new StringBuilder("[");
        for (Gauge readings : meters.find("sensorbridge.forward.lag.readings").gauges()) {
            String name = readings.getId().getTag("forward");
            Gauge seconds = meters.find("sensorbridge.forward.lag.seconds").tag("forward", name).gauge();
            out.append(out.length() > 1 ? "," : "").append("{\"name\":\"").append(name.replaceAll("[^A-Za-z0-9_-]", ""))
                    .append("\",\"readings\":").append((long) readings.value())
                    .append(",\"seconds\":").append(seconds == null ? 0 : (long) seconds.value()).append('}');
        }
        return out.append(']').toString();
    }

    private long count(String name) {
        Collection<Counter> counters = meters.find(name).counters();
        return (long) counters.stream().mapToDouble(Counter::count).sum();
    }

    private double gauge(String name) {
        Gauge gauge = meters.find(name).gauge();
        return gauge == null ? 0 : gauge.value();
    }

    /** One browser: what it has been sent so far. Used on its own event loop only. */
    private final class Client {
        private final HttpServerResponse response;
        private long position;
        private long skipped;
        private int turns;
        private boolean closed;

        Client(HttpServerResponse response, long position) {
            this.response = response;
            this.position = position;
        }

        void push() {
            if (closed) {
                return;
            }
            if (response.writeQueueFull()) {
                droppedClients.increment();
                response.reset();
                close();
                return;
            }
            // the first turn sends the whole buffer (the chart's first paint); later ones at most a turn's worth
            Slice slice = since(position, turns == 0 ? ring.length : MAX_EVENTS_PER_PUSH);
            if (slice.start() > position) {
                skipped += slice.start() - position;
                skippedEvents.increment(slice.start() - position);
            }
            position = slice.end();
            Buffer out = Buffer.buffer();
            long id = slice.start();
            for (byte[] line : slice.lines()) {
                out.appendString("id: ").appendString(Long.toString(id++)).appendString("\ndata: ")
                        .appendBytes(line).appendString("\n\n");
            }
            if (turns++ % STATS_EVERY == 0) {
                out.appendString("event: stats\ndata: ").appendString(stats(skipped)).appendString("\n\n");
            }
            if (out.length() > 0) {
                response.write(out);
            }
        }

        void close() {
            if (!closed) {
                closed = true;
                clients.decrementAndGet();
            }
        }
    }
}
