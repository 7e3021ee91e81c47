package io.sensorbridge;

import java.util.List;

import io.sensorbridge.replay.ReplayCommand;
import io.sensorbridge.verify.ReadingsVerifier;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs sensor-bridge: {@code java -jar sensor-bridge.jar} (or {@code mvn compile camel:run});
 * {@code java -jar sensor-bridge.jar verify <dir>} checks the files for gaps instead, and
 * {@code java -jar sensor-bridge.jar replay <dir> [options]} sends what they hold again (docs/replay.md).
 */
public final class Application {

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    private Application() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("verify")) {
            System.exit(ReadingsVerifier.run(List.of(args).subList(1, args.length), System.out));
        }
        if (args.length > 0 && args[0].equals("replay")) {
            System.exit(ReplayCommand.run(List.of(args).subList(1, args.length), System.out));
        }
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
