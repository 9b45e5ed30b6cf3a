package io.promsnap.loadgen.cli;

import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * {@link ScaleOutSuite} on a Kafka in a container (Testcontainers), where a Docker engine answers; elsewhere
 * skipped with one line saying why ({@link DockerEngine}, which never hangs on a client without an engine).
 */
@ExtendWith(DockerEngine.class)
@Testcontainers
class ScaleOutTestcontainersTest extends ScaleOutSuite {
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.0.0");

    @Override
    KafkaTarget target() {
        return new KafkaTarget("a Testcontainers Kafka", KAFKA.getBootstrapServers(), null);
    }
}
