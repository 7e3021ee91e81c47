package io.sensorbridge.reading;

import java.time.Clock;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulator's sensors without a broker: values, seeds, topics and chaos, tick by tick. */
class SimulatedSensorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Chaos NO_CHAOS = new Chaos(0, 0, 0);
    private static final String TEMPLATE = "sensors/{sensor}/temperature";

    @Test
    void should_give_uniform_whole_temperatures_from_minus_20_to_30_reaching_both_ends() throws Exception {
        BitSet seen = new BitSet();
        for (JsonNode reading : readings(sensors(1, TemperatureModel.UNIFORM, 1, NO_CHAOS), 5_000)) {
            assertTrue(reading.get("temperature").isInt(), reading.toString());
            int temperature = reading.get("temperature").asInt();
            assertTrue(temperature >= -20 && temperature <= 30, reading.toString());
            seen.set(temperature + 20);
        }
        assertEquals(51, seen.cardinality(), "every value of -20..30 comes up in 5,000 readings");
    }

    @Test
    void should_walk_within_minus_20_to_30_in_small_steps_around_a_daily_cycle() throws Exception {
        // 2 days at one reading a minute, for 10 sensors
        SimulatedSensors sensors = sensors(10, TemperatureModel.WALK, 7, NO_CHAOS, 60_000);
        Map<String, List<Double>> bySensor = valuesBySensor(readings(sensors, 2 * 24 * 60));

        for (List<Double> values : bySensor.values()) {
            double lowest = values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double highest = values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            assertTrue(lowest >= -20 && highest <= 30, "bounds: " + lowest + ".." + highest);
            assertTrue(highest - lowest > 10, "the day shows (16 degrees trough to peak): " + lowest + ".." + highest);
            for (int i = 1; i < values.size(); i++) {
                assertTrue(Math.abs(values.get(i) - values.get(i - 1)) < 2.5,
                        "continuous: " + values.get(i - 1) + " then " + values.get(i));
                assertEquals(values.get(i), Math.round(values.get(i) * 10) / 10.0, "one decimal");
            }
        }
    }

    @Test
    void should_repeat_each_sensors_values_for_the_same_seed_whatever_the_sensor_count_and_chaos() throws Exception {
        Map<String, List<Double>> first = walk(3, 42);
        Map<String, List<Double>> again = walk(3, 42);
        Map<String, List<Double>> more = walk(5, 42);
        Map<String, List<Double>> other = walk(3, 43);

        assertEquals(first, again, "same seed, same values per sensor");
        assertEquals(first.get("sim-2"), more.get("sim-2"), "sim-2's values do not depend on how many sensors run");
        assertNotEquals(first, other, "another seed, other values");
        assertNotEquals(first.get("sim-1"), first.get("sim-2"), "each sensor has its own values");

        Map<Long, Double> plain = valuesBySeq(readings(sensors(1, TemperatureModel.UNIFORM, 9, NO_CHAOS), 300));
        Map<Long, Double> chaotic = valuesBySeq(readings(sensors(1, TemperatureModel.UNIFORM, 9,
                new Chaos(0.2, 0.2, 0.2)), 300));
        chaotic.forEach((seq, value) -> assertEquals(plain.get(seq), value, "seq " + seq + " with chaos on"));
    }

    @Test
    void should_publish_each_sensor_to_its_own_topic_with_numbered_ids() {
        List<SimulatedSensors.Message> tick = sensors(3, TemperatureModel.UNIFORM, 1, NO_CHAOS).tick();

        assertEquals(List.of("sensors/sim-1/temperature", "sensors/sim-2/temperature", "sensors/sim-3/temperature"),
                tick.stream().map(SimulatedSensors.Message::topic).toList());
        assertEquals(List.of("probe-07", "probe-08", "probe-09", "probe-10"), SimulatedSensors.ids("probe-07", 4));
        assertEquals(List.of("kitchen-1", "kitchen-2"), SimulatedSensors.ids("kitchen", 2));
        assertEquals(List.of("kitchen"), SimulatedSensors.ids("kitchen", 1));
        assertEquals("sensors/+/temperature", SensorTopic.filter(TEMPLATE));
        assertEquals("sensors/temperature", SensorTopic.filter("sensors/temperature"));
    }

    @Test
    void should_inject_each_fault_at_about_its_rate() throws Exception {
        SimulatedSensors sensors = sensors(100, TemperatureModel.UNIFORM, 5, new Chaos(0.05, 0.1, 0.02));
        int ticks = 200; // 20,000 readings
        int readings = 0;
        int malformed = 0;
        Map<String, Integer> timesSent = new HashMap<>();
        for (int t = 0; t < ticks; t++) {
            for (SimulatedSensors.Message message : sensors.tick()) {
                if (isReading(message.payload())) {
                    readings++;
                    timesSent.merge(message.payload(), 1, Integer::sum);
                } else {
                    malformed++;
                }
            }
        }
        long duplicated = timesSent.values().stream().filter(n -> n == 2).count();
        long distinct = timesSent.size();
        int attempts = 100 * ticks;

        assertWithin(0.05, malformed / (double) attempts, "malformed rate");
        assertWithin(0.02, (attempts - distinct) / (double) attempts, "drop rate");
        assertWithin(0.1, duplicated / (double) distinct, "duplicate rate");
        assertTrue(timesSent.values().stream().allMatch(n -> n <= 2), "a duplicate is sent twice, not more");
        SimulatedSensors.Tally tally = sensors.tally();
        assertEquals(distinct, tally.readings());
        assertEquals(duplicated, tally.duplicates());
        assertEquals(malformed, tally.malformed());
        assertEquals(readings, tally.readings() + tally.duplicates());
    }

    @Test
    void should_name_each_dropped_seq_in_the_next_reading_of_its_sensor() throws Exception {
        SimulatedSensors sensors = sensors(10, TemperatureModel.WALK, 11, new Chaos(0, 0, 0.3));
        Map<String, BitSet> published = new HashMap<>();
        Map<String, BitSet> named = new HashMap<>();
        Map<String, Long> highest = new HashMap<>();
        for (JsonNode reading : readings(sensors, 500)) {
            String sensor = reading.get("sensor").asText();
            long seq = reading.get("seq").asLong();
            assertTrue(seq > highest.getOrDefault(sensor, 0L), "seq grows: " + reading);
            published.computeIfAbsent(sensor, s -> new BitSet()).set((int) seq);
            for (JsonNode dropped : reading.path("dropped")) {
                assertTrue(dropped.asLong() > highest.getOrDefault(sensor, 0L) && dropped.asLong() < seq,
                        "names only the seqs skipped since its sensor's previous reading: " + reading);
                named.computeIfAbsent(sensor, s -> new BitSet()).set((int) dropped.asLong());
            }
            highest.put(sensor, seq);
        }

        long namedTotal = 0;
        for (String sensor : published.keySet()) {
            BitSet accounted = (BitSet) published.get(sensor).clone();
            BitSet drops = named.getOrDefault(sensor, new BitSet());
            assertFalse(accounted.intersects(drops), sensor + ": a dropped seq is never published");
            accounted.or(drops);
            assertEquals(highest.get(sensor).intValue(), accounted.cardinality(),
                    sensor + ": every seq up to the last is published or named as dropped");
            namedTotal += drops.cardinality();
        }
        assertEquals(sensors.tally().dropped(), namedTotal);
        assertWithin(0.3, namedTotal / 5_000.0, "drop rate");
    }

    @Test
    void should_make_malformed_payloads_the_bridge_refuses() {
        SimulatedSensors sensors = sensors(50, TemperatureModel.UNIFORM, 3, new Chaos(1, 0, 0));
        ReadingCheck check = new ReadingCheck();
        List<String> malformed = new ArrayList<>();
        for (SimulatedSensors.Message message : sensors.tick()) {
            if (!isReading(message.payload())) {
                malformed.add(message.payload());
            }
        }

        assertEquals(50, malformed.size(), "rate 1: one malformed message per sensor");
        for (String payload : malformed) {
            assertThrows(Exception.class, () -> check.validate(JSON.readValue(payload, Object.class)), payload);
        }
        assertTrue(malformed.stream().anyMatch(p -> p.endsWith(":")), "some are cut short");
        assertTrue(malformed.stream().anyMatch(p -> p.contains("\"n/a\"")), "some have no number");
    }

    private static void assertWithin(double expected, double actual, String what) {
        assertTrue(Math.abs(actual - expected) <= expected * 0.2, what + ": " + actual + ", expected " + expected
                                                                   + " +- 20%");
    }

    private static boolean isReading(String payload) {
        try {
            new ReadingCheck().validate(JSON.readValue(payload, Object.class));
            return true;
        } catch (Exception notAReading) {
            return false;
        }
    }

    private static SimulatedSensors sensors(int count, TemperatureModel model, long seed, Chaos chaos) {
        return sensors(count, model, seed, chaos, 1000);
    }

    private static SimulatedSensors sensors(int count, TemperatureModel model, long seed, Chaos chaos, long period) {
        return new SimulatedSensors("sim-1", count, TEMPLATE, model, seed, period, chaos, Clock.systemUTC());
    }

    /** The readings of {@code ticks} ticks, in order, without the malformed messages. */
    private static List<JsonNode> readings(SimulatedSensors sensors, int ticks) throws Exception {
        List<JsonNode> readings = new ArrayList<>();
        for (int t = 0; t < ticks; t++) {
            for (SimulatedSensors.Message message : sensors.tick()) {
                if (isReading(message.payload())) {
                    readings.add(JSON.readTree(message.payload()));
                }
            }
        }
        return readings;
    }

    /** 200 walk readings of each of {@code count} sensors, by sensor. */
    private static Map<String, List<Double>> walk(int count, long seed) throws Exception {
        return valuesBySensor(readings(sensors(count, TemperatureModel.WALK, seed, NO_CHAOS), 200));
    }

    private static Map<String, List<Double>> valuesBySensor(List<JsonNode> readings) {
        Map<String, List<Double>> values = new LinkedHashMap<>();
        for (JsonNode reading : readings) {
            values.computeIfAbsent(reading.get("sensor").asText(), s -> new ArrayList<>())
                    .add(reading.get("temperature").asDouble());
        }
        return values;
    }

    private static Map<Long, Double> valuesBySeq(List<JsonNode> readings) {
        Map<Long, Double> values = new HashMap<>();
        for (JsonNode reading : readings) {
            values.put(reading.get("seq").asLong(), reading.get("temperature").asDouble());
        }
        return values;
    }
}
