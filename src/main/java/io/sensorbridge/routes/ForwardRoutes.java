package io.sensorbridge.routes;

import java.sql.SQLException;

import io.sensorbridge.files.LineFileConsumer;
import io.sensorbridge.forward.ForwardDeadLetter;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.paho.PahoConstants;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.model.dataformat.JsonLibrary;
import org.apache.camel.model.errorhandler.DefaultErrorHandlerDefinition;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * The forward routes of routes/forward*.camel.yaml in Java DSL (run with routes.dsl=java): the MQTT, HTTP, PostgreSQL
 * and Kafka forwards, each reading the files from its saved position, what each of them refuses for good, and their
 * dead-letter route.
 */
public class ForwardRoutes extends RouteConfigurationBuilder {

    private static final String INSERT = "INSERT INTO {{forward.jdbc.table}} (topic, received_at, time, sensor, seq,"
            + " value, reading) VALUES (:?topic, :?receivedAt, :?time, :?sensor, CAST(:?seq AS bigint), :?value,"
            + " CAST(:?reading AS jsonb))";
    private static final org.apache.camel.Predicate REFUSED_ROW =
            org.apache.camel.builder.Builder.simple("${exception.SQLState} regex '2[23].*'");

    @Override
    public void configuration() {
        // a 4xx answer will not change by retrying (408 and 429 may)
        routeConfiguration("forward-http-refused")
                .errorHandler(forwardErrors())
                .onException(HttpOperationFailedException.class)
                    .onWhen(simple("${exception.statusCode} >= 400 && ${exception.statusCode} < 500"
                                   + " && ${exception.statusCode} != 408 && ${exception.statusCode} != 429"))
                    .handled(true)
                    .to("direct:forward-dead-letter");
        // a topic the MQTT client cannot send (an emoji on MQTT 3.1.1)
        routeConfiguration("forward-mqtt-refused")
                .errorHandler(forwardErrors())
                .onException(IllegalArgumentException.class)
                    .handled(true)
                    .to("direct:forward-dead-letter");
        // the table refused a row of the batch (a value out of range, a constraint: SQL states 22 and 23): the rows
        // go in one by one, and only those refused are dead-lettered
        routeConfiguration("forward-jdbc-refused")
                .errorHandler(forwardErrors())
                .onException(SQLException.class)
                    .onWhen(REFUSED_ROW)
                    .handled(true)
                    .split(exchangeProperty(ForwardDeadLetter.PAYLOAD))
                        .to("direct:forward-jdbc-row");
        // a record Kafka refuses for good (too large)
        routeConfiguration("forward-kafka-refused")
                .errorHandler(forwardErrors())
                .onException(RecordTooLargeException.class, InvalidRecordException.class)
                    .handled(true)
                    .to("direct:forward-dead-letter");
        routeConfiguration("forward-table-retries")
                .onException(Exception.class)
                    .handled(true)
                    .maximumRedeliveries(-1)
                    .redeliveryDelay("{{forward.retry-delay}}")
                    .useExponentialBackOff().backOffMultiplier(2).maximumRedeliveryDelay(60_000)
                    .retryAttemptedLogLevel(LoggingLevel.WARN)
                    .logStackTrace(false).logRetryStackTrace(false);
    }

    /** A failure that may pass goes back to the forward, which says so in one line and sends again from its position. */
    private DefaultErrorHandlerDefinition forwardErrors() {
        return defaultErrorHandler().logExhausted(false);
    }

    @Override
    public void configure() throws Exception {
        super.configure();
        deadLetter();
        mqtt();
        http();
        jdbc();
        kafka();
    }

    private void kafka() {
        from("timer:forward-kafka-topic?repeatCount=1&delay=0")
                .routeId("forward-kafka-topic")
                .routeDescription("Checks at start that forward.kafka.topic is there, and creates it if it is not")
                .precondition("{{given:forward.kafka.brokers}}")
                .process("kafkaTopic");

        // records sent and waiting for Kafka's acknowledgement at once: the producer batches them
        from("linefile:{{bridge.output.dir}}?position=kafka&maxInflight={{forward.kafka.max-inflight}}")
                .routeId("forward-kafka")
                .routeDescription("Sends each reading in the files as one record to forward.kafka.topic on"
                                  + " forward.kafka.brokers")
                .precondition("{{given:forward.kafka.brokers}}")
                .routeConfigurationId("forward-kafka-refused")
                // the key: its sensor, or its MQTT topic when it has none, so a sensor's readings keep one partition
                .choice()
                    .when(header(LineFileConsumer.SENSOR).isNotNull())
                        .setHeader(KafkaConstants.KEY, header(LineFileConsumer.SENSOR))
                    .otherwise()
                        .setHeader(KafkaConstants.KEY, header(LineFileConsumer.TOPIC))
                .end()
                // record headers (Camel's own headers stay out of the record)
                .setHeader("mqtt.topic", header(LineFileConsumer.TOPIC))
                .setHeader("receivedAt", header(LineFileConsumer.RECEIVED_AT))
                // the brokers, client id, TLS and SASL are the forward-kafka component's (forward.kafka.*); at most 5
                // requests in flight keeps an idempotent producer's order; a record not acknowledged after 30 s fails
                // (a request waits 10 s of it; a send waits at most 10 s for the cluster's metadata): the forward says
                // so once, waits, sends again
                .to("forward-kafka:{{forward.kafka.topic}}?requestRequiredAcks=all&enableIdempotence=true"
                    + "&maxInFlightRequest=5&lingerMs=5&compressionCodec={{forward.kafka.compression}}"
                    + "&deliveryTimeoutMs=30000&requestTimeoutMs=10000&maxBlockMs=10000"
                    + "&valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer");
    }

