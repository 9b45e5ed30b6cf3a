package io.promsnap.decoders;

import io.promsnap.DecoderFactory.Availability;
import io.promsnap.aircompressor.AircompressorBlockDecompressor;
import io.promsnap.jackson.JacksonJsonStage;
import io.promsnap.spi.StagedDecoderFactory;

/** {@code aircompressor+jackson}: aircompressor (pure Java) Snappy, Jackson streaming JSON */
public final class AircompressorJacksonDecoderFactory extends StagedDecoderFactory {
    public AircompressorJacksonDecoderFactory() {
        super("aircompressor", "jackson", "aircompressor (pure Java) Snappy, Jackson streaming JSON", true, () -> Availability.AVAILABLE, AircompressorBlockDecompressor::new, JacksonJsonStage::new);
    }
}
