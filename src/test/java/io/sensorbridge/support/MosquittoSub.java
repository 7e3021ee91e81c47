package io.sensorbridge.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * mosquitto_sub (Debian's mosquitto-clients): an independent MQTT subscriber for tests. It stops by itself after
 * the number of messages asked for ({@code -C}) or {@value #TIMEOUT_SECONDS} s after connecting ({@code -W}).
 */
public final class MosquittoSub implements AutoCloseable {

    private static final int TIMEOUT_SECONDS = 20;
    private static final String MESSAGE = "message|";

    /** One message as mosquitto_sub received it. */
    public record Message(boolean retained, int qos, String topic, String payload) {
    }

    private final Process process;
    private final Path output;

    private MosquittoSub(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Subscribes to {@code filter} at {@code qos} until {@code count} messages have arrived; more mosquitto_sub
     * {@code options} (e.g. {@code -V mqttv5}) may follow. */
    public static MosquittoSub start(int port, String filter, int qos, int count, String... options)
            throws IOException {
        Path output = Files.createTempFile("mosquitto_sub", ".out");
        // -d prints the SUBACK (see awaitSubscribed), line-buffered by stdbuf as a file would otherwise get it only
        // at the end; -F tags each message's line apart from the debug lines
        List<String> command = new ArrayList<>(List.of("stdbuf", "-oL", "mosquitto_sub", "-h", "127.0.0.1",
                "-p", String.valueOf(port), "-q", String.valueOf(qos), "-t", filter, "-C", String.valueOf(count),
                "-W", String.valueOf(TIMEOUT_SECONDS), "-d", "-F", MESSAGE + "%r|%q|%t|%p"));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        return new MosquittoSub(process, output);
    }

    /** Waits until the broker has confirmed the subscription, so what is published next reaches it. */
    public MosquittoSub awaitSubscribed() {
        await().atMost(TIMEOUT_SECONDS, TimeUnit.SECONDS).until(() -> output().contains("received SUBACK"));
        return this;
    }

    /** Waits until mosquitto_sub has stopped (count reached or timed out) and returns what it received. */
    public List<Message> messages() throws InterruptedException {
        if (!process.waitFor(TIMEOUT_SECONDS + 10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return output().lines().filter(line -> line.startsWith(MESSAGE)).map(line -> {
            String[] fields = line.substring(MESSAGE.length()).split("\\|", 4);
            return new Message(fields[0].equals("1"), Integer.parseInt(fields[1]), fields[2], fields[3]);
        }).toList();
    }

    /** Everything mosquitto_sub printed, for assertion messages. */
    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        Files.deleteIfExists(output);
    }
}
