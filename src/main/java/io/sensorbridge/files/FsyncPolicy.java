package io.sensorbridge.files;

/**
 * When appended lines are forced to the storage device before they are acknowledged.
 * Every policy hands each line to the operating system before its acknowledgement, so a killed
 * process loses nothing; the policies differ only for a power loss or a kernel crash.
 */
public enum FsyncPolicy {
    /** Never fsync: the operating system writes back on its own schedule (a power loss can lose the last seconds). */
    NEVER,
    /** Group commit: one fsync per batch of lines written together, before any of them is acknowledged. */
    BATCH,
    /** One fsync per line before it is acknowledged: the slowest, for one reading at a time. */
    ALWAYS
}
