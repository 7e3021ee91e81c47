package io.sensorbridge.forward;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks at start that the Kafka forward's topic ({@code forward.kafka.topic}) is there, and creates it with the
 * cluster's defaults (partitions, replication) if it is not; says in one line what it found. A topic that is missing
 * and cannot be created (no right to, a policy, auto-creation off and creating refused) gets one ERROR line naming the
 * key: until someone creates it, the forward waits and sends again, in order, nothing lost. A cluster that cannot be
 * reached is not an error here: the forward waits for it anyway.
 */
public final class KafkaTopic implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopic.class);
    private static final long TIMEOUT_SECONDS = 30;

    private final KafkaClient client;
    private final String topic;

    public KafkaTopic(KafkaClient client, String topic) {
        this.client = client;
        this.topic = topic;
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        try (Admin admin = Admin.create(client.clientProperties())) {
            Set<String> topics = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (topics.contains(topic)) {
                LOG.info("Kafka forward: topic {} is there on {}", topic, client.brokers());
                return;
            }
            try {
                admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all()
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                LOG.info("Kafka forward: created topic {} on {} with the cluster's defaults", topic, client.brokers());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    LOG.info("Kafka forward: topic {} is there on {}", topic, client.brokers());
                    return;
                }
                LOG.error("Kafka forward: topic '{}' (forward.kafka.topic) is not on {} and cannot be created ({});"
                          + " create it, or set forward.kafka.topic to one that exists: until then the forward waits",
                        topic, client.brokers(), reason(e.getCause()));
            }
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Kafka forward: cannot reach {} to check topic {} ({}); the forward sends once it can",
                    client.brokers(), topic, reason(e instanceof ExecutionException ? e.getCause() : e));
        }
    }

    private static String reason(Throwable e) {
        String text = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return text.lines().findFirst().orElse(text);
    }
}
