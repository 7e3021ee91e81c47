package io.sensorbridge.reading;

import java.util.random.RandomGenerator;

/**
 * Faults the simulator injects on purpose, for testing a pipeline ({@code simulator.chaos.*}); each rate is the
 * chance, from 0 to 1, per sensor and tick:
 * <ul>
 * <li>malformed: one more message on the sensor's topic that is not a reading (cut short, or a temperature that is
 * not a number), which the bridge puts in its dead-letter files;</li>
 * <li>duplicate: the reading is published twice;</li>
 * <li>drop: the reading is not published; its seq is skipped and named in the sensor's next reading
 * ({@link ReadingGenerator#drop()}).</li>
 * </ul>
 */
public record Chaos(double malformedRate, double duplicateRate, double dropRate) {

    /** What happens to one sensor's reading in one tick. */
    record Faults(boolean malformed, boolean duplicate, boolean drop) {
    }

    /** Always draws all three, so a sensor's faults in a tick do not depend on what happened before. */
    Faults draw(RandomGenerator random) {
        boolean malformed = random.nextDouble() < malformedRate;
        boolean duplicate = random.nextDouble() < duplicateRate;
        boolean drop = random.nextDouble() < dropRate;
        return new Faults(malformed, duplicate, drop);
    }

    static String malformedPayload(String sensor, RandomGenerator random) {
        return random.nextBoolean()
                ? "{\"sensor\":\"" + sensor + "\",\"temperature\":"
                : "{\"sensor\":\"" + sensor + "\",\"temperature\":\"n/a\"}";
    }

    @Override
    public String toString() {
        return "malformed " + malformedRate + ", duplicate " + duplicateRate + ", drop " + dropRate;
    }
}
