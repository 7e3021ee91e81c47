package io.sensorbridge.mqtt;

import java.util.function.Consumer;

/**
 * A Paho action's outcome passed on to our callbacks, on either API: Paho's mqttv3 {@code IMqttActionListener} and
 * mqttv5 {@code MqttActionListener} are the same two methods over each API's own token type, so one class is both.
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

    /** For an action of the mqttv3 API (MQTT 3.1.1). */
    static PahoListener v3(Consumer<org.eclipse.paho.client.mqttv3.IMqttToken> success, Consumer<Throwable> failure) {
        return new PahoListener(success, null, failure);
    }

    /** For an action of the mqttv5 API (MQTT 5). */
    static PahoListener v5(Consumer<org.eclipse.paho.mqttv5.client.IMqttToken> success, Consumer<Throwable> failure) {
        return new PahoListener(null, success, failure);
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
