package io.promsnap.spark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.promsnap.Sample;
import io.promsnap.loadgen.GenerateSummary;
import io.promsnap.loadgen.KafkaOutput;
import io.promsnap.loadgen.LoadGenerator;
import io.promsnap.traffic.ModelConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Fills topics of the embedded broker and reads them back without Spark. */
final class KafkaTopics {
    private KafkaTopics() {
    }

    /** What the load generator sent: every sample, in order, and its summary. */
    record Generated(List<Sample> samples, GenerateSummary summary) {
    }

    /** Runs the load generator into {@code topic} ({@code partitions} partitions) and records what it sent. */
    static Generated generate(String bootstrap, String topic, int partitions, long samples, int batchSamples,
                              long seed) {
        List<Sample> sent = Collections.synchronizedList(new ArrayList<>());
        LoadGenerator.Options o = new LoadGenerator.Options();
        o.model = ModelConfig.builder().series(2000).seed(seed).nanShare(0.01).infShare(0.01).build();
        o.maxSamples = samples;
        o.batchSamples = batchSamples;
        o.tap = (s, v, ts) -> sent.add(new Sample(s.name(), s.labels(), v, ts));
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        GenerateSummary summary;
        try (KafkaOutput out = new KafkaOutput(props, topic, partitions, o.batchBytes)) {
            summary = new LoadGenerator(o, out).run();
        }
        if (summary.errors() != 0 || summary.acknowledged() != summary.batches()) {
            throw new AssertionError("load generator did not deliver everything: " + summary.toHuman());
        }
        return new Generated(List.copyOf(sent), summary);
    }

    /** Sends these values as records of a topic (created with one partition on first use). */
    static void send(String bootstrap, String topic, List<byte[]> values) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        KafkaOutput.ensureTopic(props, topic, 1);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (byte[] v : values) {
                p.send(new ProducerRecord<>(topic, v));
            }
            p.flush();
        }
    }

    /** Every record value of the topic, from the beginning to the current end, with a plain consumer. */
    static List<byte[]> readValues(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo pi : c.partitionsFor(topic, Duration.ofSeconds(30))) {
                parts.add(new TopicPartition(topic, pi.partition()));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            List<byte[]> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end in 60 s");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(r.value());
                }
            }
            return out;
        }
    }
}
