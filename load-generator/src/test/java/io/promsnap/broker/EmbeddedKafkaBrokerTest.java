package io.promsnap.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    @Test
    void recordsAndCommittedOffsetsSurviveARestartOnTheSameDataDir(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("kafka");
        TopicPartition tp = new TopicPartition("restart-test", 0);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(data).build().start()) {
            String bootstrap = broker.bootstrapServers();
            assertThat(bootstrap).startsWith("127.0.0.1:");
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new NewTopic(tp.topic(), 2, (short) 1))).all().get();
            }
            produce(bootstrap, tp.topic(), 0, 50);

            // consume the first 20 and commit offset 20 for the group
            try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap, "g1")) {
                c.assign(List.of(tp));
                c.seekToBeginning(List.of(tp));
                List<String> seen = pollValues(c, 50);
                assertThat(seen).hasSize(50);
                c.commitSync(Map.of(tp, new OffsetAndMetadata(20)));
            }

            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            broker.start();
            assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
            produce(bootstrap, tp.topic(), 50, 10);

            try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap, "g1")) {
                assertThat(c.committed(Set.of(tp)).get(tp).offset()).isEqualTo(20);
                c.assign(List.of(tp));
                c.seekToBeginning(List.of(tp));
                List<String> all = pollValues(c, 60);
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    expected.add("v" + i);
                }
                assertThat(all).isEqualTo(expected);
            }
        }
        // a given data dir is kept
        assertThat(data).isDirectory();
        assertThat(Files.list(data.resolve("kraft-logs")).map(p -> p.getFileName().toString()))
                .contains("restart-test-0", "restart-test-1");
    }

    @Test
    void temporaryDataDirIsDeletedOnClose() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build();
        Path dir = broker.dataDir();
        assertThat(dir).isDirectory();
        broker.close();
        assertThat(dir).doesNotExist();
        assertThatThrownBy(broker::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void aPortInUseIsAClearError() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().port(taken.getLocalPort())
                     .startTimeout(Duration.ofSeconds(10)).build()) {
            assertThatThrownBy(broker::start).hasMessageContaining(Integer.toString(taken.getLocalPort()));
            assertThat(broker.isRunning()).isFalse();
        }
    }

    static void produce(String bootstrap, String topic, int from, int count) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = from; i < from + count; i++) {
                producer.send(new ProducerRecord<>(topic, 0, null, ("v" + i).getBytes(StandardCharsets.UTF_8))).get();
            }
        }
    }

    static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static List<String> pollValues(KafkaConsumer<byte[], byte[]> c, int expected) {
        List<String> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (out.size() < expected && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                out.add(new String(r.value(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
