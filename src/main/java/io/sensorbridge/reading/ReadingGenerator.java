package io.sensorbridge.reading;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes the simulator's fake readings: the seed's {@code {"temperature": N}} with N uniform in -20..30, plus the
 * sensor id, the simulator run, a sequence number that grows by one per reading from 1 at the start of each run,
 * and the time the reading was taken (ISO-8601, UTC). {@code verify} uses sensor, run and seq to find gaps.
 */
public final class ReadingGenerator {

    public static final int MIN_TEMPERATURE = -20;
    public static final int MAX_TEMPERATURE = 30;

    private final String sensor;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong seq = new AtomicLong();
    private final Random random = new Random();
    private final Clock clock;

    public ReadingGenerator(String sensor, Clock clock) {
        this.sensor = sensor;
        this.clock = clock;
    }

    public Map<String, Object> next() {
        Map<String, Object> reading = new LinkedHashMap<>();
        reading.put("sensor", sensor);
        reading.put("run", run);
        reading.put("seq", seq.incrementAndGet());
        reading.put("temperature", MIN_TEMPERATURE + random.nextInt(MAX_TEMPERATURE - MIN_TEMPERATURE + 1));
        reading.put("time", Instant.now(clock).toString());
        return reading;
    }
}
