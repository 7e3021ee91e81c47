package io.sensorbridge.reading;

import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import static io.sensorbridge.reading.ReadingGenerator.MAX_TEMPERATURE;
import static io.sensorbridge.reading.ReadingGenerator.MIN_TEMPERATURE;

/**
 * The temperatures of a sensor outdoors: a slow random walk (the weather), a daily cycle, and noise (the probe),
 * kept within -20..30 and given to one decimal. For the k-th reading (k = 1, 2, ...), with Z a standard normal draw:
 * <pre>
 *   level(k) = clamp(level(k-1) + 0.2 Z, -12, 22)        level(0) uniform in 0..15
 *   value(k) = clamp(level(k) + 8 sin(2 pi (k-1) period / 24 h + phase) + 0.3 Z', -20, 30)
 * </pre>
 * with the phase uniform per sensor. The day runs from the sensor's first reading (k x period), not from the wall
 * clock, so a run with the same seed repeats exactly whenever it is started.
 */
final class RandomWalk implements Supplier<Number> {

    private static final double DAILY_AMPLITUDE = 8;
    private static final double STEP = 0.2;
    private static final double NOISE = 0.3;
    private static final double DAY_MILLIS = 24 * 3600 * 1000.0;

    private final RandomGenerator random;
    private final double radiansPerReading;
    private final double phase;
    private double level;
    private long readings;

    RandomWalk(RandomGenerator random, long periodMillis) {
        this.random = random;
        this.radiansPerReading = 2 * Math.PI * periodMillis / DAY_MILLIS;
        this.level = random.nextDouble(0, 15);
        this.phase = random.nextDouble(0, 2 * Math.PI);
    }

    @Override
    public Number get() {
        level = clamp(level + STEP * random.nextGaussian(), MIN_TEMPERATURE + DAILY_AMPLITUDE,
                MAX_TEMPERATURE - DAILY_AMPLITUDE);
        double daily = DAILY_AMPLITUDE * Math.sin(radiansPerReading * readings++ + phase);
        double value = clamp(level + daily + NOISE * random.nextGaussian(), MIN_TEMPERATURE, MAX_TEMPERATURE);
        return Math.round(value * 10) / 10.0;
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }
}
