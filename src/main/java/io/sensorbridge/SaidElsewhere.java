package io.sensorbridge;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Keeps two of Camel's lines off the console (logback.xml), since what they say is said elsewhere or is no news:
 * <ul>
 * <li>its report of a start that failed for a bad setting ("Error starting CamelContext ... due to exception
 * thrown: Bad configuration: ..." and the exception), when the setting is found while the context starts (a port
 * taken late): the application says it in one line naming the key, as for every other bad setting;</li>
 * <li>"Using 2 instances of same component class ... with names: forward-mqtt, paho", logged at every start in case
 * two instances are a mistake: here they are by design (the MQTT forward's client is configured apart from the
 * routes'), and a newcomer reading the first screen can do nothing with it.</li>
 * </ul>
 */
public final class SaidElsewhere extends Filter<ILoggingEvent> {

    @Override
    public FilterReply decide(ILoggingEvent event) {
        if (event.getMessage().startsWith("Using {} instances of same component class")) {
            return FilterReply.DENY;
        }
        for (IThrowableProxy thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
            if (thrown.getClassName().equals(ConfigurationException.class.getName())
                && !event.getLoggerName().startsWith("io.sensorbridge.")) {
                return FilterReply.DENY;
            }
        }
        return FilterReply.NEUTRAL;
    }
}
