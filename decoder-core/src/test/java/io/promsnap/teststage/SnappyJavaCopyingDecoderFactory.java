package io.promsnap.teststage;

import io.promsnap.snappyjava.SnappyJavaBlockDecompressor;
import io.promsnap.spi.StagedDecoderFactory;

/** {@code snappy-java+copying}, test-only (see {@link CopyingJsonStage}). */
public final class SnappyJavaCopyingDecoderFactory extends StagedDecoderFactory {
    public SnappyJavaCopyingDecoderFactory() {
        super(SnappyJavaBlockDecompressor.LIBRARY, CopyingJsonStage::new);
    }
}
