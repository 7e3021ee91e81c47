package io.sensorbridge.reading;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Makes one simulated sensor's readings: the seed's {@code {"temperature": N}}, plus the sensor id, the simulator
 * run, a sequence number that grows by one per reading from 1 at the start of each run, and the time the reading
 * was taken (ISO-8601, UTC). {@code verify} uses sensor, run and seq to find gaps.
 * <p>
 * A reading {@linkplain #drop() dropped} on purpose still uses up its seq (and its temperature, so a seeded run's
 * values do not depend on the chaos settings); the next reading names the seqs dropped since the previous one in
 * {@code "dropped": [...]}, so {@code verify} can tell them from readings lost on the way.
 */
public final class ReadingGenerator {

    public static final int MIN_TEMPERATURE = -20;
    public static final int MAX_TEMPERATURE = 30;

    private final String sensor;
    private final String run;
    private final Supplier<Number> temperatures;
    private final Clock clock;
    private final List<Long> dropped = new ArrayList<>();
    private long seq;

    public ReadingGenerator(String sensor, String run, Supplier<Number> temperatures, Clock clock) {
        this.sensor = sensor;
        this.run = run;
        this.temperatures = temperatures;
        this.clock = clock;
    }

    public Map<String, Object> next() {
        Map<String, Object> reading = new LinkedHashMap<>();
        reading.put("sensor", sensor);
        reading.put("run", run);
        reading.put("seq", ++seq);
        reading.put("temperature", temperatures.get());
        reading.put("time", Instant.now(clock).toString());
        if (!dropped.isEmpty()) {
            reading.put("dropped", List.copyOf(dropped));
            dropped.clear();
        }
        return reading;
    }

    /** Takes the next reading and throws it away, to be named in the next reading's {@code dropped}. */
    public void drop() {
        temperatures.get();
        dropped.add(++seq);
    }

    public String sensor() {
        return sensor;
    }
}
