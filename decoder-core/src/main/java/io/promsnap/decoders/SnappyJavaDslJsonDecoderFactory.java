package io.promsnap.decoders;

import io.promsnap.snappyjava.SnappyJavaBlockDecompressor;
import io.promsnap.dsljson.DslJsonStage;
import io.promsnap.spi.StagedDecoderFactory;

/** {@code snappy-java+dsl-json}: name, description and {@code pureJava} come from the two parts. */
public final class SnappyJavaDslJsonDecoderFactory extends StagedDecoderFactory {
    public SnappyJavaDslJsonDecoderFactory() {
        super(SnappyJavaBlockDecompressor.LIBRARY, DslJsonStage::new);
    }
}
