package io.promsnap.streams;

import io.promsnap.broker.EmbeddedKafkaBroker;
import io.promsnap.broker.EmbeddedKafkaExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The documented topology in a real {@link KafkaStreams} instance against the embedded broker. */
@ExtendWith(EmbeddedKafkaExtension.class)
@Timeout(180)
class StreamsBrokerTest {

    @Test
    void countsPerMetricNameMatchWhatTheGeneratorSentAndABadMessageGoesToTheDeadLetterTopic(
            EmbeddedKafkaBroker broker, @TempDir Path stateDir) throws Exception {
        String bootstrap = broker.bootstrapServers();
        Generated g = Generated.into(bootstrap, "prometheus-metrics", 3, 20_000, 5);
        byte[] bad = Arrays.copyOf(PromsnapStreamsTest.seedExample(), 40);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>("prometheus-metrics", 0, null, bad)).get();
        }

        Properties props = PromsnapStreamsTest.streamsProperties();
        // only what differs on a test machine: the broker and a temporary state directory
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        try (KafkaStreams streams = new KafkaStreams(SamplesPerMetric.topology(), props)) {
            streams.start();
            Map<String, Long> expected = g.countsPerName();
            Map<String, Long> counts = Map.of();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                counts = counts(streams);
                if (counts.equals(expected)) {
                    break;
                }
                Thread.sleep(250);
            }
            assertThat(counts).isEqualTo(expected);
            assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(20_000);
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }

        List<ConsumerRecord<byte[], byte[]>> dead = readAll(bootstrap, "prometheus-metrics-dlq", 1);
        assertThat(dead).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(bad));
    }

    static Map<String, Long> counts(KafkaStreams streams) {
        Map<String, Long> out = new TreeMap<>();
        try {
            ReadOnlyKeyValueStore<String, Long> store = streams.store(StoreQueryParameters.fromNameAndType(
                    "samples-per-metric", QueryableStoreTypes.keyValueStore()));
            try (KeyValueIterator<String, Long> it = store.all()) {
                while (it.hasNext()) {
                    KeyValue<String, Long> kv = it.next();
                    out.put(kv.key, kv.value);
                }
            }
        } catch (InvalidStateStoreException e) {
            // not ready yet (rebalancing or restoring)
        }
        return out;
    }

    static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic, int atLeast) throws InterruptedException {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (c.partitionsFor(topic).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(pi -> new TopicPartition(topic, pi.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            while (out.size() < atLeast && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            c.poll(Duration.ofMillis(500)).forEach(out::add); // nothing more should come
        }
        return out;
    }
}
