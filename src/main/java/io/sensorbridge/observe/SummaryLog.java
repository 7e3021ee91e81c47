package io.sensorbridge.observe;

import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line every {@code bridge.log-summary-seconds} for the person at the terminal, read from the meters:
 * <pre>
 * last 60 s: 600 readings written (10.0/s), 0 dead letters, 0 in flight, acknowledged in 2.1 ms on average;
 *   12,345 written since start
 * </pre>
 */
public final class SummaryLog extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger("bridge");

    private final CamelContext context;
    private final MeterRegistry meters;
    private final int seconds;
    private ScheduledExecutorService scheduler;
    private double lastWritten;
    private double lastDeadLetters;
    private long lastAcknowledged;
    private double lastAcknowledgeSeconds;

    public SummaryLog(CamelContext context, MeterRegistry meters, int seconds) {
        this.context = context;
        this.meters = meters;
        this.seconds = seconds;
    }

    @Override
    protected void doStart() {
        scheduler = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "summary-log");
        scheduler.scheduleAtFixedRate(this::log, seconds, seconds, TimeUnit.SECONDS);
    }

    @Override
    protected void doStop() {
        // stopped without a start when the application's start failed before this service's
        if (scheduler != null) {
            context.getExecutorServiceManager().shutdownNow(scheduler);
        }
    }

    private void log() {
        double written = sum("sensorbridge.readings.written");
        double deadLetters = sum("sensorbridge.dead.letters");
        Gauge inFlight = meters.find("sensorbridge.messages.in.flight").gauge();
        Timer acknowledge = meters.find("sensorbridge.acknowledge.latency").timer();
        long acknowledged = acknowledge == null ? 0 : acknowledge.count();
        double acknowledgeSeconds = acknowledge == null ? 0 : acknowledge.totalTime(TimeUnit.SECONDS);
        String latency = acknowledged > lastAcknowledged
                ? String.format(Locale.ROOT, ", acknowledged in %.1f ms on average",
                        (acknowledgeSeconds - lastAcknowledgeSeconds) * 1000 / (acknowledged - lastAcknowledged))
                : "";
        LOG.info(String.format(Locale.ROOT,
                "last %d s: %,d readings written (%.1f/s), %,d dead letters, %d in flight%s; %,d written since start",
                seconds, (long) (written - lastWritten), (written - lastWritten) / seconds,
                (long) (deadLetters - lastDeadLetters), inFlight == null ? 0 : (long) inFlight.value(), latency,
                (long) written));
        lastWritten = written;
        lastDeadLetters = deadLetters;
        lastAcknowledged = acknowledged;
        lastAcknowledgeSeconds = acknowledgeSeconds;
    }

    private double sum(String name) {
        return meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }
}
