package io.sensorbridge.reading;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's sensors ({@code simulator.sensors} of them): on each tick of the simulator's timer, one reading
 * from every sensor as a JSON message for the sensor's topic, with the {@link Chaos} asked for.
 * <p>
 * Each sensor draws its temperatures and its faults from two random streams of its own, split in sensor order from
 * {@code simulator.seed}: the same seed gives each sensor the same values, whatever the number of sensors or the
 * chaos rates. One run id is shared by all sensors and is new each time the simulator starts.
 */
public final class SimulatedSensors {

    /** One MQTT message to publish. */
    public record Message(String topic, String payload) {
    }

    /** What the simulator published since it started; {@code dropped} counts the drops named in a reading so far. */
    public record Tally(long readings, long duplicates, long malformed, long dropped) {
    }

    private record Sensor(String id, String topic, ReadingGenerator readings, RandomGenerator chaos) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedSensors.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TRAILING_NUMBER = Pattern.compile("(.*?)(\\d{1,9})");

    private final List<Sensor> sensors = new ArrayList<>();
    private final Chaos chaos;
    private final String description;
    private boolean described;
    private long readings;
    private long duplicates;
    private long malformed;
    private long dropped;

    public SimulatedSensors(String firstId, int count, String topicTemplate, TemperatureModel model, long seed,
                            long periodMillis, Chaos chaos, Clock clock) {
        this.chaos = chaos;
        String run = UUID.randomUUID().toString().substring(0, 8);
        SplittableRandom streams = new SplittableRandom(seed);
        for (String id : ids(firstId, count)) {
            Sensor sensor = new Sensor(id, SensorTopic.of(topicTemplate, id),
                    new ReadingGenerator(id, run, model.temperatures(streams.split(), periodMillis), clock),
                    streams.split());
            sensors.add(sensor);
        }
        this.description = "Simulating " + count + (count == 1 ? " sensor (" : " sensors (") + firstId
                + (count == 1 ? "" : ".." + sensors.get(count - 1).id()) + ") on " + topicTemplate + ", run " + run
                + ", model " + model.name().toLowerCase(Locale.ROOT) + ", seed " + seed
                + " (simulator.seed=" + seed + " repeats these values), chaos: " + chaos;
    }

    /**
     * The sensor ids: {@code first} for one sensor; for several, the number at the end of {@code first} counted up
     * (sim-1 -> sim-1..sim-N, probe-07 -> probe-07, probe-08, ...), or -1..-N added when it has none.
     */
    public static List<String> ids(String first, int count) {
        if (count == 1) {
            return List.of(first);
        }
        Matcher numbered = TRAILING_NUMBER.matcher(first);
        boolean hasNumber = numbered.matches();
        String prefix = hasNumber ? numbered.group(1) : first + "-";
        long start = hasNumber ? Long.parseLong(numbered.group(2)) : 1;
        String format = "%s%0" + (hasNumber ? numbered.group(2).length() : 1) + "d";
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(String.format(format, prefix, start + i));
        }
        return ids;
    }

    /** This tick's messages: each sensor's reading, minus the drops, plus the duplicates and malformed ones. */
    public synchronized List<Message> tick() {
        if (!described) {
            LOG.info(description);
            described = true;
        }
        List<Message> messages = new ArrayList<>(sensors.size() + 16);
        for (Sensor sensor : sensors) {
            Chaos.Faults faults = chaos.draw(sensor.chaos());
            if (faults.drop()) {
                sensor.readings().drop();
            } else {
                Map<String, Object> reading = sensor.readings().next();
                Message message = new Message(sensor.topic(), json(reading));
                messages.add(message);
                readings++;
                if (reading.get("dropped") instanceof List<?> skipped) {
                    dropped += skipped.size();
                }
                if (faults.duplicate()) {
                    messages.add(message);
                    duplicates++;
                }
            }
            if (faults.malformed()) {
                messages.add(new Message(sensor.topic(), Chaos.malformedPayload(sensor.id(), sensor.chaos())));
                malformed++;
            }
        }
        return messages;
    }

    public synchronized Tally tally() {
        return new Tally(readings, duplicates, malformed, dropped);
    }

    private static String json(Map<String, Object> reading) {
        try {
            return JSON.writeValueAsString(reading);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a reading of strings and numbers is always JSON", e);
        }
    }
}
