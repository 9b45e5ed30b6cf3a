package io.promsnap.decoders;

import io.promsnap.snappyjava.SnappyJavaBlockDecompressor;
import io.promsnap.jackson.JacksonJsonStage;
import io.promsnap.spi.StagedDecoderFactory;

/** {@code snappy-java+jackson}: name, description and {@code pureJava} come from the two parts. */
public final class SnappyJavaJacksonDecoderFactory extends StagedDecoderFactory {
    public SnappyJavaJacksonDecoderFactory() {
        super(SnappyJavaBlockDecompressor.LIBRARY, JacksonJsonStage::new);
    }
}
