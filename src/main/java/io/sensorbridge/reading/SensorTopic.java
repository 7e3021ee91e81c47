package io.sensorbridge.reading;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.PropertiesFunction;

/**
 * {@code sensor.topic}, which may name the sensor: {@code {sensor}} in it stands for each simulated sensor's id
 * ({@code sensors/{sensor}/temperature} -> {@code sensors/sim-7/temperature}).
 * <p>
 * Also the property function {@code {{topic-filter:key}}}: the MQTT filter matching the topics of every sensor of
 * the template in {@code key}, each level that names the sensor becoming {@code +}. application.properties sets
 * {@code bridge.topic = {{topic-filter:sensor.topic}}}, so the bridge hears every simulated sensor by default.
 */
public final class SensorTopic implements PropertiesFunction {

    public static final String SENSOR = "{sensor}";

    private final PropertiesComponent properties;

    public SensorTopic(PropertiesComponent properties) {
        this.properties = properties;
    }

    public static String of(String template, String sensor) {
        return template.replace(SENSOR, sensor);
    }

    public static String filter(String template) {
        return Arrays.stream(template.split("/", -1))
                .map(level -> level.contains(SENSOR) ? "+" : level)
                .collect(Collectors.joining("/"));
    }

    @Override
    public String getName() {
        return "topic-filter";
    }

    @Override
    public String apply(String key) {
        return filter(properties.resolveProperty(key).orElse(""));
    }
}
