package io.promsnap.streams;

import io.promsnap.Sample;
import io.promsnap.loadgen.BatchOutput;
import io.promsnap.loadgen.GenerateSummary;
import io.promsnap.loadgen.KafkaOutput;
import io.promsnap.loadgen.LoadGenerator;
import io.promsnap.traffic.encode.Batch;
import io.promsnap.traffic.ModelConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What the load generator sent (seen by its tap, not decoded) and, without Kafka, the payloads. */
record Generated(List<Sample> samples, List<byte[]> payloads) {

    Map<String, Long> countsPerName() {
        return samples.stream().collect(Collectors.groupingBy(Sample::name, TreeMap::new, Collectors.counting()));
    }

    static LoadGenerator.Options options(long samples, long seed, List<Sample> tap) {
        LoadGenerator.Options o = new LoadGenerator.Options();
        o.model = ModelConfig.builder().series(500).seed(seed).nanShare(0.01).build();
        o.batchSamples = 250;
        o.maxSamples = samples;
        o.tap = (s, v, ts) -> tap.add(new Sample(s.name(), s.labels(), v, ts));
        return o;
    }

    /** Into a topic of the broker. */
    static Generated into(String bootstrap, String topic, int partitions, long samples, long seed) {
        List<Sample> sent = new ArrayList<>();
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        GenerateSummary summary;
        try (KafkaOutput out = new KafkaOutput(props, topic, partitions, 1 << 20)) {
            summary = new LoadGenerator(options(samples, seed, sent), out).run();
        }
        assertThat(summary.errors()).as(summary.toHuman()).isZero();
        assertThat(summary.acknowledged()).isEqualTo(summary.batches());
        assertThat(sent).hasSize((int) samples);
        return new Generated(sent, List.of());
    }

    /** Into memory: the message values the generator would have sent. */
    static Generated inMemory(long samples, long seed) {
        List<Sample> sent = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        BatchOutput out = new BatchOutput() {
            @Override
            public void send(Batch batch, Completion completion) {
                payloads.add(batch.payload());
                completion.done(null);
            }

            @Override
            public void flush() {
            }

            @Override
            public String describe() {
                return "memory";
            }

            @Override
            public void close() {
            }
        };
        new LoadGenerator(options(samples, seed, sent), out).run();
        assertThat(sent).hasSize((int) samples);
        return new Generated(sent, payloads);
    }
}
