package io.sensorbridge.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The fat jar the {@code package} phase built, run the way a user runs it: {@code java -jar sensor-bridge.jar}. */
final class BridgeJar {

    private static final Path JAR = Path.of(System.getProperty("basedir", "."), "target", "sensor-bridge.jar")
            .toAbsolutePath();

    private BridgeJar() {
    }

    static List<String> command(String... args) {
        assertTrue(Files.isRegularFile(JAR), () -> JAR + " is missing: run the tests with mvn verify");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return command;
    }
}