    private void deadLetter() {
        from("direct:forward-dead-letter")
                .routeId("forward-dead-letter")
                .routeDescription("Writes what a forward could not deliver to the forward dead-letter files, with the"
                                  + " reason")
                .bean("forwardDeadLetter", "record")
                .bean("forwardDeadLetterLog", "record")
                .marshal().json(JsonLibrary.Jackson)
                .setHeader(Exchange.FILE_NAME, simple("${header." + LineFileConsumer.POSITION
                                                      + "}/${date-with-timezone:now:UTC:yyyy-MM-dd}.jsonl"))
                .to("linefile:{{forward.deadletter.dir}}");
    }

    private void mqtt() {
        from("linefile:{{bridge.output.dir}}?position=mqtt&maxInflight={{forward.mqtt.max-inflight}}")
                .routeId("forward-mqtt")
                .routeDescription("Publishes each reading in the files to the broker at forward.mqtt.url")
                .precondition("{{given:forward.mqtt.url}}")
                .routeConfigurationId("forward-mqtt-refused")
                // the reading as it arrived, not the line around it
                .setBody(header(LineFileConsumer.READING))
                .setHeader(PahoConstants.CAMEL_PAHO_OVERRIDE_TOPIC,
                        simple("{{forward.mqtt.topic-prefix}}${header." + LineFileConsumer.TOPIC + "}"))
                .to("forward-mqtt:forwarded?clientId={{forward.mqtt.client-id}}&qos={{forward.mqtt.qos}}"
                    + "&retained={{forward.mqtt.retain}}");
    }

    private void http() {
        // a batch size above 1: a list of up to that many lines, as many as are there or came within batch-millis
        from("linefile:{{bridge.output.dir}}?position=http&batchSize={{forward.http.batch-size}}"
             + "&batchMillis={{forward.http.batch-millis}}")
                .routeId("forward-http")
                .routeDescription("POSTs each reading in the files, or a batch of them, to the webhook at"
                                  + " forward.http.url")
                .precondition("{{given:forward.http.url}}")
                .routeConfigurationId("forward-http-refused")
                // a batch as one JSON array of its lines; a single reading stays the JSON object it is
                .process("jsonArray")
                .setHeader("Content-Type", constant("application/json"))
                // forward.http.url as given, query string and all (the endpoint below is only a placeholder)
                .setHeader(Exchange.HTTP_URI, constant("{{forward.http.url}}"))
                // the webhook's secret, if any, goes in a header: Camel masks a key named *token in its start-up
                // summary, and the URL (which error lines and dead letters quote) stays free of it
                .choice()
                    .when(simple("{{given:forward.http.token}}"))
                        .setHeader("Authorization", constant("Bearer {{forward.http.token}}"))
                .end()
                .to("http:webhook?httpMethod=POST&connectTimeout=10000&responseTimeout=30000");
    }

    private void jdbc() {
        from("timer:forward-jdbc-table?repeatCount=1&delay=0")
                .routeId("forward-jdbc-table")
                .routeDescription("Creates the forward's table at start if it is not there yet (retried while the"
                                  + " database is away)")
                .precondition("{{given:forward.jdbc.url}}")
                .routeConfigurationId("forward-table-retries")
                .setBody(constant("CREATE TABLE IF NOT EXISTS {{forward.jdbc.table}} (id bigserial PRIMARY KEY,"
                                  + " topic text NOT NULL, received_at timestamptz NOT NULL, time timestamptz,"
                                  + " sensor text, seq bigint, value double precision NOT NULL, reading jsonb NOT NULL)"))
                .to("jdbc:forwardDataSource")
                .log("PostgreSQL forward: table {{forward.jdbc.table}} is ready");

        // up to forward.jdbc.batch-size readings at a time: as many as the files hold
        from("linefile:{{bridge.output.dir}}?position=jdbc&batchSize={{forward.jdbc.batch-size}}&batchMillis=0")
                .routeId("forward-jdbc")
                .routeDescription("Inserts the readings in the files into forward.jdbc.table at forward.jdbc.url, a"
                                  + " batch a statement")
                .precondition("{{given:forward.jdbc.url}}")
                .routeConfigurationId("forward-jdbc-refused")
                // the lines: what the rows are made of, and what a dead letter shows
                .setProperty(ForwardDeadLetter.PAYLOAD, body())
                .setBody(constant(INSERT))
                // the VALUES tuple once per reading, with its parameters
                .process("readingRows")
                .to("jdbc:forwardDataSource?useHeadersAsParameters=true");

        from("direct:forward-jdbc-row")
                .routeId("forward-jdbc-row")
                .routeDescription("Inserts one reading of a refused batch, or dead-letters it if the table refuses it")
                .precondition("{{given:forward.jdbc.url}}")
                .setProperty(ForwardDeadLetter.PAYLOAD, body())
                .doTry()
                    .setBody(constant(INSERT))
                    .process("readingRows")
                    .to("jdbc:forwardDataSource?useHeadersAsParameters=true")
                .doCatch(SQLException.class)
                    .onWhen(REFUSED_ROW)
                    .to("direct:forward-dead-letter")
                .end();
    }
}
