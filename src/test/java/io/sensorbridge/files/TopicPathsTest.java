package io.sensorbridge.files;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import io.sensorbridge.support.TopicNames;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicPathsTest {

    private final TopicPaths paths = new TopicPaths();
    private final Path root = Path.of("/data/readings");

    @Test
    void should_keep_plain_topics_readable() {
        assertEquals("sensors/temperature", paths.directoryOf("sensors/temperature"));
        assertEquals("home/living%20room/t", paths.directoryOf("home/living room/t"));
    }

    @Test
    void should_encode_what_the_file_system_would_interpret() {
        assertEquals("sensors/%2E%2E/x", paths.directoryOf("sensors/../x"));
        assertEquals("sensors/%2E/x", paths.directoryOf("sensors/./x"));
        assertEquals("a/%/b", paths.directoryOf("a//b"));
        assertEquals("sensors/%43ON", paths.directoryOf("sensors/CON"));
        assertEquals("sensors/a%5Cb", paths.directoryOf("sensors/a\\b"));
        assertEquals("sensors/%252e%252e/x", paths.directoryOf("sensors/%2e%2e/x"));
    }

    @Test
    void should_map_every_hostile_topic_inside_the_output_folder_and_back() {
        for (String topic : TopicNames.HOSTILE) {
            String folder = paths.directoryOf(topic);
            Path resolved = root.resolve(folder).normalize();

            assertTrue(resolved.startsWith(root) && !resolved.equals(root), topic + " -> " + folder);
            assertTrue(folder.length() <= 1000, "short enough for a file system: " + topic.length());
            if (!folder.startsWith("~")) {
                assertEquals(topic, TopicNames.topicOf(Path.of(folder)), "reversible: " + folder);
            }
        }
    }

    @Test
    void should_hash_a_topic_too_long_for_a_file_system_stably() {
        String longTopic = "sensors/" + "x".repeat(60_000);

        String folder = paths.directoryOf(longTopic);

        assertTrue(folder.matches("~[0-9a-f]{64}"), folder);
        assertEquals(folder, paths.directoryOf(longTopic), "stable");
    }

    @Test
    void should_name_the_file_of_the_day_or_hour_in_either_layout() {
        long received = Instant.parse("2026-11-25T14:30:00.250Z").toEpochMilli();

        assertEquals("home/living%20room/2026-11-25.jsonl", paths.dayFile("home/living room", received));
        assertEquals("home/living%20room/2026-11-25T14.jsonl",
                new TopicPaths(false, FilePeriod.HOUR, "").dayFile("home/living room", received));
        assertEquals("topic=home%2Fliving%20room/date=2026-11-25/2026-11-25T14.jsonl",
                new TopicPaths(true, FilePeriod.HOUR, "").dayFile("home/living room", received));
        assertEquals("topic=sensors%2F%2E%2E%2Fx/date=2026-11-25/2026-11-25.jsonl",
                new TopicPaths(true, FilePeriod.DAY, "").dayFile("sensors/../x", received));
    }

    @Test
    void should_put_a_share_group_members_files_below_its_own_member_folder_in_either_layout() {
        long received = Instant.parse("2026-11-25T14:30:00.250Z").toEpochMilli();

        assertEquals("member=bridge-1/sensors/t/2026-11-25.jsonl",
                new TopicPaths(false, FilePeriod.DAY, "bridge-1").dayFile("sensors/t", received));
        assertEquals("member=bridge-1/topic=sensors%2Ft/date=2026-11-25/2026-11-25.jsonl",
                new TopicPaths(true, FilePeriod.DAY, "bridge-1").dayFile("sensors/t", received));
        assertEquals("member=site%2Fa%20b%2E%2E/sensors/t/2026-11-25.jsonl",
                new TopicPaths(false, FilePeriod.DAY, "site/a b..").dayFile("sensors/t", received),
                "a client id is one safe level, whatever it holds");
    }

    @Test
    void should_start_the_next_file_on_the_first_millisecond_of_the_next_period_and_go_back_for_an_earlier_one() {
        TopicPaths hourly = new TopicPaths(true, FilePeriod.HOUR, "");
        long lastOfDay = Instant.parse("2026-11-25T23:59:59.999Z").toEpochMilli();

        assertEquals("a/2026-11-25.jsonl", paths.dayFile("a", lastOfDay));
        assertEquals("a/2026-11-26.jsonl", paths.dayFile("a", lastOfDay + 1));
        assertEquals("a/2026-11-25.jsonl", paths.dayFile("a", lastOfDay), "an earlier time after a later one");
        assertEquals("topic=a/date=2026-11-25/2026-11-25T23.jsonl", hourly.dayFile("a", lastOfDay));
        assertEquals("topic=a/date=2026-11-26/2026-11-26T00.jsonl", hourly.dayFile("a", lastOfDay + 1));
        assertEquals("topic=b/date=2026-11-26/2026-11-26T01.jsonl", hourly.dayFile("b", lastOfDay + 3_600_001));
    }

    @Test
    void should_name_the_file_of_the_exchange_topic_and_creation_time_as_an_expression() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader("CamelMqttTopic", "home/living room");
        String day = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC)
                .format(Instant.ofEpochMilli(exchange.getClock().getCreated()));

        assertEquals("home/living%20room/" + day + ".jsonl", paths.evaluate(exchange, String.class));
    }
}
