package io.promsnap.decoders;

import io.promsnap.aircompressor.AircompressorBlockDecompressor;
import io.promsnap.dsljson.DslJsonStage;
import io.promsnap.spi.StagedDecoderFactory;

/** {@code aircompressor+dsl-json}: name, description and {@code pureJava} come from the two parts. */
public final class AircompressorDslJsonDecoderFactory extends StagedDecoderFactory {
    public AircompressorDslJsonDecoderFactory() {
        super(AircompressorBlockDecompressor.LIBRARY, DslJsonStage::new);
    }
}
