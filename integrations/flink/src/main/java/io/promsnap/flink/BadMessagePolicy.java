package io.promsnap.flink;

/**
 * What a deserialization schema does with a message that cannot be decoded (compression, JSON syntax,
 * limit errors, or a schema error under the default sample policy).
 *
 * <p>A schema inside a source cannot emit to a side output; for a dead-letter stream decode in
 * {@link PromsnapDecodeFunction} instead.
 */
public enum BadMessagePolicy {
    /** Throw: the task fails with the {@link io.promsnap.PromsnapException} in the cause chain. Default. */
    FAIL,
    /**
     * Skip the rest of the message, count it in the {@code promsnap.badMessages} metric and log a warning
     * with the reason (like flink-json's {@code ignore-parse-errors}, but never silent). Samples emitted
     * before the error stay emitted.
     */
    IGNORE
}
