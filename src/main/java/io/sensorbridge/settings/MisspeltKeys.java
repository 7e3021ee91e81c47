package io.sensorbridge.settings;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

import io.sensorbridge.ConfigurationException;

/**
 * A key (from a file or -D) or an environment variable that looks like one of ours misspelt is refused, naming the key
 * it is probably meant to be: a typo would otherwise leave the default in place without a word.
 */
final class MisspeltKeys {

    private static final List<String> PREFIXES =
            List.of("bridge.", "simulator.", "mqtt.", "broker.", "sensor.", "routes.", "forward.", "http.");
    private static final List<String> ENV_PREFIXES = PREFIXES.stream().map(MisspeltKeys::environmentForm).toList();
    private static final int MAX_TYPO_DISTANCE = 3;

    private MisspeltKeys() {
    }

    static void refuse(Collection<String> keysGiven, Collection<String> known) {
        for (String key : keysGiven) {
            refuseIfMisspelt(key, known, PREFIXES, k -> k);
        }
        for (String variable : System.getenv().keySet()) {
            refuseIfMisspelt(variable, known, ENV_PREFIXES, MisspeltKeys::environmentForm);
        }
    }

    private static void refuseIfMisspelt(String given, Collection<String> known, List<String> prefixes,
                                         UnaryOperator<String> form) {
        if (prefixes.stream().noneMatch(given::startsWith) || known.stream().map(form).anyMatch(given::equals)) {
            return;
        }
        String meant = known.stream().min(Comparator.comparingInt(k -> distance(form.apply(k), given))).orElseThrow();
        if (distance(form.apply(meant), given) <= MAX_TYPO_DISTANCE) {
            throw new ConfigurationException(given, "a known key: did you mean " + form.apply(meant)
                    + (form.apply(meant).equals(meant) ? "" : " (" + meant + ")") + "?");
        }
    }

    /** How Camel reads a key from the environment: bridge.output.dir is BRIDGE_OUTPUT_DIR. */
    private static String environmentForm(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Levenshtein distance: how many letters to change, add or remove to turn one key into the other. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int change = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + change);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
