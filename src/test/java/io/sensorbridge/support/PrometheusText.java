package io.sensorbridge.support;

import java.util.HashMap;
import java.util.Map;

/**
 * The samples of a Prometheus text exposition, by metric name with the samples of all its label sets summed
 * (what a test needs: "how many readings were written", whatever the labels). Fails on a line that is not a sample,
 * so a malformed exposition fails the test rather than reading as zero.
 */
public final class PrometheusText {

    private final Map<String, Double> totals = new HashMap<>();
    /** By name and one label, {@code name{label="value"}}: the samples that have that label. */
    private final Map<String, Double> byLabel = new HashMap<>();

    private PrometheusText(String text) {
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int labels = line.indexOf('{');
            int space = labels >= 0 ? line.indexOf(' ', line.indexOf('}', labels)) : line.indexOf(' ');
            if (space < 0) {
                throw new IllegalArgumentException("not a Prometheus sample: " + line);
            }
            String name = line.substring(0, labels >= 0 ? labels : space);
            String[] valueAndTime = line.substring(space + 1).trim().split(" ");
            double value = number(valueAndTime[0]);
            totals.merge(name, value, Double::sum);
            if (labels >= 0) {
                for (String label : line.substring(labels + 1, line.indexOf('}', labels)).split(",")) {
                    byLabel.merge(name + "{" + label.trim() + "}", value, Double::sum);
                }
            }
        }
    }

    private static double number(String value) {
        return switch (value) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value);
        };
    }

    public static PrometheusText parse(String text) {
        return new PrometheusText(text);
    }

    /** The sum of the metric's samples, 0 when it is absent (a counter not yet created). */
    public double value(String name) {
        return totals.getOrDefault(name, 0.0);
    }

    /** The sum of the samples of the metric that have {@code label="value"}, 0 when there are none. */
    public double value(String name, String label, String value) {
        return byLabel.getOrDefault(name + "{" + label + "=\"" + value + "\"}", 0.0);
    }

    public boolean has(String name) {
        return totals.containsKey(name);
    }
}
