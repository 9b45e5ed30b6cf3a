package io.promsnap.flink;

import io.promsnap.PayloadDecoder;
import io.promsnap.PromsnapException;
import io.promsnap.SampleView;
import io.promsnap.SampleVisitor;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;

/**
 * The one decode loop behind every DataStream adapter: the decoder's visitor maps each view and hands the
 * record straight to Flink's collector, so no list of a message's samples is ever built. One per task
 * (decoders are not thread-safe).
 */
final class SampleEmitter<T> implements SampleVisitor, AutoCloseable {
    private final PayloadDecoder decoder;
    private final SampleMapper<T> mapper;
    final DecodeMetrics metrics;
    private Collector<T> out;
    private long emitted;

    SampleEmitter(DecoderSpec spec, SampleMapper<T> mapper, MetricGroup metricGroup) {
        this.decoder = spec.create();
        this.mapper = mapper;
        this.metrics = new DecodeMetrics(metricGroup);
    }

    /**
     * Decodes one message into {@code out}. A {@code null} message (a tombstone) emits nothing.
     *
     * @throws PromsnapException for a bad message; samples already emitted stay emitted
     */
    void decode(byte[] message, Collector<T> out) {
        emitted = 0;
        if (message == null) {
            return;
        }
        metrics.messages.inc();
        this.out = out;
        try {
            decoder.decode(message, 0, message.length, this);
        } finally {
            this.out = null;
        }
    }

    /** Samples emitted by the last {@link #decode} call, also when it failed part-way. */
    long emittedInLastMessage() {
        return emitted;
    }

    @Override
    public void onSample(SampleView sample) {
        T record = mapper.map(sample);
        emitted++;
        metrics.samples.inc();
        if (record != null) {
            out.collect(record);
        }
    }

    @Override
    public void onSkipped(PromsnapException reason) {
        metrics.skippedSamples.inc();
    }

    @Override
    public void close() {
        decoder.close();
    }
}
