package io.promsnap.testing;

import io.promsnap.DecoderFactory;
import io.promsnap.DecoderRegistry;

import java.util.List;
import java.util.stream.Stream;

/** The decoders every suite runs: whatever the registry finds, so a new decoder is tested by registering it. */
public final class Decoders {
    private Decoders() {
    }

    public static Stream<String> names() {
        return DecoderRegistry.getDefault().all().stream().map(DecoderFactory::name);
    }

    public static List<DecoderFactory> available() {
        return DecoderRegistry.getDefault().available();
    }
}
