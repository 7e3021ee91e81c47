import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import com.sun.net.httpserver.HttpServer;

/**
 * The bench's webhook for bench/forwards, not part of the product: the JDK's HttpServer on 127.0.0.1, answering
 * every request 200 with no body at once, on its one dispatcher thread. For each request it appends one line to
 * OUT_FILE: the arrival time in microseconds since the epoch (the machine's clock, like the bridge's receivedAt), how
 * many readings the body held (occurrences of {@code "receivedAt":}, one per line the bridge wrote, whether the body
 * is one reading or an array of them) and the request's path (each case of the bench posts to its own path).
 * <pre>
 * java bench/Webhook.java PORT OUT_FILE
 * </pre>
 */
public class Webhook {

    private static final byte[] NEEDLE = "\"receivedAt\":".getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        BufferedWriter out = Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Instant now = Instant.now();
            long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
            String line = micros + " " + count(body) + " " + exchange.getRequestURI().getPath() + "\n";
            synchronized (out) {
                out.write(line);
                out.flush();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        // the dispatcher thread answers itself: no hand-off between threads per request (a forward sends one
        // request at a time; measured here, about 1.5x the requests/s of a pool of 4)
        server.setExecutor(null);
        server.start();
        System.out.println("webhook listening on 127.0.0.1:" + port);
    }

    private static int count(byte[] body) {
        int found = 0;
        outer:
        for (int i = 0; i <= body.length - NEEDLE.length; i++) {
            for (int j = 0; j < NEEDLE.length; j++) {
                if (body[i + j] != NEEDLE[j]) {
                    continue outer;
                }
            }
            found++;
            i += NEEDLE.length - 1;
        }
        return found;
    }
}
