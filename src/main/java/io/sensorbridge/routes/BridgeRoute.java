package io.sensorbridge.routes;

import com.fasterxml.jackson.core.JacksonException;
import io.sensorbridge.files.BridgeLines;
import io.sensorbridge.reading.InvalidReadingException;
import org.apache.camel.Exchange;
import java.util.Locale;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.dataformat.JsonLibrary;

/** The bridge and dead-letter routes of routes/bridge.camel.yaml in Java DSL (run with routes.dsl=java). */
public class BridgeRoute extends RouteBuilder {

    @Override
    public void configure() {
        LoggingLevel logLevel = LoggingLevel.valueOf(
                getContext().resolvePropertyPlaceholders("{{bridge.log-level}}").toUpperCase(Locale.ROOT));

        // camel-paho, or camel-paho-mqtt5 with mqtt.version=5; either way a persistent session, and each message
        // acknowledged only once the route has written it. With a share group, $share/<group>/<bridge.topic>
        from("paho:{{bridge.topic}}?clientId={{mqtt.client-id}}&qos={{mqtt.qos}}&manualAcksEnabled=true"
             + "&shareGroup={{bridge.share-group}}")
                .routeId("bridge")
                .routeDescription("Subscribes to bridge.topic and appends each reading to a JSON Lines file per topic"
                                  + " and day")
                .precondition("{{bridge.enabled}}")
                .startupOrder(2)
                // a failed write fails the exchange: the consumer leaves the message unacknowledged and logs one line
                .errorHandler(noErrorHandler())
                // kept for a dead letter, which shows the payload as it came
                .setProperty(BridgeLines.RAW_PAYLOAD, body())
                .doTry()
                    .process("payloadSizeCheck")
                    // one JSON object and nothing after it
                    .unmarshal(dataFormat().json().library(JsonLibrary.Jackson)
                            .enableFeatures("FAIL_ON_TRAILING_TOKENS").end())
                    .process("readingCheck")
                .doCatch(JacksonException.class, InvalidReadingException.class)
                    .to("direct:dead-letter")
                    .stop()
                .end()
                // {"topic":...,"receivedAt":...,"reading":<the payload as it came>}
                .process("readingLine")
                // at most bridge.log-max-per-second lines a second; a summary line says how many were not logged
                .filter().ref("readingLogRate")
                    .log(logLevel, "bridge", "received message: ${body}")
                .end()
                .setHeader(Exchange.FILE_NAME).ref("topicPaths")
                .to("linefile:{{bridge.output.dir}}?format={{bridge.output.format}}")
                // counted as written and shown on the live page, only now that it is; the forwards (ForwardRoutes) read
                // it from the files from here on
                .process("readingWritten");

        from("direct:dead-letter")
                .routeId("dead-letter")
                // only with the bridge: replay runs the forwards alone and leaves the bridge's dead-letter folder to it
                .precondition("{{bridge.enabled}}")
                .startupOrder(1)
                .routeDescription("Writes a message the bridge could not read to the dead-letter files, with the reason")
                .bean("bridgeLines", "deadLetter")
                .bean("deadLetterLog", "record")
                .marshal().json(JsonLibrary.Jackson)
                .setHeader(Exchange.FILE_NAME).ref("topicPaths")
                .to("linefile:{{bridge.deadletter.dir}}");
    }
}
