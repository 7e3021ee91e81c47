package io.sensorbridge.mqtt;

/**
 * MQTT topic filters as the specification has them: {@code +} stands for one whole level (an empty one too),
 * {@code #} as the last level for any number of levels, none included ({@code sensors/#} matches {@code sensors}).
 * (Paho 1.2.5's {@code MqttTopic.isMatched} gets empty levels wrong: {@code +/+} does not match {@code /x} there.)
 */
public final class TopicFilter {

    private TopicFilter() {
    }

    /** Whether {@code filter} is well formed: each {@code +} a whole level, {@code #} only as the last level. */
    public static boolean isValid(String filter) {
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            boolean wildcard = level.contains("+") || level.contains("#");
            if (wildcard && !level.equals("+") && !(level.equals("#") && i == levels.length - 1)) {
                return false;
            }
        }
        return !filter.isEmpty();
    }

    /** Whether {@code topic} matches the (well formed) {@code filter}. */
    public static boolean matches(String filter, String topic) {
        String[] wanted = filter.split("/", -1);
        String[] levels = topic.split("/", -1);
        for (int i = 0; i < wanted.length; i++) {
            if (wanted[i].equals("#")) {
                return true;
            }
            if (i >= levels.length || !wanted[i].equals("+") && !wanted[i].equals(levels[i])) {
                return false;
            }
        }
        return wanted.length == levels.length;
    }
}
