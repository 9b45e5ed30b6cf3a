package io.promsnap.teststage;

import io.promsnap.snappyjava.SnappyJavaLibrary;
import io.promsnap.spi.StagedDecoderFactory;

/** {@code snappy-java+copying}, test-only (see {@link CopyingJsonStage}). */
public final class SnappyJavaCopyingDecoderFactory extends StagedDecoderFactory {
    public SnappyJavaCopyingDecoderFactory() {
        super(SnappyJavaLibrary.LIBRARY, CopyingJsonStage.LIBRARY);
    }
}
