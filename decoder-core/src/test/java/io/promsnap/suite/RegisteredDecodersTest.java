package io.promsnap.suite;

import io.promsnap.DecoderFactory;
import io.promsnap.DecoderRegistry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs {@link AbstractDecoderSuite} for every decoder the registry finds (built-in or third-party). */
@ParameterizedClass(name = "{0}")
@MethodSource("io.promsnap.testing.Decoders#names")
class RegisteredDecodersTest extends AbstractDecoderSuite {
    @Parameter
    String decoderName;

    @Override
    protected DecoderFactory factory() {
        DecoderFactory f = DecoderRegistry.getDefault().get(decoderName);
        Assumptions.assumeTrue(f.availability().available(), () -> decoderName + ": " + f.availability().reason());
        return f;
    }
}
