package io.promsnap.spi;

import io.promsnap.DecoderFactory.Availability;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * One raw Snappy block decompressor (a library adapter). The container layer
 * ({@link io.promsnap.internal.snappy.SnappyContainer}) has already read the block's varint preamble, checked the
 * declared length against the limits and sized {@code out}; the adapter only runs the library and maps
 * its failures to {@link io.promsnap.PromsnapException} of category COMPRESSION. Stateless or reusable;
 * not thread-safe.
 */
public interface BlockDecompressor {

    /** {@code snappy-java} or {@code aircompressor}: the first half of a decoder name; its {@link Library#name()}. */
    String name();

    /** {@code false} for JNI-backed libraries; its {@link Library#pureJava()}. */
    boolean pureJava();

    /**
     * Decompresses the raw block {@code in[off, off+len)} (preamble included) into {@code out} starting at
     * {@code outOff}, where exactly {@code declaredLength} bytes fit.
     *
     * @param reportBase added to offsets within {@code in[off..]} when reporting errors, so that they are
     *                   positions in the caller's payload
     * @return the number of bytes produced (the container checks it equals {@code declaredLength})
     */
    int decompressBlock(byte[] in, int off, int len, byte[] out, int outOff, int declaredLength, long reportBase);

    /**
     * What a block decompressor is, known without creating one: a JNI library may not load here, and a
     * decoder factory must still list its name and say why it is unavailable. A {@link StagedDecoderFactory}
     * takes one of these and derives its name, {@code pureJava} and description from it.
     *
     * @param name         the first half of a decoder name, equal to {@link BlockDecompressor#name()} of what
     *                     {@code create} returns
     * @param description  one line, e.g. {@code aircompressor (pure Java) Snappy}
     * @param pureJava     {@code false} for JNI-backed libraries
     * @param availability whether {@code create} can run here; must not throw (see
     *                     {@link io.promsnap.DecoderFactory#availability()})
     * @param create       a new decompressor; called only when available
     */
    record Library(String name, String description, boolean pureJava, Supplier<Availability> availability,
                   Supplier<BlockDecompressor> create) {
        public Library {
            if (name == null || name.isEmpty() || name.contains("+")) {
                throw new IllegalArgumentException("a block decompressor name is non-empty and has no '+': " + name);
            }
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(availability, "availability");
            Objects.requireNonNull(create, "create");
        }
    }
}
