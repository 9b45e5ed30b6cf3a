package io.promsnap.flink;

import java.io.Serializable;
import java.util.Objects;

import io.promsnap.ContainerFormat;
import io.promsnap.DecodeLimits;
import io.promsnap.DecoderConfig;
import io.promsnap.DecoderRegistry;
import io.promsnap.ErrorPolicy;
import io.promsnap.PayloadDecoder;
import io.promsnap.Selector;

/**
 * What a task needs to create its own decoder: Flink ships schemas and functions to the task managers
 * by Java serialization, and neither {@link PayloadDecoder} (not thread-safe, holds buffers) nor
 * {@link DecoderConfig} is serializable, so the recipe travels and the decoder is made in {@code open()}.
 */
final class DecoderSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    static final String DEFAULT_DECODER = "aircompressor+scanner";

    final String decoder;
    final ContainerFormat container;
    final ErrorPolicy sampleErrors;
    final long maxDecompressedBytes;
    final long maxSamplesPerPayload;
    final long maxLabelsPerSample;
    final long maxStringBytes;
    /** The selector in PromQL form ({@link Selector#toString()}, which parses back), empty for every sample. */
    final String match;

    DecoderSpec(String decoder, ContainerFormat container, ErrorPolicy sampleErrors, DecodeLimits limits) {
        this(decoder, container, sampleErrors, limits, Selector.all());
    }

    DecoderSpec(String decoder, ContainerFormat container, ErrorPolicy sampleErrors, DecodeLimits limits,
                Selector selector) {
        this.match = selector.isAll() ? "" : selector.toString();
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.container = Objects.requireNonNull(container, "container");
        this.sampleErrors = Objects.requireNonNull(sampleErrors, "sampleErrors");
        this.maxDecompressedBytes = limits.maxDecompressedBytes();
        this.maxSamplesPerPayload = limits.maxSamplesPerPayload();
        this.maxLabelsPerSample = limits.maxLabelsPerSample();
        this.maxStringBytes = limits.maxStringBytes();
    }

    static DecoderSpec defaults() {
        return new DecoderSpec(DEFAULT_DECODER, ContainerFormat.RAW, ErrorPolicy.FAIL, DecodeLimits.defaults());
    }

    DecodeLimits limits() {
        return DecodeLimits.builder().maxDecompressedBytes(maxDecompressedBytes).maxSamplesPerPayload(maxSamplesPerPayload)
                .maxLabelsPerSample(maxLabelsPerSample).maxStringBytes(maxStringBytes).build();
    }

    DecoderConfig config() {
        return new DecoderConfig(limits(), sampleErrors, container, match.isEmpty() ? Selector.all() : Selector.parse(match));
    }

    /** Fails early (on the client, when the job is built) for an unknown decoder name. */
    void check() {
        DecoderRegistry.getDefault().get(decoder);
    }

    /** A new decoder for one task; called from {@code open()}. */
    PayloadDecoder create() {
        return DecoderRegistry.getDefault().create(decoder, config());
    }

    @Override
    public String toString() {
        return decoder + " container=" + container + " sampleErrors=" + sampleErrors + " " + limits()
                + (match.isEmpty() ? "" : " match=" + match);
    }
}
