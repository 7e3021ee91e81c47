package io.sensorbridge.faults;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.sensorbridge.support.JarProcess;
import io.sensorbridge.support.OutputFiles;
import io.sensorbridge.support.PostgresServer;
import io.sensorbridge.support.TestMqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The PostgreSQL forward against a real PostgreSQL 15 server started by the test: the table is created at start,
 * each reading becomes one row with its columns and the whole reading as jsonb, the password never shows in the
 * output, and while the database is down the files keep coming and the rows follow once it is back. (The first
 * test runs the YAML routes, the second the Java DSL ones.)
 */
class ForwardJdbcIT {

    private static final String TABLE = "bridge_readings";

    @TempDir
    Path dir;

    private MosquittoBroker broker;
    private PostgresServer database;
    private JarProcess bridge;

    @BeforeEach
    void startBrokerAndDatabase() throws Exception {
        broker = new MosquittoBroker(dir.resolve("mosquitto"));
        broker.start();
        database = new PostgresServer().start();
    }

    /** The jar, with the routes in {@code dsl} (yaml or java). */
    private void startBridge(String dsl) {
        Map<String, String> env = new HashMap<>(Map.of(
                "BROKER_EMBEDDED_ENABLED", "false",
                "SIMULATOR_ENABLED", "false",
                "MQTT_BROKER_URL", broker.url(),
                "BRIDGE_TOPIC", "sensors/#",
                "BRIDGE_OUTPUT_DIR", readings().toString(),
                "FORWARD_DEADLETTER_DIR", dir.resolve("forward-dead-letter").toString(),
                "FORWARD_RETRY_DELAY", "500",
                "ROUTES_DSL", dsl));
        env.putAll(Map.of(
                "FORWARD_JDBC_URL", database.jdbcUrl(),
                "FORWARD_JDBC_USER", PostgresServer.USER,
                "FORWARD_JDBC_PASSWORD", PostgresServer.PASSWORD,
                "FORWARD_JDBC_TABLE", TABLE));
        bridge = JarProcess.start(dir.resolve("bridge"), env);
        await().atMost(Duration.ofSeconds(60)).until(() -> bridge.output().contains("table " + TABLE + " is ready")
                                                           && bridge.output().contains("Subscribed to"));
    }

    @AfterEach
    void stop() throws Exception {
        try (MosquittoBroker b = broker; PostgresServer d = database; JarProcess j = bridge) {
            assertFalse(bridge != null && bridge.output().contains(PostgresServer.PASSWORD),
                    "the password is in the output");
        }
    }

    @Test
    void should_insert_one_row_per_reading_with_its_columns_and_the_raw_json() throws Exception {
        startBridge("yaml");
        try (TestMqttClient publisher = new TestMqttClient(broker.url(), "jdbc-publisher", true)) {
            for (int seq = 1; seq <= 5; seq++) {
                publisher.publish("sensors/kitchen", "{\"sensor\":\"pg-1\",\"run\":\"r1\",\"seq\":" + seq
                        + ",\"temperature\":" + (seq - 10) + ".5,\"time\":\"2026-11-25T12:00:0" + seq + "Z\"}", 1);
            }
            publisher.publish("sensors/seed", "{\"temperature\": 21}", 1);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> rows() == 6);
        try (Connection db = database.connect(); Statement sql = db.createStatement();
             ResultSet row = sql.executeQuery("SELECT topic, time, sensor, seq, value, reading->>'run',"
                     + " received_at IS NOT NULL FROM " + TABLE + " WHERE seq = 3")) {
            assertTrue(row.next());
            assertEquals("sensors/kitchen", row.getString(1));
            assertEquals(java.time.Instant.parse("2026-11-25T12:00:03Z"), row.getTimestamp(2).toInstant());
            assertEquals("pg-1", row.getString(3));
            assertEquals(3, row.getLong(4));
            assertEquals(-7.5, row.getDouble(5), "\"temperature\":-7.5");
            assertEquals("r1", row.getString(6), "the whole reading is kept as jsonb");
            assertTrue(row.getBoolean(7));
        }
        try (Connection db = database.connect(); Statement sql = db.createStatement();
             ResultSet row = sql.executeQuery("SELECT sensor, seq, time, value FROM " + TABLE
                     + " WHERE topic = 'sensors/seed'")) {
            assertTrue(row.next());
            assertNull(row.getString(1), "a bare seed reading has no sensor");
            assertNull(row.getObject(2));
            assertNull(row.getObject(3));
            assertEquals(21.0, row.getDouble(4));
        }
    }

    @Test
    void should_keep_writing_files_while_the_database_is_down_and_insert_the_readings_when_it_is_back()
            throws Exception {
        startBridge("java");
        database.stop();
        try (TestMqttClient publisher = new TestMqttClient(broker.url(), "jdbc-publisher", true)) {
            for (int seq = 1; seq <= 3; seq++) {
                publisher.publish("sensors/outage", "{\"sensor\":\"pg-2\",\"seq\":" + seq + ",\"temperature\":1}", 1);
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> OutputFiles.lines(readings()).size() == 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> bridge.output().contains("Forward jdbc: "));

        database.start();

        await().atMost(Duration.ofSeconds(60)).until(() -> rows() == 3);
        assertTrue(OutputFiles.lines(dir.resolve("forward-dead-letter")).isEmpty(), "nothing dead-lettered");
    }

    private Path readings() {
        return dir.resolve("readings");
    }

    private int rows() throws SQLException {
        try (Connection db = database.connect(); Statement sql = db.createStatement();
             ResultSet count = sql.executeQuery("SELECT count(*) FROM " + TABLE)) {
            count.next();
            return count.getInt(1);
        } catch (SQLException notYet) {
            return -1;
        }
    }
}
