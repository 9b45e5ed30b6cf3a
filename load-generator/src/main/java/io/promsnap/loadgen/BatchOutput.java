package io.promsnap.loadgen;

import io.promsnap.traffic.encode.Batch;

/** Where generated batches go: a Kafka topic or a directory. */
public interface BatchOutput extends AutoCloseable {

    /** Completion of one send: {@code error} is null on success. Called once per batch, from any thread. */
    interface Completion {
        void done(Exception error);
    }

    /**
     * Sends one batch; may return before it is acknowledged and calls {@code completion} when it is.
     * May block for back-pressure.
     */
    void send(Batch batch, Completion completion);

    /** Waits until every batch sent so far is completed. */
    void flush();

    /**
     * Gives up on everything not yet completed, now, from any thread: pending sends complete with an
     * error and a blocked {@link #send} or {@link #flush} returns. Used when a deadline has passed.
     */
    default void abort() {
    }

    /** A description for messages, e.g. {@code kafka 127.0.0.1:9092 topic prometheus}. */
    String describe();

    @Override
    void close();
}
