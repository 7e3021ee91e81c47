package io.sensorbridge.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

/** A plain HTTP GET with the JDK's client, as curl or Prometheus would send it; optionally with basic auth. */
public final class HttpGet {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpGet() {
    }

    public static HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)));
    }

    public static HttpResponse<String> get(String url, String username, String password) {
        String token = Base64.getEncoder().encodeToString((username + ":" + password).getBytes());
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Basic " + token));
    }

    public static int status(String url) {
        return get(url).statusCode();
    }

    public static String body(String url) {
        return get(url).body();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
