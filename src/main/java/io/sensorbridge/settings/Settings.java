package io.sensorbridge.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.sensorbridge.ConfigurationException;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The application's own settings, read once at start-up and checked before anything starts: a value that cannot
 * work stops the application with one line naming the key and the form it must have ({@link ConfigurationException},
 * reported by {@link Keys} for every area). Each area checks its own keys; the rules that span two areas are here. A
 * key that looks like a misspelt one of ours is refused too ({@link MisspeltKeys}).
 */
public final class Settings {

    private static final List<String> ROUTES = List.of("routes.dsl", "routes.yaml.files", "routes.java.files");

    /** routes.dsl: "yaml" or "java". */
    public final String routesDsl;
    public final MqttSettings mqtt;
    public final BrokerSettings broker;
    public final SimulatorSettings simulator;
    public final BridgeSettings bridge;
    public final ForwardSettings forward;
    public final HttpSettings http;

    private Settings(Keys keys) {
        routesDsl = keys.oneOf("routes.dsl", "yaml", "java");
        // mqtt.broker.url's default is built from broker.embedded.port: a bad port is named as the key the user set
        keys.whole("broker.embedded.port", 1, 65_535);
        mqtt = new MqttSettings(keys);
        broker = new BrokerSettings(keys, mqtt);
        simulator = new SimulatorSettings(keys);
        bridge = new BridgeSettings(keys);
        acrossAreas(keys);
        forward = new ForwardSettings(keys);
        http = new HttpSettings(keys);
    }

    /** Reads and checks every setting; throws {@link ConfigurationException} for the first that cannot work. */
    public static Settings check(PropertiesComponent properties) {
        Set<String> keysGiven = new TreeSet<>();
        properties.loadPropertiesAsMap().keySet().forEach(k -> keysGiven.add(k.toString()));
        System.getProperties().keySet().forEach(k -> keysGiven.add(k.toString()));
        MisspeltKeys.refuse(keysGiven, known());
        return new Settings(new Keys(properties));
    }

    /** Every key of ours, retired ones included (they are warned about, not taken for typos). */
    static List<String> known() {
        List<String> known = new ArrayList<>(ROUTES);
        known.addAll(MqttSettings.KEYS);
        known.addAll(BrokerSettings.KEYS);
        known.addAll(SimulatorSettings.KEYS);
        known.addAll(BridgeSettings.KEYS);
        known.addAll(ForwardSettings.KEYS);
        known.addAll(ForwardSettings.RETIRED);
        known.addAll(KafkaSettings.KEYS);
        known.addAll(HttpSettings.KEYS);
        return known;
    }

    /** Topics the chosen MQTT client must be able to send; the simulator's and the bridge's client ids. */
    private void acrossAreas(Keys keys) {
        if (simulator.enabled) {
            keys.sendable("sensor.topic", mqtt.version);
            keys.sendable("simulator.sensor-id", mqtt.version);
        }
        if (bridge.enabled) {
            keys.sendable("bridge.topic", mqtt.version);
            if (!bridge.shareGroup.isEmpty()) {
                keys.sendable("bridge.share-group", mqtt.version);
            }
        }
        if (bridge.enabled && simulator.enabled && mqtt.clientId.equals(keys.text("simulator.client-id"))) {
            throw new ConfigurationException("simulator.client-id", "different from mqtt.client-id (both are '"
                    + mqtt.clientId + "'): a broker disconnects one of two clients with the same id");
        }
    }
}
