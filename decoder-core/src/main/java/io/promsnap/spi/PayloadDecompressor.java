package io.promsnap.spi;

import io.promsnap.ContainerFormat;
import io.promsnap.DecodeLimits;
import io.promsnap.internal.snappy.SnappyContainer;

import java.util.Objects;

/**
 * The first stage of every built-in decoder alone: the container (raw block, framing format, snappy-java
 * stream), the limits and one {@link BlockDecompressor}. For tools that measure or test the stages apart
 * (the benchmarks' decompress-only rows, fuzz targets, a decoder written for a test); applications use
 * {@link io.promsnap.PayloadDecoder}. Keeps one output buffer between payloads; not thread-safe.
 */
public final class PayloadDecompressor {
    private final SnappyContainer container;

    public PayloadDecompressor(BlockDecompressor block, ContainerFormat format, DecodeLimits limits) {
        Objects.requireNonNull(block, "block");
        this.container = new SnappyContainer(block::decompressBlock, format, limits);
    }

    /**
     * Decompresses {@code payload[off, off+len)} into {@link #buffer()} and returns the number of JSON bytes.
     *
     * @throws io.promsnap.PromsnapException for a bad container or block, or one over the limits
     */
    public int decompress(byte[] payload, int off, int len) {
        return container.decompress(payload, off, len);
    }

    /** The reused output buffer: bytes {@code [0, n)} after {@link #decompress} returned {@code n}. */
    public byte[] buffer() {
        return container.buffer();
    }

    /** Which container {@link ContainerFormat#AUTO} would read these bytes as. */
    public static ContainerFormat detect(byte[] payload, int off, int len) {
        return SnappyContainer.detect(payload, off, len);
    }

    /**
     * The second stage of every built-in decoder alone: checks that {@code json[off, off+len)} is UTF-8
     * without raw control characters other than tab, LF and CR, as every decoder does before its JSON
     * stage. Throws the same {@link io.promsnap.PromsnapException} a decoder would.
     */
    public static void validateUtf8(byte[] json, int off, int len) {
        io.promsnap.internal.text.Utf8Validator.validate(json, off, len);
    }
}
