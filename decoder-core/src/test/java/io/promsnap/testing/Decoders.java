package io.promsnap.testing;

import io.promsnap.DecoderFactory;
import io.promsnap.DecoderRegistry;

import java.util.List;
import java.util.stream.Stream;

/** The decoders every suite runs: whatever the registry finds, so a new decoder is tested by registering it. */
public final class Decoders {
    /** The built-in decoders; the registry must contain at least these. */
    public static final List<String> BUILT_IN = List.of("aircompressor+dsl-json", "aircompressor+jackson",
            "aircompressor+scanner", "snappy-java+dsl-json", "snappy-java+jackson", "snappy-java+scanner");

    private Decoders() {
    }

    public static Stream<String> names() {
        return DecoderRegistry.getDefault().all().stream().map(DecoderFactory::name);
    }

    public static List<DecoderFactory> available() {
        return DecoderRegistry.getDefault().available();
    }
}
