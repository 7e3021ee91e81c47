package io.sensorbridge.reading;

/** A payload that is not a reading; its message is the one-line reason written to the dead-letter record. */
public final class InvalidReadingException extends Exception {

    public InvalidReadingException(String reason) {
        super(reason, null, false, false);
    }
}
