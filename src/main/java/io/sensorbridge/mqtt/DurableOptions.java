package io.sensorbridge.mqtt;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What our {@code paho} components add to Camel's options, the same for both MQTT versions.
 *
 * @param publishBuffer   messages a producer keeps while the broker is unreachable before it drops new ones
 * @param rejectWhenFull  whether a publish that finds the buffer full fails (a forward, which then retries and
 *                        dead-letters) instead of being dropped and counted (the simulator)
 * @param watchdogSeconds seconds without any message after which a consumer reconnects, in case the broker stopped
 *                        sending; 0 = never
 * @param brokerStarted   connections wait for this before their first attempt: the embedded broker's start, so clients
 *                        made while it starts connect the moment it listens instead of being refused and backing off
 * @param shareGroup      a consumer's share group (the endpoint option {@code shareGroup}): it subscribes to
 *                        {@code $share/<group>/<topic>}, so the broker spreads the messages over the group's members;
 *                        "" = a subscription of its own
 */
public record DurableOptions(int publishBuffer, boolean rejectWhenFull, int watchdogSeconds,
                             CompletionStage<?> brokerStarted, String shareGroup) {

    public static DurableOptions of(int publishBuffer, boolean rejectWhenFull, int watchdogSeconds) {
        return new DurableOptions(publishBuffer, rejectWhenFull, watchdogSeconds,
                CompletableFuture.completedFuture(null), "");
    }

    public DurableOptions waitingFor(CompletionStage<?> started) {
        return new DurableOptions(publishBuffer, rejectWhenFull, watchdogSeconds, started, shareGroup);
    }

    /** These options for one endpoint whose URI says {@code shareGroup=<group>} (absent or empty: none). */
    DurableOptions sharedBy(String group) {
        return new DurableOptions(publishBuffer, rejectWhenFull, watchdogSeconds, brokerStarted,
                group == null ? "" : group.strip());
    }

    /** The filter a consumer of {@code topic} subscribes to. */
    String subscription(String topic) {
        return shareGroup.isEmpty() ? topic : "$share/" + shareGroup + "/" + topic;
    }
}
