package io.sensorbridge.mqtt;

/**
 * The options of a {@code paho:} endpoint that our consumer and producer use, the same in camel-paho and
 * camel-paho-mqtt5.
 *
 * @param clientId           the configured client id, or a generated one
 * @param connectionTimeout  seconds a connect may take before it is abandoned
 * @param maxReconnectDelay  milliseconds the reconnect back-off grows to
 */
record ClientSettings(String brokerUrl, String clientId, int qos, boolean retained, boolean manualAcksEnabled,
                      int connectionTimeout, long maxReconnectDelay) {
}
