package io.promsnap.decoders;

import io.promsnap.aircompressor.AircompressorBlockDecompressor;
import io.promsnap.dsljson.DslJsonLibrary;
import io.promsnap.spi.StagedDecoderFactory;

/** {@code aircompressor+dsl-json}: name, description, {@code pureJava} and availability come from the two parts. */
public final class AircompressorDslJsonDecoderFactory extends StagedDecoderFactory {
    public AircompressorDslJsonDecoderFactory() {
        super(AircompressorBlockDecompressor.LIBRARY, DslJsonLibrary.LIBRARY);
    }
}
