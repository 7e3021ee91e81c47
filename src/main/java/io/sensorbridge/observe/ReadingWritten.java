package io.sensorbridge.observe;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The bridge route's step after its line is in the file: counts the reading as written and hands the line to the
 * live page. It runs only once the write completed, so neither ever shows a reading that could still be lost.
 */
public final class ReadingWritten implements Processor {

    private final Counter written;
    private final AtomicLong lastMillis = new AtomicLong();
    private final LiveFeed feed;

    public ReadingWritten(MeterRegistry meters, LiveFeed feed) {
        this.feed = feed;
        this.written = Counter.builder("sensorbridge.readings.written")
                .description("Readings written to the files").register(meters);
        Gauge.builder("sensorbridge.last.reading.timestamp", lastMillis, last -> last.get() / 1000.0)
                .baseUnit("seconds").description("When the last reading written was received (Unix time)")
                .register(meters);
    }

    @Override
    public void process(Exchange exchange) {
        written.increment();
        lastMillis.set(exchange.getClock().getCreated());
        feed.append(exchange.getMessage().getBody(byte[].class));
    }
}
