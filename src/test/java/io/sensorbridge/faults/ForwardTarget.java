package io.sensorbridge.faults;

import java.util.List;
import java.util.Map;

/**
 * The other system a forward sends to, as a fault test drives it: it can be stopped and started again, and says
 * which seqs of a run it holds, in the order it took them, duplicates included.
 */
interface ForwardTarget extends AutoCloseable {

    /** The bridge's settings that switch the forward on and point it here. */
    Map<String, String> bridgeSettings();

    void start() throws Exception;

    void stop() throws Exception;

    /** The seqs of {@code run} the target has taken so far, in the order it took them. */
    List<Integer> seqs(String run) throws Exception;
}
