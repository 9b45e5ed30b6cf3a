package io.promsnap.streams;

import io.promsnap.DecodedBatch;
import io.promsnap.Sample;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The topology step that turns delivered messages into samples:
 *
 * <pre>{@code
 * StreamsBuilder builder = new StreamsBuilder();
 * KStream<byte[], Sample> samples = PromsnapStreams.samples(builder, "prometheus-metrics",
 *         PromsnapSerde.of("aircompressor+scanner", DecoderConfig.defaults()));
 * }</pre>
 *
 * which is {@code builder.stream(topic, Consumed.with(Serdes.ByteArray(), serde))} followed by a
 * {@code flatMapValues} from each {@link DecodedBatch} to its samples, in payload order. Every sample
 * keeps its message's key, timestamp, partition and offset. A tombstone yields no samples. A message
 * that does not decode never reaches the {@code flatMapValues}: it goes to the
 * {@code deserialization.exception.handler} (see {@link PromsnapSerde}). Samples that
 * {@code error.policy=skip} left out are logged at WARN with the first reason.
 */
public final class PromsnapStreams {
    private static final Logger log = LoggerFactory.getLogger(PromsnapStreams.class);

    private PromsnapStreams() {
    }

    /** The samples of every message of {@code topic}, one record per sample. */
    public static KStream<byte[], Sample> samples(StreamsBuilder builder, String topic, PromsnapSerde serde) {
        return builder.stream(topic, Consumed.with(Serdes.ByteArray(), serde))
                .flatMapValues(PromsnapStreams::samplesOf);
    }

    /** The same with the default decoder and configuration. */
    public static KStream<byte[], Sample> samples(StreamsBuilder builder, String topic) {
        return samples(builder, topic, new PromsnapSerde());
    }

    /** The function the {@code flatMapValues} applies; for topologies that build the source themselves. */
    public static List<Sample> samplesOf(DecodedBatch batch) {
        if (batch == null) {
            return List.of();
        }
        if (!batch.skipped().isEmpty()) {
            log.warn("promsnap: {} sample(s) with schema errors left out of a message (error policy skip); first: {}",
                    batch.skipped().size(), batch.skipped().get(0).getMessage());
        }
        return batch.samples();
    }
}
