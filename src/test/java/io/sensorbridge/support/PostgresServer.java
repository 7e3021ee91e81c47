package io.sensorbridge.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL 15 server (Debian's {@code postgresql}) on a free loopback port, with its data and socket in a
 * fresh temp folder, and a password-protected superuser. PostgreSQL refuses to run as root, and the tests run as
 * root in CI, so then its commands run as the user {@code postgres} ({@code runuser}), which owns the folder.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "bridge";
    public static final String PASSWORD = "pg-S3cret-4-test";

    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final int port = FreePort.find();
    private final Path dir;
    private final Path data;

    /** Makes a new database cluster (initdb); {@link #start()} starts it. */
    public PostgresServer() throws IOException, InterruptedException {
        dir = Files.createTempDirectory(Path.of("/tmp"), "sensor-bridge-pg");
        data = dir.resolve("data");
        Path passwordFile = Files.writeString(dir.resolve("password"), PASSWORD);
        if (ROOT) {
            UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(dir, users.lookupPrincipalByName("postgres"));
            Files.setOwner(passwordFile, users.lookupPrincipalByName("postgres"));
        }
        run(BIN.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile=" + passwordFile,
                "--auth=scram-sha-256", "-E", "UTF8", "--no-sync");
    }

    public PostgresServer start() throws IOException, InterruptedException {
        run(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("postgres.log").toString(),
                "-o", "-p " + port + " -h 127.0.0.1 -k " + dir, "-w", "-t", "60", "start");
        return this;
    }

    public void stop() throws IOException, InterruptedException {
        run(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop");
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
    }

    /** Stops the server if it runs, and deletes its folder. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            stop();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private void run(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(ROOT ? List.of("runuser", "-u", "postgres", "--") : List.of());
        line.addAll(List.of(command));
        Path output = dir.resolve("commands.log");
        Process process = new ProcessBuilder(line).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
        if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed:\n" + Files.readString(output));
        }
    }
}
