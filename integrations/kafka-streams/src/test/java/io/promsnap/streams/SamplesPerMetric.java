package io.promsnap.streams;

import io.promsnap.DecoderConfig;
import io.promsnap.Sample;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/** The topology docs/integrations.md shows; the lines between the markers are included there verbatim. */
final class SamplesPerMetric {
    private SamplesPerMetric() {
    }

    static Topology topology() {
        // doc:begin
        StreamsBuilder builder = new StreamsBuilder();
        PromsnapSerde serde = PromsnapSerde.of("aircompressor+scanner", DecoderConfig.defaults());
        // one record per sample; key, timestamp, partition and offset are the message's
        KStream<byte[], Sample> samples = PromsnapStreams.samples(builder, "prometheus-metrics", serde);
        samples.map((key, sample) -> KeyValue.pair(sample.name(), sample.value()))
                .groupByKey(Grouped.with(Serdes.String(), Serdes.Double()))
                .count(Materialized.<String, Long>as(Stores.inMemoryKeyValueStore("samples-per-metric"))
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
                .toStream()
                .to("samples-per-metric", Produced.with(Serdes.String(), Serdes.Long()));
        Topology topology = builder.build();
        // doc:end
        return topology;
    }
}
