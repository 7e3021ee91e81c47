package io.sensorbridge;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.sensorbridge.support.FilesBelow;
import io.sensorbridge.support.OutputFiles;
import io.sensorbridge.support.TestApplication;
import io.sensorbridge.support.MosquittoPub;
import io.sensorbridge.support.TopicNames;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bridge subscribes with wildcards, so publishers choose the topics, and topics become folders. Hostile ones
 * sent through the real broker land inside the output folder, in folders that read back to the topic.
 */
@CamelMainTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileTopicsTest extends BootedApplication {

    private static final TestApplication APP = TestApplication.use("topics")
            .set("simulator.enabled", "false")
            .set("bridge.topic", "#")
            .set("bridge.log-level", "OFF");

    @Override
    TestApplication app() {
        return APP;
    }

    @Test
    void should_write_hostile_topics_only_inside_the_output_folder_in_reversible_folders() throws Exception {
        TestApplication.awaitBridgeSubscribed(context);
        Set<String> sent = new HashSet<>();
        for (String topic : TopicNames.HOSTILE) {
            if (MosquittoPub.publish(APP.port, topic, "{\"temperature\": 1}", 1)) {
                sent.add(topic);
            } else {
                // HiveMQ refuses control characters in topics (MQTT says "SHOULD NOT"); other brokers pass them on
                assertTrue(topic.chars().anyMatch(Character::isISOControl), "refused by the broker: " + topic);
            }
        }

        await().atMost(30, TimeUnit.SECONDS).until(() -> OutputFiles.lines(APP.readings).size() == sent.size());
        assertEquals(List.of(), FilesBelow.outside(APP.dir, APP.readings, APP.dir.resolve("broker")),
                "files outside the output folder");
        Set<String> topicsWritten = new HashSet<>();
        for (Path file : OutputFiles.files(APP.readings)) {
            Path folder = APP.readings.relativize(file.getParent());
            for (JsonNode line : OutputFiles.linesOf(file)) {
                String topic = line.get("topic").asText();
                topicsWritten.add(topic);
                assertTrue(folder.toString().startsWith("~") || TopicNames.topicOf(folder).equals(topic),
                        folder + " reads back as the topic of its lines");
            }
        }
        assertEquals(sent, topicsWritten);
        assertTrue(sent.size() >= TopicNames.HOSTILE.size() - 1, "only the control-character topic may be refused");
    }
}
