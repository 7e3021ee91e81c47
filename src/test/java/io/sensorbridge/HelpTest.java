package io.sensorbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a newcomer types first: help says what the application is, its commands and settings, and exits 0; a command
 * or option it does not know is one line naming it, exit 2. Nothing here starts the bridge.
 */
class HelpTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--help", "-h", "help", "run --help"})
    void should_print_what_it_is_the_commands_and_the_settings(String args) {
        Printed printed = run(args);

        assertEquals(0, printed.code, printed.text);
        assertTrue(printed.text.startsWith("sensor-bridge: an MQTT sensor simulator and an MQTT-to-files bridge"),
                printed.text);
        for (String said : List.of("  run ", "  verify DIR", "  replay DIR", "  help ", "docs/configuration.md",
                "BRIDGE_OUTPUT_DIR", "-Dkey=value")) {
            assertTrue(printed.text.contains(said), "help names " + said + ":\n" + printed.text);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            verify --help | usage: verify <directory
            verify -h     | usage: verify <directory
            replay --help | usage: replay <dir> [--from T]
            replay -h     | usage: replay <dir> [--from T]
            """)
    void should_print_a_command_usage_and_exit_0(String args, String usage) {
        Printed printed = run(args);

        assertEquals(0, printed.code, printed.text);
        assertTrue(printed.text.startsWith(usage), printed.text);
        assertTrue(printed.text.contains("Exit code: 0"), "says what its exit codes mean:\n" + printed.text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            frobnicate             | sensor-bridge: unknown command frobnicate (sensor-bridge --help lists the commands
            --frobnicate           | sensor-bridge: unknown option --frobnicate (sensor-bridge --help lists the commands
            -Dbridge.topic=x       | sensor-bridge: unknown option -Dbridge.topic=x: a -Dkey=value setting goes before -jar
            run now                | sensor-bridge: run takes no arguments, not 'now'
            verify --frobnicate d  | verify: unknown option --frobnicate; usage: verify <directory
            verify                 | usage: verify <directory
            replay d --frobnicate  | replay: unknown option --frobnicate; usage: replay <dir>
            replay d -x            | replay: unknown option -x; usage: replay <dir>
            """)
    void should_name_what_it_does_not_know_in_one_line_and_exit_2(String args, String line) {
        Printed printed = run(args);

        assertEquals(2, printed.code, printed.text);
        assertTrue(printed.text.startsWith(line), printed.text);
        assertEquals(1, printed.text.lines().count(), "one line:\n" + printed.text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqtt.broker.url", "broker.embedded.enabled", "broker.embedded.port", "mqtt.version",
            "sensor.topic", "bridge.topic", "bridge.output.dir", "simulator.enabled", "simulator.period",
            "bridge.log-level", "http.port"})
    void should_name_keys_of_application_properties_with_their_defaults(String key) throws IOException {
        String line = Application.HELP.lines().filter(l -> l.strip().startsWith(key + " ")).findFirst()
                .orElseGet(() -> Application.HELP.lines().filter(l -> l.contains(" " + key + ":")).findFirst()
                        .orElseThrow());
        Matcher setting = Pattern.compile("(?m)^" + Pattern.quote(key) + "\\s*=\\s*(.*)$")
                .matcher(Files.readString(Path.of("application.properties")));

        assertTrue(setting.find(), key + " is a key of application.properties");
        String value = setting.group(1).strip();
        if (!value.contains("{{")) {
            assertTrue(line.contains("(" + value + ")") || line.contains("(" + value + ";"),
                    "help gives " + key + "'s default " + value + ": " + line);
        }
    }

    private static Printed run(String args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Application.run(List.of(args.split(" ")), new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Printed(code, out.toString(StandardCharsets.UTF_8));
    }

    private record Printed(int code, String text) {
    }
}
