package io.sensorbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every key of application.properties (ours, not camel.*) is named in the README and in the configuration page. */
class DocumentedSettingsTest {

    private static final Pattern KEY = Pattern.compile("(?m)^([a-z][\\w.-]*)\\s*=");

    @ParameterizedTest
    @ValueSource(strings = {"README.md", "docs/configuration.md"})
    void should_name_every_setting(String page) throws IOException {
        String text = Files.readString(Path.of(page));

        List<String> missing = keys().stream().filter(key -> !text.contains("`" + key + "`")).toList();

        assertEquals(List.of(), missing, page + " does not name these keys of application.properties");
    }

    private static List<String> keys() throws IOException {
        Matcher keys = KEY.matcher(Files.readString(Path.of("application.properties")));
        return keys.results().map(match -> match.group(1)).filter(key -> !key.startsWith("camel.")).toList();
    }
}
