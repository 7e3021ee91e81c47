package io.sensorbridge.forward;

import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.PropertiesFunction;

/**
 * The placeholder function {@code {{given:key}}}: {@code true} when the key has a value that is not blank, else
 * {@code false}. It lets one key switch a forward on: {@code autoStartup: "{{given:forward.http.url}}"} starts the
 * HTTP forward only once its URL is set, with no separate {@code enabled} key to forget.
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

    @Override
    public String apply(String key) {
        return String.valueOf(properties.resolveProperty(key).filter(value -> !value.isBlank()).isPresent());
    }
}
