package io.promsnap.connect;

import io.promsnap.Sample;
import io.promsnap.loadgen.GenerateSummary;
import io.promsnap.loadgen.KafkaOutput;
import io.promsnap.loadgen.LoadGenerator;
import io.promsnap.traffic.ModelConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Fills a topic with the load generator and returns what it sent, as seen by its tap (not decoded). */
final class Generated {
    private Generated() {
    }

    static List<Sample> into(String bootstrap, String topic, int partitions, long samples, long seed) {
        List<Sample> sent = new ArrayList<>();
        LoadGenerator.Options o = new LoadGenerator.Options();
        o.model = ModelConfig.builder().series(500).seed(seed).nanShare(0.01).build();
        o.batchSamples = 250;
        o.maxSamples = samples;
        o.tap = (s, v, ts) -> sent.add(new Sample(s.name(), s.labels(), v, ts));
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        GenerateSummary summary;
        try (KafkaOutput out = new KafkaOutput(props, topic, partitions, o.batchBytes)) {
            summary = new LoadGenerator(o, out).run();
        }
        assertThat(summary.errors()).as(summary.toHuman()).isZero();
        assertThat(summary.acknowledged()).isEqualTo(summary.batches());
        assertThat(sent).hasSize((int) samples);
        return sent;
    }
}
