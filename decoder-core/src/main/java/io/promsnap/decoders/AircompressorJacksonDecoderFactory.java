package io.promsnap.decoders;

import io.promsnap.aircompressor.AircompressorBlockDecompressor;
import io.promsnap.jackson.JacksonLibrary;
import io.promsnap.spi.StagedDecoderFactory;

/** {@code aircompressor+jackson}: name, description, {@code pureJava} and availability come from the two parts. */
public final class AircompressorJacksonDecoderFactory extends StagedDecoderFactory {
    public AircompressorJacksonDecoderFactory() {
        super(AircompressorBlockDecompressor.LIBRARY, JacksonLibrary.LIBRARY);
    }
}
