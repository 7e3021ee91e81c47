package io.sensorbridge.mqtt;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What our {@code paho} components add to Camel's options, the same for both MQTT versions.
 *
 * @param publishBuffer   messages a producer keeps while the broker is unreachable before it drops new ones
 * @param acknowledged    whether a producer completes an exchange only once the broker acknowledged its message (a
 *                        forward, whose position must not pass what the broker does not have), and fails it rather
 *                        than drop it when the buffer is full; otherwise (the simulator) once it is handed to the
 *                        client, and a message that finds the buffer full is dropped and counted
 * @param watchdogSeconds seconds without any message after which a consumer reconnects, in case the broker stopped
 *                        sending; 0 = never
 * @param startGate       connections wait for this before their first attempt, and never make one if it fails: the
 *                        embedded broker's start (clients made while it starts connect the moment it listens instead of
 *                        being refused and backing off) and the HTTP port's (a start that fails for a port connects
 *                        nothing)
 * @param shareGroup      a consumer's share group (the endpoint option {@code shareGroup}): it subscribes to
 *                        {@code $share/<group>/<topic>}, so the broker spreads the messages over the group's members;
 *                        "" = a subscription of its own
 */
public record DurableOptions(int publishBuffer, boolean acknowledged, int watchdogSeconds,
                             CompletionStage<?> startGate, String shareGroup) {

    public static DurableOptions of(int publishBuffer, boolean acknowledged, int watchdogSeconds) {
        return new DurableOptions(publishBuffer, acknowledged, watchdogSeconds,
                CompletableFuture.completedFuture(null), "");
    }

    public DurableOptions waitingFor(CompletionStage<?> started) {
        return new DurableOptions(publishBuffer, acknowledged, watchdogSeconds, started, shareGroup);
    }

    /** These options for one endpoint whose URI says {@code shareGroup=<group>} (absent or empty: none). */
    DurableOptions sharedBy(String group) {
        return new DurableOptions(publishBuffer, acknowledged, watchdogSeconds, startGate,
                group == null ? "" : group.strip());
    }

    /** The filter a consumer of {@code topic} subscribes to. */
    String subscription(String topic) {
        return shareGroup.isEmpty() ? topic : "$share/" + shareGroup + "/" + topic;
    }
}
