package io.promsnap.loadgen.cli;

import io.promsnap.broker.EmbeddedKafkaBroker;
import io.promsnap.broker.EmbeddedKafkaExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link ScaleOutSuite} on the embedded KRaft broker (always runs). */
@ExtendWith(EmbeddedKafkaExtension.class)
class ScaleOutEmbeddedTest extends ScaleOutSuite {
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void broker(EmbeddedKafkaBroker b) {
        broker = b;
    }

    @Override
    KafkaTarget target() {
        return new KafkaTarget("the embedded broker", broker.bootstrapServers(), null);
    }
}
