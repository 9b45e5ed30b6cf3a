package io.promsnap.decoders;

import io.promsnap.snappyjava.SnappyJavaLibrary;
import io.promsnap.jackson.JacksonLibrary;
import io.promsnap.spi.StagedDecoderFactory;

/** {@code snappy-java+jackson}: name, description, {@code pureJava} and availability come from the two parts. */
public final class SnappyJavaJacksonDecoderFactory extends StagedDecoderFactory {
    public SnappyJavaJacksonDecoderFactory() {
        super(SnappyJavaLibrary.LIBRARY, JacksonLibrary.LIBRARY);
    }
}
