package io.promsnap.traffic.encode;

import java.util.Objects;
import java.util.function.Consumer;

import io.promsnap.traffic.Series;

/**
 * Cuts the sample stream into batches the way a delivery task does: a batch is sent when it holds
 * {@code maxSamples} samples, or when adding the next sample would make its JSON longer than
 * {@code maxBytes} (a single sample longer than that goes alone), or when the caller {@link #flush()}es
 * (linger). Each batch is compressed and handed to the consumer. Not thread-safe.
 */
public final class Batcher {
    private final JsonBatchWriter writer;
    private final PayloadCompressor compressor;
    private final int maxSamples;
    private final int maxBytes;
    private final Consumer<Batch> out;

    /**
     * @param compressor compresses each batch; {@code null} hands out the JSON itself as the payload (a copy),
     *                   for a caller that compresses on another thread
     */
    public Batcher(JsonBatchWriter writer, PayloadCompressor compressor, int maxSamples, int maxBytes, Consumer<Batch> out) {
        if (maxSamples < 1) {
            throw new IllegalArgumentException("batch samples must be >= 1: " + maxSamples);
        }
        if (maxBytes < 2) {
            throw new IllegalArgumentException("batch bytes must be >= 2: " + maxBytes);
        }
        this.writer = Objects.requireNonNull(writer);
        this.compressor = compressor;
        this.maxSamples = maxSamples;
        this.maxBytes = maxBytes;
        this.out = Objects.requireNonNull(out);
    }

    public void add(Series series, double value, long timestampMillis) {
        long mark = writer.mark();
        writer.add(series, value, timestampMillis);
        if (writer.finishedLength() > maxBytes && writer.samples() > 1) {
            writer.rollback(mark);
            flush();
            writer.add(series, value, timestampMillis);
        }
        if (writer.samples() >= maxSamples || writer.finishedLength() > maxBytes) {
            flush();
        }
    }

    /** Sends the pending batch, if any. */
    public void flush() {
        if (writer.samples() == 0) {
            return;
        }
        writer.finish();
        int len = writer.length();
        byte[] payload = compressor != null ? compressor.compress(writer.buffer(), 0, len)
                : java.util.Arrays.copyOf(writer.buffer(), len);
        Batch b = new Batch(payload, writer.samples(), len);
        writer.reset();
        out.accept(b);
    }

    public int pendingSamples() {
        return writer.samples();
    }
}
