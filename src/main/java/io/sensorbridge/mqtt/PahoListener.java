package io.sensorbridge.mqtt;

import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * A Paho action's outcome passed on to our callbacks, on either API: Paho's mqttv3 {@code IMqttActionListener} and
 * mqttv5 {@code MqttActionListener} are the same two methods over each API's own token type, so one class is both,
 * and what each API's token says of a connect, a subscribe or a publish is read here.
 */
final class PahoListener implements org.eclipse.paho.client.mqttv3.IMqttActionListener,
        org.eclipse.paho.mqttv5.client.MqttActionListener {

    private final Consumer<org.eclipse.paho.client.mqttv3.IMqttToken> v3;
    private final Consumer<org.eclipse.paho.mqttv5.client.IMqttToken> v5;
    private final Consumer<Throwable> failure;

    private PahoListener(Consumer<org.eclipse.paho.client.mqttv3.IMqttToken> v3,
                         Consumer<org.eclipse.paho.mqttv5.client.IMqttToken> v5, Consumer<Throwable> failure) {
        this.v3 = v3;
        this.v5 = v5;
        this.failure = failure;
    }

    /** A connect: {@code done} gets whether the broker still had our session. */
    static PahoListener connected(Consumer<Boolean> done, Consumer<Throwable> failed) {
        return new PahoListener(token -> done.accept(token.getSessionPresent()),
                token -> done.accept(token.getSessionPresent()), failed);
    }

    /** A subscribe to one filter: {@code granted} gets the QoS granted; a refusal (a code from 0x80) is a failure. */
    static PahoListener subscribed(IntConsumer granted, Consumer<Throwable> failed) {
        return new PahoListener(token -> granted(token.getGrantedQos()[0], granted, failed),
                token -> granted(token.getReasonCodes()[0], granted, failed), failed);
    }

    /**
     * A publish: {@code delivered} gets null once the broker acknowledged it (or it was written out, at QoS 0), an
     * {@link IllegalArgumentException} for an MQTT 5 refusal no retry changes, another failure otherwise.
     */
    static PahoListener delivered(Consumer<Throwable> delivered) {
        return new PahoListener(token -> delivered.accept(null), token -> delivered.accept(refusal(token)),
                delivered);
    }

    private static void granted(int code, IntConsumer granted, Consumer<Throwable> failed) {
        if (code >= 0x80) {
            failed.accept(new IllegalStateException("the broker refused the subscription"));
        } else {
            granted.accept(code);
        }
    }

    /**
     * What an MQTT 5 PUBACK's reason code says: null for success; for a refusal no retry changes (not authorized,
     * topic name or payload format invalid) an IllegalArgumentException, for any other an IllegalStateException.
     */
    private static Throwable refusal(org.eclipse.paho.mqttv5.client.IMqttToken token) {
        int[] codes = token.getReasonCodes();
        int code = codes == null || codes.length == 0 ? 0 : codes[0];
        if (code < 0x80) {
            return null;
        }
        String reason = "the broker refused the message (MQTT 5 reason code 0x" + Integer.toHexString(code) + ")";
        return code == 0x87 || code == 0x90 || code == 0x99 ? new IllegalArgumentException(reason)
                : new IllegalStateException(reason);
    }

    @Override
    public void onSuccess(org.eclipse.paho.client.mqttv3.IMqttToken token) {
        v3.accept(token);
    }

    @Override
    public void onSuccess(org.eclipse.paho.mqttv5.client.IMqttToken token) {
        v5.accept(token);
    }

    @Override
    public void onFailure(org.eclipse.paho.client.mqttv3.IMqttToken token, Throwable cause) {
        failure.accept(cause);
    }

    @Override
    public void onFailure(org.eclipse.paho.mqttv5.client.IMqttToken token, Throwable cause) {
        failure.accept(cause);
    }
}
