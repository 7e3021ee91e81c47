package io.sensorbridge.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server (the JDK's) on a loopback port that stays the same across {@link #stop()} and {@link #start()},
 * standing in for a user's webhook: it records every request and answers with the status codes a test queues up
 * ({@link #answer}), 200 once none are queued.
 */
public final class Webhook implements AutoCloseable {

    /** One request as it arrived. */
    public record Request(String query, String contentType, String authorization, String body, int status) {
    }

    private final int port = FreePort.find();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Integer> answers = new ConcurrentLinkedDeque<>();
    private long millisPerRequest;
    private HttpServer server;

    /** Each request takes this long to answer (a webhook doing some work), on one thread. */
    public Webhook slowBy(long millis) {
        this.millisPerRequest = millis;
        return this;
    }

    public Webhook start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (millisPerRequest > 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millisPerRequest));
            }
            Integer queued = answers.poll();
            int status = queued == null ? 200 : queued;
            requests.add(new Request(exchange.getRequestURI().getQuery(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"), new String(body, StandardCharsets.UTF_8),
                    status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return this;
    }

    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/hook";
    }

    /** The next requests get these status codes, in order. */
    public void answer(Integer... statusCodes) {
        answers.addAll(List.of(statusCodes));
    }

    /** Forgets the status codes still queued: 200 from now on. */
    public void answerOk() {
        answers.clear();
    }

    public List<Request> requests() {
        return requests;
    }

    /** The bodies of the requests so far that contain {@code text} and were answered with 2xx. */
    public List<String> acceptedWith(String text) {
        return requests.stream().filter(request -> request.status() / 100 == 2).map(Request::body)
                .filter(body -> body.contains(text)).toList();
    }

    /** The bodies of the requests so far that contain {@code text}. */
    public List<String> bodiesWith(String text) {
        return requests.stream().map(Request::body).filter(body -> body.contains(text)).toList();
    }

    @Override
    public void close() {
        stop();
    }
}
