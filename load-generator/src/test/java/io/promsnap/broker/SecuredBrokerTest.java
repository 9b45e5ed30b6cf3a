package io.promsnap.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SASL_SSL broker: its client.properties work for every mechanism it lists, and nothing less does. */
@Timeout(180)
class SecuredBrokerTest {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.secured(EmbeddedKafkaBroker.Security.SASL_SSL);

    @Test
    void clientPropertiesFileHoldsWhatAClientNeedsAndIsPrivate(EmbeddedKafkaBroker broker) throws Exception {
        Path file = broker.clientConfigFile();
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        assertThat(p.stringPropertyNames()).containsExactlyInAnyOrder("security.protocol", "sasl.mechanism",
                "sasl.jaas.config", "ssl.truststore.location", "ssl.truststore.password", "ssl.truststore.type");
        assertThat(p).isEqualTo(broker.clientProperties());
        assertThat(p.getProperty("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(Path.of(p.getProperty("ssl.truststore.location"))).isRegularFile();
        assertThat(file.getParent()).isEqualTo(broker.dataDir());
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"})
    void everyMechanismProducesAndConsumesOverTls(String mechanism, EmbeddedKafkaBroker broker) throws Exception {
        Properties p = broker.clientProperties();
        p.put("sasl.mechanism", mechanism);
        p.put("sasl.jaas.config", EmbeddedKafkaBroker.jaas(mechanism, EmbeddedKafkaBroker.SASL_USER, broker.saslPassword()));
        p.put("bootstrap.servers", broker.bootstrapServers());
        String topic = "tls-" + mechanism.toLowerCase();
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "hello " + mechanism)).get(30, TimeUnit.SECONDS);
        }
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String got = null;
            while (got == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    got = r.value();
                }
            }
            assertThat(got).isEqualTo("hello " + mechanism);
        }
    }

    @Test
    void restartKeepsCredentialsAndCertificates(EmbeddedKafkaBroker broker) throws Exception {
        String before = Files.readString(broker.clientConfigFile());
        broker.stop();
        broker.start();
        assertThat(Files.readString(broker.clientConfigFile())).isEqualTo(before);
        Properties p = broker.clientProperties();
        p.put("bootstrap.servers", broker.bootstrapServers());
        p.put("sasl.mechanism", "SCRAM-SHA-512");
        p.put("sasl.jaas.config", EmbeddedKafkaBroker.jaas("SCRAM-SHA-512", EmbeddedKafkaBroker.SASL_USER, broker.saslPassword()));
        try (Admin admin = Admin.create(p)) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
        }
    }

    @Test
    void saslPlaintextBrokerNeedsNoTruststore() {
        try (EmbeddedKafkaBroker b = EmbeddedKafkaBroker.builder().security(EmbeddedKafkaBroker.Security.SASL_PLAINTEXT)
                .saslMechanism("SCRAM-SHA-512").build().start()) {
            Properties p = b.clientProperties();
            assertThat(p.stringPropertyNames()).containsExactlyInAnyOrder("security.protocol", "sasl.mechanism", "sasl.jaas.config");
            assertThat(p.getProperty("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
            // start() already waited for the broker through the SASL listener with these settings
            assertThat(b.isRunning()).isTrue();
        }
    }

    @Test
    void theDocumentedExampleHasTheKeysTheBrokerWrites(EmbeddedKafkaBroker broker) throws Exception {
        // docs/real-cluster.md shows the generated file with its secrets replaced: the same keys, the same protocol
        String doc = Files.readString(Path.of("..", "docs", "real-cluster.md"));
        int marker = doc.indexOf("<!-- client.properties example: checked by SecuredBrokerTest -->");
        assertThat(marker).as("the marked example in docs/real-cluster.md").isNotNegative();
        int start = doc.indexOf("```properties\n", marker) + "```properties\n".length();
        String block = doc.substring(start, doc.indexOf("```", start));
        Properties documented = new Properties();
        documented.load(new java.io.StringReader(block));
        Properties generated = new Properties();
        try (InputStream in = Files.newInputStream(broker.clientConfigFile())) {
            generated.load(in);
        }
        assertThat(documented.stringPropertyNames()).isEqualTo(generated.stringPropertyNames());
        for (String k : List.of("security.protocol", "sasl.mechanism", "ssl.truststore.type")) {
            assertThat(documented.getProperty(k)).as(k).isEqualTo(generated.getProperty(k));
        }
        assertThat(documented.getProperty("sasl.jaas.config")).startsWith(generated.getProperty("sasl.jaas.config")
                .substring(0, generated.getProperty("sasl.jaas.config").indexOf("username=")));
        // and the secrets are really replaced
        assertThat(block).doesNotContain(broker.saslPassword()).doesNotContain(generated.getProperty("ssl.truststore.password"));
    }

    @Test
    void passwordIsNotInToString(EmbeddedKafkaBroker broker) {
        assertThat(Map.of("b", broker).toString()).doesNotContain(broker.saslPassword());
    }
}
