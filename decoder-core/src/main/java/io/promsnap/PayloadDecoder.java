package io.promsnap;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes Kafka message values (Snappy-compressed JSON arrays of Prometheus samples).
 *
 * <p><strong>Not thread-safe.</strong> A decoder keeps its buffers between payloads, so reuse one per
 * thread (create them from the thread-safe {@link DecoderFactory}); handing one to another thread between
 * calls is fine. The built-in decoders detect a second thread (or the visitor itself) calling {@code decode}
 * while a call is in progress and throw {@link IllegalStateException} instead of mixing two payloads' samples.
 * Every malformed payload ends in a
 * {@link PromsnapException}; the input is never modified.
 */
public interface PayloadDecoder extends AutoCloseable {

    /** The registry name, e.g. {@code aircompressor+scanner}. */
    String name();

    /** The configuration this decoder was created with. */
    DecoderConfig config();

    /**
     * Decodes {@code payload[offset, offset+length)} and calls {@code visitor} once per sample, in order.
     * Allocation-free in steady state. Returns the number of samples delivered.
     *
     * @throws PromsnapException for bad input; samples already delivered stay delivered
     */
    int decode(byte[] payload, int offset, int length, SampleVisitor visitor);

    /**
     * Decodes the remaining bytes of {@code payload} (heap, direct or read-only). The buffer's position and
     * limit are not changed.
     */
    int decode(ByteBuffer payload, SampleVisitor visitor);

    default int decode(byte[] payload, SampleVisitor visitor) {
        return decode(payload, 0, payload.length, visitor);
    }

    /** What the last {@code decode} call did; reused, read it before the next call. */
    DecodeReport lastReport();

    /** Convenience API: every sample as an immutable {@link Sample}. Allocates per sample. */
    default DecodedBatch decodeBatch(byte[] payload, int offset, int length) {
        List<Sample> samples = new ArrayList<>();
        List<PromsnapException> skipped = new ArrayList<>();
        decode(payload, offset, length, collector(samples, skipped));
        return new DecodedBatch(samples, skipped);
    }

    default DecodedBatch decodeBatch(byte[] payload) {
        return decodeBatch(payload, 0, payload.length);
    }

    default DecodedBatch decodeBatch(ByteBuffer payload) {
        List<Sample> samples = new ArrayList<>();
        List<PromsnapException> skipped = new ArrayList<>();
        decode(payload, collector(samples, skipped));
        return new DecodedBatch(samples, skipped);
    }

    /** Releases nothing by default; idempotent. */
    @Override
    default void close() {
    }

    /** Collects immutable samples for the convenience API (a private method: it is no part of the contract). */
    private static SampleVisitor collector(List<Sample> samples, List<PromsnapException> skipped) {
        return new SampleVisitor() {
            @Override
            public void onSample(SampleView sample) {
                samples.add(sample.toSample());
            }

            @Override
            public void onSkipped(PromsnapException reason) {
                skipped.add(reason);
            }
        };
    }
}
