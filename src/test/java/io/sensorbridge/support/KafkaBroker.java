package io.sensorbridge.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.LoggerFactory;

import static org.awaitility.Awaitility.await;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) of the release camel-kafka talks to,
 * in a JVM of its own on Kafka's own classpath (target/kafka-broker.classpath, which the build writes from
 * src/test/kafka-broker/pom.xml): Kafka's Scala and jackson-module-scala must not meet this project's Jackson. It
 * listens on loopback only, keeps its data in a folder of the test, and starts again on the same ports and data after
 * {@link #stop()} or {@link #kill()}. Format and broker write to one {@link #log()}; a failure names what Kafka said
 * there.
 */
public final class KafkaBroker implements AutoCloseable {

    public enum Option {
        /**
         * A topic asked for with the cluster's defaults cannot be created: they want 3 replicas of it and there is one
         * node (as a cluster whose policy or ACLs refuse it would). Topics made by {@link #createTopic} still can.
         */
        REFUSES_NEW_TOPICS,
        /**
         * The client listener wants SASL (SASL_PLAINTEXT: loopback only) with {@link #USER} and {@link #PASSWORD}, by
         * SCRAM-SHA-512 (credentials stored at format time) or PLAIN (credentials in the broker's configuration).
         */
        SASL
    }

    public static final String USER = "bridge";
    public static final String PASSWORD = "kafka-S3cret-4-test";
    public static final String SCRAM = "SCRAM-SHA-512";
    public static final String PLAIN = "PLAIN";
    private static final String SCRAM_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";
    private static final String PLAIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";

    private static final Path CLASSPATH = Path.of("target/kafka-broker.classpath");
    // KafkaRaftServer's last start-up line, once the broker is unfenced and its listeners accept connections
    private static final String STARTED = "] Kafka Server started";
    // Format and start take 3-6 s on 2 shared cores; the bound is for a machine that is much busier than that
    private static final long FORMAT_SECONDS = 60;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final long EXIT_SECONDS = 60;
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);
    // A test broker: C1 only and one GC thread start it about a second sooner here, and it never needs Kafka's 1 GB
    private static final List<String> JVM_OPTIONS = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Dorg.slf4j.simpleLogger.showDateTime=true", "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");

    static {
        // Kafka's clients print their whole configuration at INFO each time one starts: hundreds of lines a test
        ((Logger) LoggerFactory.getLogger("org.apache.kafka")).setLevel(Level.WARN);
    }

    private final Path dir;
    private final Set<Option> options;
    /** With these, the client listener is TLS (SSL) for the host name localhost; null: plain. */
    private final TestCertificates tls;
    private final int port = FreePort.find();
    private final int controllerPort = FreePort.find();
    private final String classpath;
    private Process process;
    // How many lines the log had when the last Kafka process was launched
    private int launchedAt;

    /** Writes the configuration and formats the log folder {@code dir}/data; {@link #start()} starts the broker. */
    public KafkaBroker(Path dir, Option... options) throws IOException, InterruptedException {
        this(dir, null, options);
    }

    /**
     * A broker whose client listener is TLS with the server certificate of {@code tls} (for the host name localhost:
     * {@link #bootstrapServers()} names it so) and wants a client certificate signed by its CA. Otherwise as
     * {@link #KafkaBroker(Path, Option...)}.
     */
    public KafkaBroker(Path dir, TestCertificates tls, Option... options) throws IOException, InterruptedException {
        this.dir = Files.createDirectories(dir);
        this.tls = tls;
        this.options = options.length == 0 ? EnumSet.noneOf(Option.class) : EnumSet.of(options[0], options);
        if (!Files.exists(CLASSPATH)) {
            throw new IllegalStateException(CLASSPATH + " is missing: the build writes it before the tests"
                    + " (mvn generate-test-resources)");
        }
        classpath = Files.readString(CLASSPATH).strip();
        Files.write(config(), configuration());
        List<String> format = new ArrayList<>(List.of("kafka.tools.StorageTool", "format",
                "--cluster-id", Uuid.randomUuid().toString(), "--config", config().toString()));
        if (this.options.contains(Option.SASL)) {
            format.addAll(List.of("--add-scram", SCRAM + "=[name=" + USER + ",password=" + PASSWORD + "]"));
        }
        Process storageTool = launch(format);
        if (!storageTool.waitFor(FORMAT_SECONDS, TimeUnit.SECONDS)) {
            storageTool.destroyForcibly();
            throw new IllegalStateException("Kafka's StorageTool format took over " + FORMAT_SECONDS + " s"
                    + problem());
        }
        if (storageTool.exitValue() != 0) {
            throw new IllegalStateException("Kafka's StorageTool format exited with " + storageTool.exitValue()
                    + problem());
        }
    }

    /** Starts the broker and waits until its client listener accepts connections. */
    public KafkaBroker start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the Kafka broker is already running");
        }
        int startedBefore = occurrences(STARTED);
        process = launch(List.of("kafka.Kafka", config().toString()));
        try {
            // The client listener opens last, once the broker is unfenced; the log line tells it from anything else
            // that might have taken the port since FreePort found it free
            await("Kafka broker listening on " + bootstrapServers())
                    .atMost(START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> running() && occurrences(STARTED) > startedBefore && accepts());
        } catch (ConditionTimeoutException e) {
            kill();
            throw new IllegalStateException("the Kafka broker was not listening on " + bootstrapServers() + " after "
                    + START_TIMEOUT.toSeconds() + " s, and was killed" + problem());
        }
        return this;
    }

    /** SIGTERM: Kafka shuts down cleanly (logs flushed, clean-shutdown marker written); waits until it has exited. */
    public void stop() {
        process.destroy();
        if (!exited()) {
            kill();
            throw new IllegalStateException("the Kafka broker ignored SIGTERM for " + EXIT_SECONDS
                    + " s and was killed" + problem());
        }
    }

    /**
     * SIGKILL (kill -9): no shutdown at all; what Kafka had written to its files is in the OS's page cache. The next
     * {@link #start()} takes some 10 s longer: the controller refuses the broker's new registration
     * (DUPLICATE_BROKER_REGISTRATION) until the killed one's session has expired (broker.session.timeout.ms, 9 s).
     */
    public void kill() {
        process.destroyForcibly();
        if (!exited()) {
            throw new IllegalStateException("the Kafka broker (pid " + process.pid() + ") survived SIGKILL");
        }
    }

    /** Stops the broker if it runs; its folder stays (the test's). */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            stop();
        }
    }

    /** The client listener, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return (tls != null ? "localhost:" : "127.0.0.1:") + port;
    }

    /** What a Kafka client needs to reach this broker: with {@link Option#SASL}, logged in by SCRAM-SHA-512. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (options.contains(Option.SASL)) {
            properties.putAll(login(SCRAM, USER, PASSWORD));
        }
        if (tls != null) {
            properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
            properties.put("ssl.truststore.type", "PEM");
            properties.put("ssl.truststore.location", tls.ca.toString());
            try {
                properties.put("ssl.keystore.type", "PEM");
                properties.put("ssl.keystore.certificate.chain", Files.readString(tls.clientCert));
                properties.put("ssl.keystore.key", Files.readString(tls.clientKey));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return properties;
    }

    /** A client's SASL settings for {@code mechanism} ({@link #SCRAM} or {@link #PLAIN}). */
    public static Map<String, Object> login(String mechanism, String user, String password) {
        return Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, mechanism,
                SaslConfigs.SASL_JAAS_CONFIG,
                jaas(PLAIN.equals(mechanism) ? PLAIN_MODULE : SCRAM_MODULE, user, password));
    }

    public void createTopic(String topic, int partitions)
            throws ExecutionException, InterruptedException, TimeoutException {
        try (Admin admin = Admin.create(clientProperties())) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all()
                    .get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    public Set<String> topics() throws ExecutionException, InterruptedException, TimeoutException {
        try (Admin admin = Admin.create(clientProperties())) {
            return admin.listTopics().names().get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /**
     * Every record of {@code topic} from the first offset to the end it has now, in offset order within each
     * partition, keys and values as UTF-8 text; read without a consumer group, so nothing is committed.
     */
    public List<ConsumerRecord<String, String>> records(String topic) {
        Map<String, Object> config = new HashMap<>(clientProperties());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        // Reading must not create the topic it reads
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, CLIENT_TIMEOUT).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist on " + bootstrapServers());
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, CLIENT_TIMEOUT);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            // poll() is the wait: it returns as soon as records come, or after its timeout with none
            long deadline = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, CLIENT_TIMEOUT) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("read " + records.size() + " records of " + topic + " up to "
                            + end + " in " + CLIENT_TIMEOUT.toSeconds() + " s");
                }
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            return records;
        }
    }

    /** The broker's output (and the format's), across restarts. */
    public Path log() {
        return dir.resolve("kafka.log");
    }

    /** The last lines of {@link #log()}, to quote when something went wrong. */
    public String logTail(int count) {
        List<String> lines = logLines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    /**
     * For a one-line error: what Kafka's last run said went wrong (its first ERROR line with the exception message
     * under it, or the uncaught exception, or else its last line) and where its log is.
     */
    private String problem() {
        List<String> lines = logLines();
        List<String> run = lines.subList(Math.min(launchedAt, lines.size()), lines.size());
        String said = run.isEmpty() ? "nothing" : run.get(run.size() - 1).strip();
        for (int i = 0; i < run.size(); i++) {
            if (run.get(i).contains(" ERROR ") || run.get(i).startsWith("Exception in thread")) {
                String next = i + 1 < run.size() ? run.get(i + 1) : "";
                said = run.get(i).replaceFirst(".* ERROR ", "")
                        + (next.matches("[\\w.$]+(Exception|Error)(: .*)?") ? ": " + next : "");
                break;
            }
        }
        return ": " + said + " (log: " + log() + ")";
    }

    private int occurrences(String text) {
        return (int) logLines().stream().filter(line -> line.contains(text)).count();
    }

    private List<String> logLines() {
        try {
            return Files.exists(log()) ? Files.readAllLines(log(), StandardCharsets.ISO_8859_1) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> configuration() throws IOException {
        List<String> lines = new ArrayList<>(List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=CLIENT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=CLIENT://" + (tls != null ? "localhost" : "127.0.0.1") + ":" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=CLIENT",
                "log.dirs=" + dir.resolve("data"),
                // Only a topic created on purpose exists: a producer's or consumer's use does not create one
                "auto.create.topics.enable=false",
                "default.replication.factor=" + (options.contains(Option.REFUSES_NEW_TOPICS) ? 3 : 1),
                // One node: every internal topic has one replica
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                // A consumer group's first use creates __consumer_offsets: 50 partitions (the default) take seconds
                "offsets.topic.num.partitions=1",
                // A group's first member gets its partitions at once instead of after 3 s
                "group.initial.rebalance.delay.ms=0"));
        if (options.contains(Option.SASL)) {
            lines.addAll(List.of(
                    "listener.security.protocol.map=CLIENT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "sasl.enabled.mechanisms=" + SCRAM + "," + PLAIN,
                    // The broker is a client of its own listener too (inter-broker traffic), by SCRAM
                    "sasl.mechanism.inter.broker.protocol=" + SCRAM,
                    "listener.name.client.scram-sha-512.sasl.jaas.config=" + jaas(SCRAM_MODULE, USER, PASSWORD),
                    // PLAIN's users are user_<name>="<password>" in the broker's own login
                    "listener.name.client.plain.sasl.jaas.config=" + PLAIN_MODULE + " required username=\"" + USER
                            + "\" password=\"" + PASSWORD + "\" user_" + USER + "=\"" + PASSWORD + "\";"));
        } else if (tls != null) {
            // the server's key and certificate in one PEM file (Kafka's PEM keystore); the CA for its own connections
            Path keystore = dir.resolve("server-keystore.pem");
            Files.writeString(keystore, Files.readString(tls.serverKey) + Files.readString(tls.serverCert));
            lines.addAll(List.of(
                    "listener.security.protocol.map=CLIENT:SSL,CONTROLLER:PLAINTEXT",
                    // every client shows a certificate signed by the CA (the broker, as its own client, too)
                    "ssl.client.auth=required",
                    "ssl.keystore.type=PEM", "ssl.keystore.location=" + keystore,
                    "ssl.truststore.type=PEM", "ssl.truststore.location=" + tls.ca));
        } else {
            lines.add("listener.security.protocol.map=CLIENT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        }
        return lines;
    }

    private static String jaas(String module, String user, String password) {
        return module + " required username=\"" + user + "\" password=\"" + password + "\";";
    }

    private Process launch(List<String> mainAndArguments) throws IOException {
        launchedAt = logLines().size();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-cp", classpath));
        command.addAll(mainAndArguments);
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
    }

    private boolean running() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the Kafka broker exited with " + process.exitValue()
                    + " before it listened on " + bootstrapServers() + problem());
        }
        return true;
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private boolean exited() {
        try {
            return process.waitFor(EXIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Path config() {
        return dir.resolve("server.properties");
    }
}
