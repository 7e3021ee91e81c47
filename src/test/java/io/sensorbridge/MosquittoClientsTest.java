package io.sensorbridge;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sensorbridge.support.MosquittoPub;
import io.sensorbridge.support.MosquittoSub;
import io.sensorbridge.support.MosquittoSub.Message;
import io.sensorbridge.support.OutputFiles;
import io.sensorbridge.support.TestApplication;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Debian's mosquitto_pub and mosquitto_sub against the running application and its embedded broker, over TCP:
 * retained messages, QoS 0, 1 and 2 both ways (the clients speaking MQTT 3.1.1 and 5), the wildcards + and #, and
 * topics in UTF-8 (emoji included).
 */
@CamelMainTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MosquittoClientsTest extends BootedApplication {

    /**
     * Where the simulator publishes: UTF-8 beyond ASCII, and over MQTT 5 an emoji (outside the Basic Multilingual
     * Plane), which Paho's MQTT 3.1.1 client cannot send (the bridge receives them over both: the publish tests).
     */
    private static final String SIMULATOR_TOPIC = TestApplication.mqttVersion().equals("5")
            ? "sensors/simulé🌡/température" : "sensors/simulé/température";
    /** What the bridge subscribes to: + is exactly one level, # any number of levels below, none included. */
    private static final String BRIDGE_FILTER = "sensors/+/température/#";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final TestApplication APP = TestApplication.use("mosquitto-clients")
            .set("simulator.period", "200")
            .set("sensor.topic", SIMULATOR_TOPIC)
            .set("bridge.topic", BRIDGE_FILTER)
            .set("bridge.log-level", "OFF")
            .set("simulator.log-level", "OFF");

    @Override
    TestApplication app() {
        return APP;
    }

    @BeforeEach
    void bridgeSubscribed() {
        TestApplication.awaitBridgeSubscribed(context);
    }

    @Test
    void should_file_a_retained_message_and_deliver_it_to_a_later_subscriber() throws Exception {
        String topic = "sensors/retained/température";
        String payload = "{\"temperature\": 11}";

        assertTrue(MosquittoPub.publish(APP.port, topic, payload, 1, "-r"), "mosquitto_pub -r");

        awaitFiled(topic);
        try (MosquittoSub later = MosquittoSub.start(APP.port, topic, 1, 1)) {
            assertEquals(List.of(new Message(true, 1, topic, payload)), later.messages(), later.output());
        }
    }

    /** Each QoS, with the clients speaking MQTT 3.1.1 (their default, and the seed's) and MQTT 5. */
    static Stream<Arguments> qosAndProtocols() {
        return Stream.of(0, 1, 2).flatMap(qos -> Stream.of("mqttv311", "mqttv5").map(v -> Arguments.of(qos, v)));
    }

    @ParameterizedTest(name = "QoS {0}, {1}")
    @MethodSource("qosAndProtocols")
    void should_file_what_mosquitto_pub_publishes_at_each_qos(int qos, String protocol) throws Exception {
        String topic = "sensors/qos" + qos + "-" + protocol + "/température";

        assertTrue(MosquittoPub.publish(APP.port, topic, "{\"temperature\": " + qos + "}", qos, "-V", protocol),
                "mosquitto_pub");

        JsonNode line = awaitFiled(topic);
        assertEquals(qos, line.get("reading").get("temperature").asInt(), line.toString());
    }

    @ParameterizedTest(name = "QoS {0}, {1}")
    @MethodSource("qosAndProtocols")
    void should_deliver_the_simulator_readings_to_mosquitto_sub_at_each_qos(int qos, String protocol)
            throws Exception {
        try (MosquittoSub subscriber = MosquittoSub.start(APP.port, SIMULATOR_TOPIC, qos, 3, "-V", protocol)) {
            List<Message> messages = subscriber.messages();

            assertEquals(3, messages.size(), subscriber.output());
            long firstSeq = JSON.readTree(messages.get(0).payload()).get("seq").asLong();
            for (int i = 0; i < messages.size(); i++) {
                Message message = messages.get(i);
                assertEquals(SIMULATOR_TOPIC, message.topic(), "the topic, byte for byte");
                // the simulator publishes at QoS 1 (mqtt.qos): a subscriber gets the lower of the two
                assertEquals(Math.min(qos, 1), message.qos(), message.toString());
                assertEquals(firstSeq + i, JSON.readTree(message.payload()).get("seq").asLong(), message.payload());
            }
        }
    }

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of("wild/+/t", Set.of("wild/a/t", "wild/b/t")),
                Arguments.of("+/a/t", Set.of("wild/a/t", "other/a/t")),
                Arguments.of("wild/a/#", Set.of("wild/a", "wild/a/t", "wild/a/x", "wild/a/b/t")),
                Arguments.of("wild/+/#", Set.of("wild/a", "wild/b", "wild/t", "wild/a/t", "wild/b/t", "wild/a/x",
                        "wild/a/b/t")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void should_deliver_to_a_wildcard_subscriber_exactly_the_matching_topics(String filter, Set<String> matching)
            throws Exception {
        List<String> topics = List.of("wild", "wild/a", "wild/b", "wild/t", "wild/a/t", "wild/b/t", "wild/a/b/t",
                "wild/a/x", "other/a/t", "other/wild/a");

        try (MosquittoSub subscriber = MosquittoSub.start(APP.port, filter, 1, matching.size()).awaitSubscribed()) {
            publishOthersFirst(topics, matching);

            List<String> received = subscriber.messages().stream().map(Message::topic).toList();
            assertEquals(matching, Set.copyOf(received), subscriber.output());
            assertEquals(matching.size(), received.size(), "each once: " + received);
        }
    }

    @Test
    void should_file_exactly_the_topics_that_match_the_bridge_filter() throws Exception {
        Set<String> matching = Set.of("sensors/a/température", "sensors/b/température/x/y");
        List<String> topics = List.of("sensors/a/température", "sensors/b/température/x/y",
                "sensors/a/b/température", "sensors/température", "sensors/a/temperature", "other/a/température");

        publishOthersFirst(topics, matching);

        await().atMost(20, TimeUnit.SECONDS).until(() -> filedTopics().containsAll(matching));
        assertEquals(matching, filedTopics().stream().filter(topics::contains).collect(Collectors.toSet()),
                "the others were published first, so they would be filed by now");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sensors/küche/température", "sensors/🔥/température/ünïcødé"})
    void should_carry_a_utf8_topic_from_mosquitto_pub_to_the_files_and_to_mosquitto_sub(String topic)
            throws Exception {
        String payload = "{\"temperature\": 21}";
        try (MosquittoSub subscriber = MosquittoSub.start(APP.port, topic, 1, 1).awaitSubscribed()) {
            assertTrue(MosquittoPub.publish(APP.port, topic, payload, 1), "mosquitto_pub");

            assertEquals(List.of(new Message(false, 1, topic, payload)), subscriber.messages(), subscriber.output());
            awaitFiled(topic);
        }
    }

    /** Publishes the topics that should not arrive before those that should, so a leak shows by the time they do. */
    private static void publishOthersFirst(List<String> topics, Set<String> matching) throws Exception {
        Stream<String> othersFirst = Stream.concat(topics.stream().filter(t -> !matching.contains(t)),
                topics.stream().filter(matching::contains));
        for (String topic : othersFirst.toList()) {
            assertTrue(MosquittoPub.publish(APP.port, topic, "{\"temperature\": 1}", 1), "mosquitto_pub " + topic);
        }
    }

    /** The first line the bridge filed for {@code topic}, once there is one. */
    private static JsonNode awaitFiled(String topic) {
        await().atMost(20, TimeUnit.SECONDS).until(() -> filedTopics().contains(topic));
        return OutputFiles.lines(APP.readings).stream().filter(line -> line.get("topic").asText().equals(topic))
                .findFirst().orElseThrow();
    }

    private static Set<String> filedTopics() {
        return OutputFiles.lines(APP.readings).stream().map(line -> line.get("topic").asText())
                .collect(Collectors.toSet());
    }
}
