package io.promsnap.suite;

import io.promsnap.DecoderConfig;
import io.promsnap.spi.JsonStage;
import io.promsnap.testing.Stages;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs {@link AbstractJsonStageSuite} for every JSON stage among the registry's staged decoders (built-in,
 * third-party or test-only), once per stage name.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.promsnap.testing.Stages#names")
class RegisteredJsonStagesTest extends AbstractJsonStageSuite {
    @Parameter
    String jsonName;

    @Override
    protected JsonStage stage(DecoderConfig config) {
        return Stages.create(jsonName, config);
    }
}
