package io.promsnap;

import java.util.Objects;

/** Everything a decoder is configured with: limits, error policy and container format. Immutable. */
public record DecoderConfig(DecodeLimits limits, ErrorPolicy errorPolicy, ContainerFormat containerFormat) {
    private static final DecoderConfig DEFAULTS =
            new DecoderConfig(DecodeLimits.defaults(), ErrorPolicy.FAIL, ContainerFormat.RAW);

    public DecoderConfig {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(errorPolicy, "errorPolicy");
        Objects.requireNonNull(containerFormat, "containerFormat");
    }

    /** Default limits, {@link ErrorPolicy#FAIL}, {@link ContainerFormat#RAW}. */
    public static DecoderConfig defaults() {
        return DEFAULTS;
    }

    public DecoderConfig withLimits(DecodeLimits l) {
        return new DecoderConfig(l, errorPolicy, containerFormat);
    }

    public DecoderConfig withErrorPolicy(ErrorPolicy p) {
        return new DecoderConfig(limits, p, containerFormat);
    }

    public DecoderConfig withContainerFormat(ContainerFormat f) {
        return new DecoderConfig(limits, errorPolicy, f);
    }
}
