package io.promsnap;

import java.nio.ByteBuffer;

/**
 * Applies a {@link Selector} to a decoder whose factory does not ({@link DecoderFactory#selects()} is
 * {@code false}, e.g. a third party's): the wrapped decoder delivers every sample, this one passes on the
 * selected ones and counts the rest as unselected. Slower than a decoder that skips unselected samples
 * before building their views, but never silently wrong. Not thread-safe, like the decoder it wraps.
 */
final class SelectingDecoder implements PayloadDecoder {
    private final PayloadDecoder inner;
    private final Selector selector;
    private final DecodeReport report = new DecodeReport();
    private final Filter filter = new Filter();

    SelectingDecoder(PayloadDecoder inner, Selector selector) {
        this.inner = inner;
        this.selector = selector;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public DecoderConfig config() {
        return inner.config();
    }

    @Override
    public int decode(byte[] payload, int offset, int length, SampleVisitor visitor) {
        filter.start(visitor);
        try {
            inner.decode(payload, offset, length, filter);
        } finally {
            finish();
        }
        return (int) filter.delivered;
    }

    @Override
    public int decode(ByteBuffer payload, SampleVisitor visitor) {
        filter.start(visitor);
        try {
            inner.decode(payload, filter);
        } finally {
            finish();
        }
        return (int) filter.delivered;
    }

    /** Also after a failed decode: the samples delivered before the error stay counted, as the inner report's do. */
    private void finish() {
        report.copyFiltered(inner.lastReport(), filter.delivered, filter.filtered);
        filter.target = null;
    }

    @Override
    public DecodeReport lastReport() {
        return report;
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public String toString() {
        return inner + " selecting " + selector;
    }

    private final class Filter implements SampleVisitor {
        SampleVisitor target;
        long delivered;
        long filtered;

        void start(SampleVisitor visitor) {
            target = java.util.Objects.requireNonNull(visitor, "visitor");
            delivered = 0;
            filtered = 0;
        }

        @Override
        public void onSample(SampleView sample) {
            if (selector.matches(sample)) {
                target.onSample(sample);
                delivered++; // after the visitor returns, as the built-in decoders count: a throwing visitor took nothing
            } else {
                filtered++;
            }
        }

        @Override
        public void onSkipped(PromsnapException reason) {
            target.onSkipped(reason);
        }
    }
}
