package io.sensorbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The examples in deploy/ are checked by the tools that exist here: the systemd unit by {@code systemd-analyze verify}
 * (in a throwaway root that holds it, its environment file and the launcher), the Kubernetes manifest parsed as YAML
 * and read for what a member needs; every setting either gives is one of application.properties' keys.
 */
class DeployFilesTest {

    private static final Path UNIT = Path.of("deploy/systemd/sensor-bridge@.service");
    private static final Path ENVIRONMENT = Path.of("deploy/systemd/sensor-bridge.env.example");
    private static final Path KUBERNETES = Path.of("deploy/kubernetes/sensor-bridge.yaml");

    @TempDir
    Path root;

    @Test
    void should_pass_systemd_analyze_verify_without_a_single_complaint() throws Exception {
        assertEquals(List.of(), verified(Files.readString(UNIT)));
    }

    @Test
    void should_hear_systemd_analyze_complain_of_a_misspelt_directive() throws Exception {
        // the check above can fail: verify names the line of a directive it does not know
        List<String> complaints = verified(Files.readString(UNIT).replace("Restart=always", "Restartz=always"));

        assertTrue(complaints.stream().anyMatch(line -> line.contains("Unknown key 'Restartz'")), complaints.toString());
    }

    @Test
    void should_give_only_known_settings_in_the_environment_file() throws Exception {
        Set<String> given = Files.readAllLines(ENVIRONMENT).stream().filter(line -> line.matches("[A-Z_]+=.*"))
                .map(line -> line.substring(0, line.indexOf('='))).collect(Collectors.toSet());

        assertTrue(given.contains("BRIDGE_SHARE_GROUP"), given.toString());
        assertTrue(settingsInEnvironmentForm().containsAll(given), "unknown: " + given);
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_run_each_kubernetes_member_with_its_pod_name_as_client_id_probes_and_a_volume_of_its_own()
            throws Exception {
        List<Map<String, Object>> documents = new ArrayList<>();
        new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(KUBERNETES))
                .forEach(document -> documents.add((Map<String, Object>) document));
        Map<String, Object> statefulSet = documents.stream().filter(d -> "StatefulSet".equals(d.get("kind")))
                .findFirst().orElseThrow();
        Map<String, Object> spec = map(statefulSet, "spec");
        Map<String, Object> container = ((List<Map<String, Object>>) map(map(spec, "template"), "spec")
                .get("containers")).get(0);
        Map<String, Map<String, Object>> env = ((List<Map<String, Object>>) container.get("env")).stream()
                .collect(Collectors.toMap(e -> (String) e.get("name"), e -> e));

        assertEquals("metadata.name", map(map(env.get("MQTT_CLIENT_ID"), "valueFrom"), "fieldRef").get("fieldPath"));
        assertEquals("bridges", env.get("BRIDGE_SHARE_GROUP").get("value"));
        assertTrue(map(env.get("MQTT_PASSWORD"), "valueFrom").containsKey("secretKeyRef"), "password from a secret");
        // off loopback the start needs credentials or an explicit allow-anonymous (Settings)
        assertEquals("0.0.0.0", env.get("HTTP_HOST").get("value"));
        assertEquals("true", env.get("HTTP_ALLOW_ANONYMOUS").get("value"));
        assertTrue(settingsInEnvironmentForm().containsAll(env.keySet()), "unknown: " + env.keySet());
        assertEquals("/observe/health/ready", map(map(container, "readinessProbe"), "httpGet").get("path"));
        assertEquals("/observe/health/live", map(map(container, "livenessProbe"), "httpGet").get("path"));
        assertEquals(8080, ((List<Map<String, Object>>) container.get("ports")).get(0).get("containerPort"),
                "http.port's default");
        String volume = (String) map(((List<Map<String, Object>>) spec.get("volumeClaimTemplates")).get(0),
                "metadata").get("name");
        Map<String, Object> mount = ((List<Map<String, Object>>) container.get("volumeMounts")).get(0);
        assertEquals(volume, mount.get("name"), "a volume per member");
        assertEquals(container.get("workingDir"), mount.get("mountPath"), "data/ lands on it");
        assertTrue(documents.stream().anyMatch(d -> "Service".equals(d.get("kind"))
                && map(statefulSet, "spec").get("serviceName").equals(map(d, "metadata").get("name"))));
    }

    /** What systemd-analyze verify says of the unit as sensor-bridge@1, installed in a root of its own. */
    private List<String> verified(String unit) throws IOException, InterruptedException {
        Files.createDirectories(root.resolve("usr/lib/systemd"));
        copyTree(Path.of("/usr/lib/systemd/system"), root.resolve("usr/lib/systemd/system"));
        Files.writeString(Files.createDirectories(root.resolve("etc/systemd/system")).resolve("sensor-bridge@.service"),
                unit);
        Files.copy(ENVIRONMENT, Files.createDirectories(root.resolve("etc/sensor-bridge")).resolve("1.env"));
        Path launcher = Files.createDirectories(root.resolve("opt/sensor-bridge/bin")).resolve("sensor-bridge");
        Files.copy(Path.of("bin/sensor-bridge"), launcher);
        assertTrue(launcher.toFile().setExecutable(true));
        Path output = root.resolve("verify.out");
        Process verify = new ProcessBuilder("systemd-analyze", "verify", "--root=" + root, "sensor-bridge@1.service")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertTrue(verify.waitFor(60, TimeUnit.SECONDS), "systemd-analyze verify ends");
        List<String> said = Files.readAllLines(output, StandardCharsets.UTF_8);
        assertEquals(0, verify.exitValue(), said.toString());
        return said;
    }

    /** The unit's dependencies (multi-user.target, network-online.target, ...) as this machine's systemd has them. */
    private static void copyTree(Path from, Path to) throws IOException {
        Process copy = new ProcessBuilder("cp", "-a", from.toString(), to.toString()).inheritIO().start();
        try {
            assertTrue(copy.waitFor(30, TimeUnit.SECONDS) && copy.exitValue() == 0, "cp -a " + from);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** application.properties' keys as environment variables: bridge.share-group is BRIDGE_SHARE_GROUP. */
    private static Set<String> settingsInEnvironmentForm() throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(Path.of("application.properties"))) {
            properties.load(in);
        }
        return properties.stringPropertyNames().stream()
                .map(key -> key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT))
                .collect(Collectors.toSet());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }
}
