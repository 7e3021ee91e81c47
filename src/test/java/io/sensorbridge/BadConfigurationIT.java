package io.sensorbridge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.sensorbridge.support.FreePort;
import io.sensorbridge.support.JarProcess;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A setting that cannot work stops the real application at once, in one line that names the key. */
class BadConfigurationIT {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            MQTT_QOS                      | 7               | mqtt.qos must be one of 0, 1, 2
            MQTT_VERSION                  | 3.1             | mqtt.version must be one of 3.1.1, 5
            FORWARD_MQTT_VERSION          | 4               | forward.mqtt.version must be one of 3.1.1, 5
            SENSOR_TOPIC                  | sensors/ｔｅｍｐ    | sensor.topic must be a topic MQTT 3.1.1's client can send
            MQTT_BROKER_URL               | nonsense        | mqtt.broker.url must be a broker URL
            SIMULATOR_PERIOD              | -5              | simulator.period must be a whole number of at least 1
            SIMULATOR_PERIOD              | abc             | simulator.period must be a whole number of at least 1
            SIMULATOR_SENSORS             | 0               | simulator.sensors must be a whole number from 1 to 100000
            SIMULATOR_MODEL               | brownian        | simulator.model must be one of uniform, walk
            SIMULATOR_SEED                | x1              | simulator.seed must be a whole number, or empty for a random seed
            SIMULATOR_CHAOS_DROP_RATE     | 1.5             | simulator.chaos.drop-rate must be a number from 0 to 1
            BROKER_EMBEDDED_PORT          | 70000           | broker.embedded.port must be a whole number from 1 to 65535
            BRIDGE_OUTPUT_DIR             | /proc/no-such   | bridge.output.dir must be a folder the bridge can create and write to
            BRIDGE_OUTPUT_DIR             | A_REGULAR_FILE  | bridge.output.dir must be a folder the bridge can create and write to
            BRIDGE_FSYNC                  | sometimes       | bridge.fsync must be one of never, batch, always
            BRIDGE_TOPIC                  | sensors/#/x     | bridge.topic must be an MQTT topic filter
            BRIDGE_SHARE_GROUP            | site/a          | bridge.share-group must be a group name without /, +, #, spaces or control characters
            BRIDGE_OUTPUT_FORMAT          | xml             | bridge.output.format must be one of jsonl, csv
            BRIDGE_OUTPUT_ROTATE_EVERY    | week            | bridge.output.rotate-every must be one of day, hour
            BRIDGE_OUTPUT_ROTATE_BYTES    | -1              | bridge.output.rotate-bytes must be a whole number of at least 0
            MQTT_TLS_CA_FILE              | /no/such.pem    | mqtt.tls.ca-file must be a PEM file with one or more -----BEGIN CERTIFICATE----- blocks, not
            MQTT_PASSWORD                 | s3cr3t          | mqtt.username must be set when mqtt.password is set
            MQTT_USERNAME                 | sensor          | mqtt.password must be set when mqtt.username is set and the embedded broker runs
            MQTT_BROKER_URL               | tcp://u:pa55w0rd@broker:1883 | mqtt.broker.url must be a broker URL such as tcp://host:1883 or ssl://host:8883, not
            BROKER_EMBEDDED_HOST          | 0.0.0.0         | broker.embedded.allow-anonymous must be true for an embedded broker on 0.0.0.0 (not loopback) to let in clients without a password; or set mqtt.username and mqtt.password
            BRIDGE_OUTPTU_DIR             | data/x          | BRIDGE_OUTPTU_DIR must be a known key: did you mean BRIDGE_OUTPUT_DIR (bridge.output.dir)?
            FORWARD_MQTT_URL              | cloud:1883      | forward.mqtt.url must be a broker URL
            FORWARD_HTTP_URL              | ftp://host/x    | forward.http.url must be a URL such as http://host:8080/readings
            FORWARD_HTTP_URL              | ftp://u:pa55w0rd@host/x?token=pa55w0rd | forward.http.url must be a URL such as http://host:8080/readings
            FORWARD_JDBC_URL              | jdbc:mysql://h/d | forward.jdbc.url must be a PostgreSQL JDBC URL
            FORWARD_MQTT_QOS              | 2               | forward.mqtt.qos must be one of 0, 1
            FORWARD_MQTT_MAX_INFLIGHT     | 0               | forward.mqtt.max-inflight must be a whole number from 1 to 65535
            FORWARD_MQTT_RETAIN           | yes             | forward.mqtt.retain must be one of true, false
            FORWARD_START                 | newest          | forward.start must be one of end, oldest
            FORWARD_JDBC_BATCH_SIZE       | 10000           | forward.jdbc.batch-size must be a whole number from 1 to 5000
            FORWARD_RETRY_DELAY           | 0               | forward.retry-delay must be a whole number from 1 to 60000
            FORWARD_JDBC_TABLE            | r;drop table x  | forward.jdbc.table must be a table name of letters, digits and _
            FORWARD_HTTP_TOKEN            | pa55w0rd tail   | forward.http.token must be a token without spaces, line breaks or other control characters
            HTTP_HOST                     | 0.0.0.0         | http.allow-anonymous must be true for the HTTP port on 0.0.0.0 (not loopback) to serve health, metrics and the live page without a password; or set http.username and http.password
            HTTP_PASSWORD                 | pa55w0rd        | http.username must be set together with http.password
            HTTP_PORT                     | 0               | http.port must be a whole number from 1 to 65535
            HTTP_LIVE_MAX_CLIENTS         | many            | http.live.max-clients must be a whole number from 1 to 10000
            FORWARD_HTP_URL               | http://h/x      | FORWARD_HTP_URL must be a known key: did you mean FORWARD_HTTP_URL (forward.http.url)?
            """)
    void should_stop_at_once_naming_the_key(String variable, String value, String message) throws Exception {
        Path regularFile = Files.writeString(dir.resolve("a-file"), "not a folder");
        String given = value.equals("A_REGULAR_FILE") ? regularFile.toString() : value;

        try (JarProcess app = JarProcess.start(dir.resolve("work"), Map.of(variable, given,
                "BROKER_EMBEDDED_PORT".equals(variable) ? "UNUSED" : "BROKER_EMBEDDED_PORT",
                String.valueOf(FreePort.find())))) {
            int exit = app.awaitExit(10);

            assertEquals(1, exit, "exit code within 10 s\n" + app.output());
            assertTrue(app.output().contains("ERROR [main] Application - Bad configuration: " + message), app.output());
            assertFalse(app.output().contains("\tat "), "no stack trace:\n" + app.output());
            assertFalse(app.output().contains("pa55w0rd"), "a URL is quoted without its secrets:\n" + app.output());
            assertFalse(app.output().contains("Embedded MQTT broker listening"), "nothing started:\n" + app.output());
            assertFalse(app.output().contains("SIGTERM"), "no signal was sent:\n" + app.output());
        }
    }
}
