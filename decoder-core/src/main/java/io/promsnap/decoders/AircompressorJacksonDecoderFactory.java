package io.promsnap.decoders;

import io.promsnap.aircompressor.AircompressorBlockDecompressor;
import io.promsnap.jackson.JacksonJsonStage;
import io.promsnap.spi.StagedDecoderFactory;

/** {@code aircompressor+jackson}: name, description and {@code pureJava} come from the two parts. */
public final class AircompressorJacksonDecoderFactory extends StagedDecoderFactory {
    public AircompressorJacksonDecoderFactory() {
        super(AircompressorBlockDecompressor.LIBRARY, JacksonJsonStage::new);
    }
}
