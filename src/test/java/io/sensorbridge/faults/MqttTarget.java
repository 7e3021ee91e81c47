package io.sensorbridge.faults;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sensorbridge.support.TestMqttClient;

/**
 * The MQTT forward's other broker: a real Mosquitto (persistence on, no queue limit), and a subscriber with a
 * persistent session to {@code site-1/#}, made again after each restart of the broker, so what the forward publishes
 * while it is away from the subscriber waits for it.
 */
final class MqttTarget implements ForwardTarget {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUBSCRIBER = "cloud-subscriber";

    private final MosquittoBroker broker;
    private final List<String> received = new ArrayList<>();
    private TestMqttClient subscriber;

    MqttTarget(Path dir) throws Exception {
        broker = new MosquittoBroker(dir.resolve("cloud"));
    }

    @Override
    public Map<String, String> bridgeSettings() {
        return Map.of("FORWARD_MQTT_URL", broker.url(), "FORWARD_MQTT_TOPIC_PREFIX", "site-1/");
    }

    @Override
    public void start() throws Exception {
        broker.start();
        subscriber = new TestMqttClient(broker.url(), SUBSCRIBER, false).subscribe("site-1/#", 1);
    }

    @Override
    public void stop() throws Exception {
        // closed first, then emptied: a message that arrives in between was acknowledged, and would be lost to the test
        subscriber.close();
        collect();
        subscriber = null;
        broker.stop();
    }

    @Override
    public synchronized List<Integer> seqs(String run) throws Exception {
        collect();
        List<Integer> seqs = new ArrayList<>();
        for (String payload : received) {
            JsonNode reading = JSON.readTree(payload);
            if (run.equals(reading.path("run").asText())) {
                seqs.add(reading.path("seq").asInt());
            }
        }
        return seqs;
    }

    private synchronized void collect() {
        if (subscriber != null) {
            subscriber.received().drainTo(received);
        }
    }


    @Override
    public void close() throws Exception {
        try (MosquittoBroker b = broker) {
            if (subscriber != null) {
                subscriber.close();
            }
        }
    }
}
