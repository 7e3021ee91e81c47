package io.sensorbridge.mqtt;

import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Configuration;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.apache.camel.support.DefaultProducer;
import org.eclipse.paho.mqttv5.client.DisconnectedBufferOptions;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code paho-mqtt5:} producer that never fails a publish because the broker is away: while it is unreachable (also
 * at start-up) messages wait in a bounded buffer and leave, in order, on reconnect. When the buffer is full, new
 * messages are dropped and counted; one warning line gives the count when the connection is back.
 */
class BufferingPahoProducer extends DefaultProducer implements ReconnectingClient.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(BufferingPahoProducer.class);
    private static final long INFLIGHT_WAIT_MILLIS = 100;

    private final AtomicLong dropped = new AtomicLong();
    private final int bufferSize;
    private volatile ReconnectingClient connection;

    BufferingPahoProducer(DurablePahoEndpoint endpoint, int bufferSize) {
        super(endpoint);
        this.bufferSize = bufferSize;
    }

    @Override
    public DurablePahoEndpoint getEndpoint() {
        return (DurablePahoEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        connection = getEndpoint().newConnection(this, "publisher");
        DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
        buffer.setBufferEnabled(true);
        buffer.setBufferSize(bufferSize);
        buffer.setDeleteOldestMessages(false);
        connection.client().setBufferOpts(buffer);
        connection.start();
    }

    @Override
    protected void doStop() throws Exception {
        connection.stop();
        super.doStop();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        PahoMqtt5Configuration config = getEndpoint().getConfiguration();
        Message in = exchange.getMessage();
        String topic = in.getHeader(PahoMqtt5Constants.CAMEL_PAHO_OVERRIDE_TOPIC, getEndpoint().getTopic(), String.class);
        MqttMessage message = new MqttMessage(in.getMandatoryBody(byte[].class));
        message.setQos(in.getHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_QOS, config.getQos(), Integer.class));
        message.setRetained(in.getHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_RETAINED, config.isRetained(), Boolean.class));
        publish(topic, message);
    }

    private void publish(String topic, MqttMessage message) throws MqttException {
        while (true) {
            try {
                connection.client().publish(topic, message);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() == MqttClientException.REASON_CODE_DISCONNECTED_BUFFER_FULL) {
                    dropped.incrementAndGet();
                    return;
                }
                if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                    throw e;
                }
                // the in-flight window (maxInflight) is full: wait for one delivery, then try again
                IMqttToken[] pending = connection.client().getPendingTokens();
                if (pending.length > 0) {
                    pending[0].waitForCompletion(INFLIGHT_WAIT_MILLIS);
                }
            }
        }
    }

    @Override
    public void connected(ReconnectingClient connected) {
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
            LOG.warn("{} message(s) to {} were dropped while the broker was unreachable: the buffer of {} was full",
                    lost, getEndpoint().getTopic(), bufferSize);
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        // a publisher subscribes to nothing
    }
}
