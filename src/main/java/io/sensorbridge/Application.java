package io.sensorbridge;

import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs sensor-bridge: {@code java -jar sensor-bridge.jar} (or {@code mvn camel:run}). */
public final class Application {

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    private Application() {
    }

    public static void main(String[] args) {
        try {
            new Main().run(args);
        } catch (Exception e) {
            // exit even if the embedded broker's threads were started; an expected failure gets one line
            ConfigurationException bad = ConfigurationException.findIn(e);
            if (bad != null) {
                LOG.error(bad.getMessage());
            } else {
                LOG.error("sensor-bridge could not start", e);
            }
            System.exit(1);
        }
    }
}
