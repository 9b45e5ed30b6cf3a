package io.promsnap.teststage;

import io.promsnap.aircompressor.AircompressorBlockDecompressor;
import io.promsnap.spi.StagedDecoderFactory;

/** {@code aircompressor+copying}, test-only (see {@link CopyingJsonStage}). */
public final class AircompressorCopyingDecoderFactory extends StagedDecoderFactory {
    public AircompressorCopyingDecoderFactory() {
        super(AircompressorBlockDecompressor.LIBRARY, CopyingJsonStage.LIBRARY);
    }
}
