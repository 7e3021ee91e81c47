package io.sensorbridge.faults;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.sensorbridge.support.PostgresServer;

/** The PostgreSQL forward's database: a real PostgreSQL 15 server; the rows in the order they were inserted. */
final class JdbcTarget implements ForwardTarget {

    private static final String TABLE = "durable_readings";

    private final PostgresServer database;

    JdbcTarget() throws Exception {
        database = new PostgresServer();
    }

    @Override
    public Map<String, String> bridgeSettings() {
        return Map.of("FORWARD_JDBC_URL", database.jdbcUrl(), "FORWARD_JDBC_USER", PostgresServer.USER,
                "FORWARD_JDBC_PASSWORD", PostgresServer.PASSWORD, "FORWARD_JDBC_TABLE", TABLE);
    }

    @Override
    public void start() throws Exception {
        database.start();
    }

    @Override
    public void stop() throws Exception {
        database.stop();
    }

    @Override
    public List<Integer> seqs(String run) {
        List<Integer> seqs = new ArrayList<>();
        try (Connection db = database.connect(); Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("SELECT seq FROM " + TABLE + " WHERE reading->>'run' = '" + run
                                               + "' ORDER BY id")) {
            while (rows.next()) {
                seqs.add(rows.getInt(1));
            }
        } catch (SQLException notYet) {
            // no table yet, or the database is stopped: nothing taken as far as the test can see
        }
        return seqs;
    }

    @Override
    public void close() throws Exception {
        database.close();
    }
}
