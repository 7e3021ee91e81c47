package io.sensorbridge.settings;

import java.util.List;
import java.util.OptionalLong;

/** The simulated sensors: {@code simulator.*} and {@code sensor.topic}. */
public final class SimulatorSettings {

    static final List<String> KEYS = List.of("simulator.enabled", "simulator.period", "sensor.topic",
            "simulator.sensor-id", "simulator.client-id", "simulator.buffer", "simulator.log-level",
            "simulator.sensors", "simulator.model", "simulator.seed", "simulator.chaos.malformed-rate",
            "simulator.chaos.duplicate-rate", "simulator.chaos.drop-rate");

    public final boolean enabled;
    public final long period;
    public final String sensorTopic;
    public final String sensorId;
    public final int sensors;
    /** simulator.model: "uniform" or "walk". */
    public final String model;
    /** Empty for a random seed. */
    public final OptionalLong seed;
    public final double malformedRate;
    public final double duplicateRate;
    public final double dropRate;
    /** How many readings the simulator's client holds while the broker is away. */
    public final int buffer;

    SimulatorSettings(Keys keys) {
        enabled = keys.bool("simulator.enabled");
        period = keys.whole("simulator.period", 1, Long.MAX_VALUE);
        sensorTopic = keys.topic("sensor.topic", false);
        sensorId = keys.text("simulator.sensor-id");
        if (sensorId.matches(".*[/+#].*")) {
            throw Keys.bad("simulator.sensor-id", "a sensor id without /, + or # (it may stand in the topic)",
                    sensorId);
        }
        sensors = (int) keys.whole("simulator.sensors", 1, 100_000);
        model = keys.oneOf("simulator.model", "uniform", "walk");
        seed = keys.optionalWhole("simulator.seed", "a random seed");
        malformedRate = keys.fraction("simulator.chaos.malformed-rate");
        duplicateRate = keys.fraction("simulator.chaos.duplicate-rate");
        dropRate = keys.fraction("simulator.chaos.drop-rate");
        buffer = (int) keys.whole("simulator.buffer", 1, Integer.MAX_VALUE);
        keys.logLevel("simulator.log-level");
    }
}
