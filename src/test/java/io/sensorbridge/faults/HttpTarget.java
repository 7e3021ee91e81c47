package io.sensorbridge.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sensorbridge.support.Webhook;

/**
 * The HTTP forward's webhook: the JDK's HTTP server, taking {@code millisPerRequest} to answer each request (a
 * webhook that does some work), and batches of up to 50 readings a request. Stopped, it refuses connections.
 */
final class HttpTarget implements ForwardTarget {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Webhook webhook;

    HttpTarget(long millisPerRequest) {
        webhook = new Webhook().slowBy(millisPerRequest);
    }

    @Override
    public Map<String, String> bridgeSettings() {
        return Map.of("FORWARD_HTTP_URL", webhook.url(), "FORWARD_HTTP_BATCH_SIZE", "50");
    }

    @Override
    public void start() {
        webhook.start();
    }

    @Override
    public void stop() {
        webhook.stop();
    }

    @Override
    public List<Integer> seqs(String run) throws Exception {
        List<Integer> seqs = new ArrayList<>();
        for (String body : webhook.acceptedWith(run)) {
            JsonNode posted = JSON.readTree(body);
            for (JsonNode line : posted.isArray() ? posted : JSON.createArrayNode().add(posted)) {
                if (run.equals(line.path("reading").path("run").asText())) {
                    seqs.add(line.path("reading").path("seq").asInt());
                }
            }
        }
        return seqs;
    }

    @Override
    public void close() {
        webhook.close();
    }
}
