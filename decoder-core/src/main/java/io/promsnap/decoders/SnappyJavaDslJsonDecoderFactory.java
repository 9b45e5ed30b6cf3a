package io.promsnap.decoders;

import io.promsnap.snappyjava.SnappyJavaLibrary;
import io.promsnap.dsljson.DslJsonLibrary;
import io.promsnap.spi.StagedDecoderFactory;

/** {@code snappy-java+dsl-json}: name, description, {@code pureJava} and availability come from the two parts. */
public final class SnappyJavaDslJsonDecoderFactory extends StagedDecoderFactory {
    public SnappyJavaDslJsonDecoderFactory() {
        super(SnappyJavaLibrary.LIBRARY, DslJsonLibrary.LIBRARY);
    }
}
