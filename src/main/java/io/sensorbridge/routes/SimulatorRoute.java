package io.sensorbridge.routes;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.dataformat.JsonLibrary;

/** The simulator of routes/simulator.camel.yaml in Java DSL (run with routes.dsl=java). */
public class SimulatorRoute extends RouteBuilder {

    @Override
    public void configure() {
        LoggingLevel logLevel = LoggingLevel.valueOf(getContext().resolvePropertyPlaceholders("{{simulator.log-level}}"));

        from("timer:simulator?period={{simulator.period}}&delay=0")
                .routeId("simulator")
                .routeDescription("Publishes a random temperature reading to MQTT every simulator.period ms")
                .autoStartup("{{simulator.enabled}}")
                .startupOrder(3)
                .bean("readingGenerator", "next")
                .marshal().json(JsonLibrary.Jackson)
                .to("paho-mqtt5:{{sensor.topic}}?clientId={{simulator.client-id}}&qos={{mqtt.qos}}&cleanStart=false"
                    + "&sessionExpiryInterval=4294967295&lazyStartProducer=true")
                .log(logLevel, "published: ${body}");
    }
}
