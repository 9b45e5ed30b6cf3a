package io.promsnap.spi;

/**
 * One raw Snappy block decompressor (a library adapter). The container layer
 * ({@link io.promsnap.internal.snappy.SnappyContainer}) has already read the block's varint preamble, checked the
 * declared length against the limits and sized {@code out}; the adapter only runs the library and maps
 * its failures to {@link io.promsnap.PromsnapException} of category COMPRESSION. Stateless or reusable;
 * not thread-safe.
 */
public interface BlockDecompressor {

    /** {@code snappy-java} or {@code aircompressor}: the first half of a decoder name. */
    String name();

    /** {@code false} for JNI-backed libraries. */
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
}
