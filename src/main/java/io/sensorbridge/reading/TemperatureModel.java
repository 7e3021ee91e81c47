package io.sensorbridge.reading;

import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import static io.sensorbridge.reading.ReadingGenerator.MAX_TEMPERATURE;
import static io.sensorbridge.reading.ReadingGenerator.MIN_TEMPERATURE;

/** How a simulated sensor's temperature goes from one reading to the next ({@code simulator.model}). */
public enum TemperatureModel {

    /** The seed's: a whole number, uniform in -20..30, each reading on its own. */
    UNIFORM {
        @Override
        public Supplier<Number> temperatures(RandomGenerator random, long periodMillis) {
            return () -> MIN_TEMPERATURE + random.nextInt(MAX_TEMPERATURE - MIN_TEMPERATURE + 1);
        }
    },

    /** A sensor outdoors: see {@link RandomWalk}. */
    WALK {
        @Override
        public Supplier<Number> temperatures(RandomGenerator random, long periodMillis) {
            return new RandomWalk(random, periodMillis);
        }
    };

    /** The temperatures of one sensor that reads every {@code periodMillis}, drawn from its own random stream. */
    public abstract Supplier<Number> temperatures(RandomGenerator random, long periodMillis);
}
