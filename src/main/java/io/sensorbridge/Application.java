package io.sensorbridge;

import java.io.PrintStream;
import java.util.List;

import io.sensorbridge.replay.ReplayCommand;
import io.sensorbridge.verify.ReadingsVerifier;
import org.apache.camel.main.Main;
import org.apache.camel.main.SimpleMainShutdownStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs sensor-bridge: {@code java -jar sensor-bridge.jar} (or {@code run}, or {@code mvn compile camel:run}) runs
 * the simulator, the bridge and the embedded broker; {@code verify <dir>} checks the files for gaps instead,
 * {@code replay <dir> [options]} sends what they hold again (docs/replay.md), {@code help} says all this.
 * <p>
 * Exit codes: 0 done (or help), 1 the start failed or the command found a problem, 2 bad usage (an unknown command
 * or option: one line naming it), 130 and 143 after a graceful stop by Ctrl-C or SIGTERM.
 */
public final class Application {

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    static final String HELP = """
            sensor-bridge: an MQTT sensor simulator and an MQTT-to-files bridge, with an embedded MQTT broker
            (Apache Camel 4.17, HiveMQ CE). Each reading the bridge receives is checked and appended as one JSON line
            to a file per topic and UTC day; the broker is acknowledged only once the line is written.

            Usage: bin/sensor-bridge [COMMAND]   (or java -jar target/sensor-bridge.jar [COMMAND])
              run              the default: simulator + bridge + embedded broker on 127.0.0.1:1883, the live page on
                               http://127.0.0.1:8080/; Ctrl-C stops it, losing nothing
              verify DIR       checks the files the bridge wrote below DIR for gaps (exit 0: none, 1: a gap)
              replay DIR ...   sends the readings below DIR again to an MQTT broker or an HTTP webhook
                               (replay --help lists its options)
              help             this text (also --help, -h)

            Settings are keys of application.properties, given as environment variables (bridge.output.dir is
            BRIDGE_OUTPUT_DIR) or as java -Dkey=value -jar ...; the most used, with their defaults:
              mqtt.broker.url          the broker to use (tcp://127.0.0.1:1883, the embedded broker's)
              broker.embedded.enabled  start the embedded broker (true; false when mqtt.broker.url is your own)
              broker.embedded.port     its port (1883)
              mqtt.version             3.1.1 or 5 (3.1.1)
              sensor.topic             the topic the simulator publishes to (sensors/temperature)
              bridge.topic             the topic filter the bridge subscribes to, + and # allowed (sensor.topic's)
              bridge.output.dir        where the readings go: <dir>/<topic>/<yyyy-MM-dd>.jsonl (data/readings)
              simulator.enabled        run the simulator (true); simulator.period: ms between readings (1000)
              bridge.log-level         the line logged per reading: INFO, DEBUG, OFF (INFO)
              http.port                the live page, /observe/health and /observe/metrics on 127.0.0.1 (8080)
            Every key with its default and meaning: docs/configuration.md. How to run and test it: README.md,
            docs/running.md.""";

    private Application() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out));
    }

    /** Runs the command {@code args} name; returns the exit code. */
    static int run(List<String> args, PrintStream out) {
        String command = args.isEmpty() ? "run" : args.get(0);
        List<String> rest = args.isEmpty() ? args : args.subList(1, args.size());
        switch (command) {
            case "verify":
                return ReadingsVerifier.run(rest, out);
            case "replay":
                return ReplayCommand.run(rest, out);
            case "help", "--help", "-h":
                out.println(HELP);
                return 0;
            case "run":
                if (rest.isEmpty()) {
                    return runBridge();
                }
                if (isHelp(rest.get(0))) {
                    out.println(HELP);
                    return 0;
                }
                out.println("sensor-bridge: run takes no arguments, not '" + rest.get(0) + "': settings are"
                            + " environment variables or -Dkey=value (sensor-bridge --help)");
                return 2;
            default:
                out.println(unknown(command));
                return 2;
        }
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h") || arg.equals("help");
    }

    private static String unknown(String arg) {
        if (arg.startsWith("-D")) {
            return "sensor-bridge: unknown option " + arg + ": a -Dkey=value setting goes before -jar"
                   + " (java -Dkey=value -jar ...), or give it as an environment variable";
        }
        return "sensor-bridge: unknown " + (arg.startsWith("-") ? "option " : "command ") + arg
               + " (sensor-bridge --help lists the commands: run, verify, replay, help)";
    }

    /** The simulator, the bridge and the embedded broker, until Ctrl-C or SIGTERM. */
    private static int runBridge() {
        Main main = new Main();
        // Camel's default strategy hooks the JVM's end and can only say "SIGTERM", whatever ended it (a Ctrl-C, or the
        // exit after a failed start); its disableHangupSupport() does not stop the hook being installed in 4.17. The
        // plain strategy has no hook: the signals are GracefulStop's, with a hook of its own for any other end
        main.setShutdownStrategy(new SimpleMainShutdownStrategy());
        GracefulStop stop = GracefulStop.install(main);
        try {
            main.run();
        } catch (Exception e) {
            stop.ended();
            // an expected failure gets one line; the exit ends the embedded broker's threads if they started
            ConfigurationException bad = ConfigurationException.findIn(e);
            if (bad != null) {
                LOG.error(bad.getMessage());
            } else {
                LOG.error("sensor-bridge could not start", e);
            }
            return 1;
        }
        stop.ended();
        return stop.exitCode();
    }
}
