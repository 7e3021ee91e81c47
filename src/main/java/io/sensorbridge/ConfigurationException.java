package io.sensorbridge;

/**
 * A setting that cannot work, found at start-up. Its message is the one line a person needs:
 * the key, what it must be, and what was given.
 */
public final class ConfigurationException extends RuntimeException {

    public ConfigurationException(String key, String expected) {
        super("Bad configuration: " + key + " must be " + expected, null, false, false);
    }

    /** The ConfigurationException that caused {@code failure}, if any. */
    public static ConfigurationException findIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationException bad) {
                return bad;
            }
        }
        return null;
    }
}
