package io.promsnap;

import java.util.Objects;

/**
 * Everything a decoder is configured with: limits, error policy, container format and which samples to
 * deliver ({@link Selector}, by default all). Immutable.
 */
public record DecoderConfig(DecodeLimits limits, ErrorPolicy errorPolicy, ContainerFormat containerFormat,
                            Selector selector) {
    private static final DecoderConfig DEFAULTS =
            new DecoderConfig(DecodeLimits.defaults(), ErrorPolicy.FAIL, ContainerFormat.RAW, Selector.all());

    public DecoderConfig {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(errorPolicy, "errorPolicy");
        Objects.requireNonNull(containerFormat, "containerFormat");
        Objects.requireNonNull(selector, "selector");
    }

    /** Without a selector: every sample is delivered. */
    public DecoderConfig(DecodeLimits limits, ErrorPolicy errorPolicy, ContainerFormat containerFormat) {
        this(limits, errorPolicy, containerFormat, Selector.all());
    }

    /** Default limits, {@link ErrorPolicy#FAIL}, {@link ContainerFormat#RAW}, {@link Selector#all()}. */
    public static DecoderConfig defaults() {
        return DEFAULTS;
    }

    public DecoderConfig withLimits(DecodeLimits l) {
        return new DecoderConfig(l, errorPolicy, containerFormat, selector);
    }

    public DecoderConfig withErrorPolicy(ErrorPolicy p) {
        return new DecoderConfig(limits, p, containerFormat, selector);
    }

    public DecoderConfig withContainerFormat(ContainerFormat f) {
        return new DecoderConfig(limits, errorPolicy, f, selector);
    }

    /**
     * Deliver only the samples {@code s} selects; the others are validated and counted
     * ({@link DecodeReport#unselectedCount()}), not delivered. {@link Selector#all()} delivers every sample.
     */
    public DecoderConfig withSelector(Selector s) {
        return new DecoderConfig(limits, errorPolicy, containerFormat, s);
    }
}
