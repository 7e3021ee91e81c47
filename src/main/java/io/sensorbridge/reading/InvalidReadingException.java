package io.sensorbridge.reading;

/**
 * A payload that is not a reading; its message is the one-line reason written to the dead-letter record, its
 * {@link #kind()} one of a few words that counts it (the {@code reason} of {@code sensorbridge_dead_letters_total}).
 */
public final class InvalidReadingException extends Exception {

    private final String kind;

    public InvalidReadingException(String kind, String reason) {
        super(reason, null, false, false);
        this.kind = kind;
    }

    /** empty, too-large, not-an-object, no-temperature, bad-field. */
    public String kind() {
        return kind;
    }
}
