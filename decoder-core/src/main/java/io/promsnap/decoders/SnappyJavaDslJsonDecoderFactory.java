package io.promsnap.decoders;

import io.promsnap.dsljson.DslJsonStage;
import io.promsnap.snappyjava.SnappyJavaBlockDecompressor;
import io.promsnap.spi.StagedDecoderFactory;

/** {@code snappy-java+dsl-json}: snappy-java (JNI) Snappy, DSL-JSON reader */
public final class SnappyJavaDslJsonDecoderFactory extends StagedDecoderFactory {
    public SnappyJavaDslJsonDecoderFactory() {
        super("snappy-java", "dsl-json", "snappy-java (JNI) Snappy, DSL-JSON reader", false, SnappyJavaBlockDecompressor::availability, SnappyJavaBlockDecompressor::new, DslJsonStage::new);
    }
}
