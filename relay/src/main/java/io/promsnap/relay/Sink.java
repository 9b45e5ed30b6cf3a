package io.promsnap.relay;

/**
 * Where relayed samples go. {@link #accept} is not meant to wait for the receiver (the relay bounds what is
 * in flight and pauses fetching instead), but it may block while the sink's own buffer is full: the Kafka
 * sink's {@code producer.send} up to the producer's {@code max.block.ms}. Every accepted sample is later reported exactly once to the {@link Delivery}
 * given at construction, as delivered or rejected, unless the sink is closed first (then it is neither:
 * its message is not committed and is read again).
 */
public interface Sink extends AutoCloseable {

    /** The sink's verdict on each sample, from any thread. */
    interface Delivery {
        void delivered(RelaySample s);

        /** Not accepted by the receiver and not retryable (a 4xx, a producer error after its retries). */
        void rejected(java.util.List<RelaySample> samples, String error);
    }

    void accept(RelaySample s);

    /** Sends what is buffered without waiting for a full request (called while draining). */
    void flush();

    /** Retried requests (or sends) so far. */
    long retries();

    /**
     * Why the newest retry was made, one line without secrets (e.g. {@code HTTP 503: <the receiver's body>},
     * {@code ConnectException}), or null before any: the relay shows it beside the retry count, so an operator
     * sees whether the receiver is overloaded, down or unreachable.
     */
    default String lastRetryReason() {
        return null;
    }

    /** One line for the start of the run, e.g. "remote-write http://... (4 shards)". */
    String describe();

    /** Stops sending; what was not acknowledged by now is neither delivered nor rejected. Idempotent. */
    @Override
    void close();
}
