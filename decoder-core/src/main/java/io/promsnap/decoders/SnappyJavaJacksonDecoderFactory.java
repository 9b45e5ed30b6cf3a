package io.promsnap.decoders;

import io.promsnap.snappyjava.SnappyJavaBlockDecompressor;
import io.promsnap.jackson.JacksonJsonStage;
import io.promsnap.spi.StagedDecoderFactory;

/** {@code snappy-java+jackson}: snappy-java (JNI) Snappy, Jackson streaming JSON */
public final class SnappyJavaJacksonDecoderFactory extends StagedDecoderFactory {
    public SnappyJavaJacksonDecoderFactory() {
        super("snappy-java", "jackson", "snappy-java (JNI) Snappy, Jackson streaming JSON", false, SnappyJavaBlockDecompressor::availability, SnappyJavaBlockDecompressor::new, JacksonJsonStage::new);
    }
}
