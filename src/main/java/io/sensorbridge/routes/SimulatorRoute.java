package io.sensorbridge.routes;

import java.util.Locale;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.paho.PahoConstants;

/** The simulator of routes/simulator.camel.yaml in Java DSL (run with routes.dsl=java). */
public class SimulatorRoute extends RouteBuilder {

    @Override
    public void configure() {
        LoggingLevel logLevel = LoggingLevel.valueOf(
                getContext().resolvePropertyPlaceholders("{{simulator.log-level}}").toUpperCase(Locale.ROOT));

        // fixedRate: tick k fires at start + k x period, however long tick k-1 took: no drift
        from("timer:simulator?period={{simulator.period}}&fixedRate=true&delay=0")
                .routeId("simulator")
                .routeDescription("Publishes a temperature reading of every simulated sensor to MQTT every"
                                  + " simulator.period ms")
                .precondition("{{simulator.enabled}}")
                .startupOrder(3)
                .bean("simulatedSensors", "tick")
                .split(body())
                    .setHeader(PahoConstants.CAMEL_PAHO_OVERRIDE_TOPIC, simple("${body.topic}"))
                    .setBody(simple("${body.payload}"))
                    // the client connects when the route starts, alongside the bridge's (the timer fires only later)
                    .to("paho:{{sensor.topic}}?clientId={{simulator.client-id}}&qos={{mqtt.qos}}")
                    .log(logLevel, "published: ${body}")
                .end();
    }
}
