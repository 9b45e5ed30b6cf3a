package io.promsnap.internal.snappy;

/**
 * What {@link SnappyContainer} needs of a block decompressor. The public extension point is
 * {@code io.promsnap.spi.BlockDecompressor}; the SPI hands its method in ({@code block::decompressBlock}) so
 * that this package does not depend on the SPI (which depends on it): no package cycle.
 */
@FunctionalInterface
public interface RawBlock {
    /** See {@code BlockDecompressor#decompressBlock}. */
    int decompressBlock(byte[] in, int off, int len, byte[] out, int outOff, int declaredLength, long reportBase);
}
