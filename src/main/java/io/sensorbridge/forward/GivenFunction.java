package io.sensorbridge.forward;

import java.util.Arrays;

import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.PropertiesFunction;

/**
 * The placeholder function {@code {{given:key}}}: {@code true} when the key has a value that is not blank, else
 * {@code false}. It lets one key switch a forward on: {@code autoStartup: "{{given:forward.http.url}}"} starts the
 * HTTP forward only once its URL is set, with no separate {@code enabled} key to forget; the bridge skips the hop to
 * the forwards when none of their URLs is set ({@code {{given:forward.mqtt.url,forward.http.url,...}}}).
 */
public final class GivenFunction implements PropertiesFunction {

    private final PropertiesComponent properties;

    public GivenFunction(PropertiesComponent properties) {
        this.properties = properties;
    }

    @Override
    public String getName() {
        return "given";
    }

    /** {@code key} or {@code key1,key2,...}: true when any of them has a value. */
    @Override
    public String apply(String keys) {
        return String.valueOf(Arrays.stream(keys.split(",")).map(String::strip)
                .anyMatch(key -> properties.resolveProperty(key).filter(value -> !value.isBlank()).isPresent()));
    }
}
