import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Makes the start-up archive bin/sensor-bridge uses; {@code mvn package} runs it (Java's source-file mode) once the
 * jar is built. A short training run of the launcher itself, with this java (embedded broker, bridge, simulator every
 * 200 ms, on free ports in a throwaway folder), stopped with SIGTERM once the first reading is on disk, so that the
 * archive holds the classes of a start and a stop, already parsed and linked. On Java 25 and later it is an AOT
 * cache ({@code -XX:AOTCacheOutput}, JEP 483 and 514); before, an AppCDS dynamic archive
 * ({@code -XX:ArchiveClassesAtExit}). Either serves only the same java with the same options and the same jar at the
 * same path (a Java 25 cache made without the launcher's --enable-native-access is refused when it is given): so the
 * training is the launcher, the archive's option given through {@code JDK_JAVA_OPTIONS}, and
 * {@code target/startup/java} names the java, with which alone the launcher uses the archive.
 * <p>
 * A training that fails leaves no archive and does not fail the build: the launcher then starts without one.
 * <pre>java src/build/StartupArchive.java bin/sensor-bridge target/sensor-bridge.jar</pre>
 */
public final class StartupArchive {

    private static final long FIRST_READING_SECONDS = 120;
    private static final long STOP_SECONDS = 180;

    public static void main(String[] args) throws Exception {
        Path launcher = Path.of(args[0]).toRealPath();
        Path jar = Path.of(args[1]).toRealPath();
        Path out = jar.resolveSibling("startup");
        if (Files.isDirectory(out)) {
            deleteTree(out);
        }
        Files.createDirectories(out);
        boolean aot = Runtime.version().feature() >= 25;
        Path archive = out.resolve(aot ? "sensor-bridge.aot" : "sensor-bridge.jsa");
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path java = javaHome.resolve("bin/java").toRealPath();
        Path work = Files.createTempDirectory("sensor-bridge-training");
        Path log = work.resolve("training.log");
        long started = System.nanoTime();
        ProcessBuilder training = new ProcessBuilder(launcher.toString()).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        training.environment().put("JAVA_HOME", javaHome.toString());
        training.environment().put("JDK_JAVA_OPTIONS", (aot ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=")
                                                       + archive);
        training.environment().put("SIMULATOR_PERIOD", "200");
        training.environment().put("BROKER_EMBEDDED_PORT", String.valueOf(freePort()));
        training.environment().put("HTTP_PORT", String.valueOf(freePort()));
        Process run = training.start();
        String failure = null;
        try {
            failure = awaitFirstReading(run, work.resolve("data/readings"));
        } finally {
            run.destroy();
            if (!run.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
                run.destroyForcibly().waitFor();
                failure = failure != null ? failure : "it did not stop within " + STOP_SECONDS + " s of SIGTERM";
            }
        }
        if (failure == null && Files.isRegularFile(archive)) {
            Files.writeString(out.resolve("java"), java + "\n");
            System.out.printf("startup archive: %s (%d MB) from a training run of %.1f s with %s%n", archive,
                    Files.size(archive) >> 20, (System.nanoTime() - started) / 1e9, java);
            deleteTree(work);
        } else {
            Files.deleteIfExists(archive);
            System.out.println("startup archive: none (bin/sensor-bridge starts without one): the training run "
                               + (failure != null ? failure : "wrote no archive") + "; its log: " + log);
        }
    }

    private static String awaitFirstReading(Process run, Path readings) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(FIRST_READING_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!run.isAlive()) {
                return "ended (exit " + run.exitValue() + ") before a reading was written";
            }
            if (Files.isDirectory(readings)) {
                try (Stream<Path> files = Files.walk(readings)) {
                    if (files.anyMatch(file -> file.toString().endsWith(".jsonl") && size(file) > 0)) {
                        return null;
                    }
                }
            }
            Thread.sleep(20);
        }
        return "wrote no reading within " + FIRST_READING_SECONDS + " s";
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException gone) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
