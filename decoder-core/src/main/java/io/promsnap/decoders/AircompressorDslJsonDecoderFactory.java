package io.promsnap.decoders;

import io.promsnap.DecoderFactory.Availability;
import io.promsnap.aircompressor.AircompressorBlockDecompressor;
import io.promsnap.dsljson.DslJsonStage;
import io.promsnap.spi.StagedDecoderFactory;

/** {@code aircompressor+dsl-json}: aircompressor (pure Java) Snappy, DSL-JSON reader */
public final class AircompressorDslJsonDecoderFactory extends StagedDecoderFactory {
    public AircompressorDslJsonDecoderFactory() {
        super("aircompressor", "dsl-json", "aircompressor (pure Java) Snappy, DSL-JSON reader", true, () -> Availability.AVAILABLE, AircompressorBlockDecompressor::new, DslJsonStage::new);
    }
}
