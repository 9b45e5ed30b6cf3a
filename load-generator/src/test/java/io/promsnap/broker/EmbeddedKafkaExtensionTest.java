package io.promsnap.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedKafkaExtension.class)
class EmbeddedKafkaExtensionTest {
    private final EmbeddedKafkaBroker injected;

    EmbeddedKafkaExtensionTest(EmbeddedKafkaBroker broker) {
        this.injected = broker;
    }

    @Test
    void injectsOneRunningBrokerPerClass(EmbeddedKafkaBroker broker) throws Exception {
        assertThat(broker).isSameAs(injected);
        assertThat(broker.isRunning()).isTrue();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("ext-test", 1, (short) 1))).all().get();
            assertThat(admin.listTopics().names().get()).contains("ext-test");
        }
    }

    @Nested
    class Inner {
        @Test
        void nestedClassesShareTheOuterBroker(EmbeddedKafkaBroker broker) {
            assertThat(broker).isSameAs(injected);
        }
    }
}
