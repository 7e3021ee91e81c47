package io.sensorbridge.routes;

import io.sensorbridge.forward.ForwardDeadLetter;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.component.paho.PahoConstants;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.model.dataformat.JsonLibrary;

/**
 * The forward routes of routes/forward*.camel.yaml in Java DSL (run with routes.dsl=java): the hand-off from the
 * bridge, the MQTT, HTTP and PostgreSQL forwards, their retries and their dead-letter route.
 */
public class ForwardRoutes extends RouteConfigurationBuilder {

    private static final String[] FORWARDS = {"mqtt", "http", "jdbc"};

    @Override
    public void configuration() {
        routeConfiguration("forward-retries")
                .onException(Exception.class)
                    .handled(true)
                    // counts each retry (sensorbridge_forward_retries_total)
                    .onRedeliveryRef("forwardRetried")
                    .maximumRedeliveries("{{forward.retries}}")
                    .redeliveryDelay("{{forward.retry-delay}}")
                    .useExponentialBackOff().backOffMultiplier(2).maximumRedeliveryDelay(60_000)
                    .retryAttemptedLogLevel(LoggingLevel.WARN)
                    .logStackTrace(false).logRetryStackTrace(false).logExhausted(false)
                    .to("direct:forward-dead-letter");
        routeConfiguration("forward-http-refused")
                .onException(HttpOperationFailedException.class)
                    .onWhen(simple("${exception.statusCode} >= 400 && ${exception.statusCode} < 500"))
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

    @Override
    public void configure() throws Exception {
        super.configure();
        handOff();
        mqtt();
        http();
        jdbc();
    }

    private void handOff() {
        var multicast = from("direct:forward")
                .routeId("forward")
                .routeDescription("Hands a written reading to every forward that is switched on, each on its own copy")
                .multicast();
        for (String forward : FORWARDS) {
            multicast.filter(simple("{{given:forward." + forward + ".url}}"))
                    .setProperty(ForwardDeadLetter.FORWARD, constant(forward))
                    .to("direct:forward-queue")
                    .end();
        }

        from("direct:forward-queue")
                .routeId("forward-queue")
                .routeDescription("Puts a reading on its forward's queue, or dead-letters it if the queue is full (or"
                                  + " waits, as asked)")
                // with forward.wait-when-full=true (replay) the sender waits for room instead, and the catch never runs
                .doTry()
                    .toD("seda:forward-${exchangeProperty.forward}")
                .doCatch(IllegalStateException.class)
                    .setProperty(ForwardDeadLetter.REASON,
                            constant("queue full ({{forward.queue-size}} readings wait to be sent)"))
                    .to("direct:forward-dead-letter")
                .end();

        from("direct:forward-dead-letter")
                .routeId("forward-dead-letter")
                .routeDescription("Writes what a forward could not deliver to the forward dead-letter files, with the"
                                  + " reason")
                .bean("forwardDeadLetter", "record")
                .bean("forwardDeadLetterLog", "record")
                .marshal().json(JsonLibrary.Jackson)
                .setHeader(Exchange.FILE_NAME,
                        simple("${exchangeProperty.forward}/${date-with-timezone:now:UTC:yyyy-MM-dd}.jsonl"))
                .to("linefile:{{forward.deadletter.dir}}");
    }

    private void mqtt() {
        from("seda:forward-mqtt")
                .routeId("forward-mqtt")
                .routeDescription("Publishes each reading to the broker at forward.mqtt.url")
                .precondition("{{given:forward.mqtt.url}}")
                .routeConfigurationId("forward-retries")
                .setBody(exchangeProperty("rawPayload"))
                .setHeader(PahoConstants.CAMEL_PAHO_OVERRIDE_TOPIC,
                        simple("{{forward.mqtt.topic-prefix}}${header.CamelMqttTopic}"))
                .to("forward-mqtt:forwarded?clientId={{forward.mqtt.client-id}}&qos={{forward.mqtt.qos}}"
                    + "&retained={{forward.mqtt.retain}}&lazyStartProducer=true")
                .bean("forwardMeters", "sent");
    }

    private void http() {
        from("seda:forward-http")
                .routeId("forward-http")
                .routeDescription("POSTs each reading, or a batch of them, to the webhook at forward.http.url")
                .precondition("{{given:forward.http.url}}")
                .routeConfigurationId("forward-retries,forward-http-refused")
                .aggregate(constant("batch")).aggregationStrategy("jsonArrayBatch")
                    .completionSize("{{forward.http.batch-size}}")
                    .completionTimeout("{{forward.http.batch-millis}}")
                    .forceCompletionOnStop()
                    .executorService("forwardHttpSender")
                    .setHeader("Content-Type", constant("application/json"))
                    // forward.http.url as given, query string and all (the endpoint below is only a placeholder)
                    .setHeader(Exchange.HTTP_URI, constant("{{forward.http.url}}"))
                    // the webhook's secret, if any, goes in a header: Camel masks a key named *token in its start-up
                    // summary, and the URL (which retry lines and dead letters quote) stays free of it
                    .choice()
                        .when(simple("{{given:forward.http.token}}"))
                            .setHeader("Authorization", constant("Bearer {{forward.http.token}}"))
                    .end()
                    .to("http:webhook?httpMethod=POST&connectTimeout=10000&responseTimeout=30000")
                    .bean("forwardMeters", "sent");
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

        from("seda:forward-jdbc")
                .routeId("forward-jdbc")
                .routeDescription("Inserts each reading as one row into forward.jdbc.table at forward.jdbc.url")
                .precondition("{{given:forward.jdbc.url}}")
                .routeConfigurationId("forward-retries")
                .setProperty(ForwardDeadLetter.PAYLOAD, body())
                .bean("readingRow", "toHeaders")
                .setBody(constant("INSERT INTO {{forward.jdbc.table}} (topic, received_at, time, sensor, seq, value,"
                                  + " reading) VALUES (:?topic, :?receivedAt, :?time, :?sensor, CAST(:?seq AS bigint),"
                                  + " :?value, CAST(:?reading AS jsonb))"))
                .to("jdbc:forwardDataSource?useHeadersAsParameters=true")
                .bean("forwardMeters", "sent");
    }
}
