package io.promsnap.flink;

import java.io.IOException;

import io.promsnap.PromsnapException;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link KafkaRecordDeserializationSchema} for {@code KafkaSource}: the record's value decoded like
 * {@link PromsnapDeserializationSchema}, with the record's topic, partition and offset in every error and
 * warning so a bad message can be found again. Build it with {@link PromsnapFlink#builder()}.
 */
public final class PromsnapKafkaRecordDeserializationSchema<T> implements KafkaRecordDeserializationSchema<T> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PromsnapKafkaRecordDeserializationSchema.class);

    private final DecoderSpec spec;
    private final SampleMapper<T> mapper;
    private final TypeInformation<T> type;
    private final BadMessagePolicy badMessages;
    private transient SampleEmitter<T> emitter;

    PromsnapKafkaRecordDeserializationSchema(DecoderSpec spec, SampleMapper<T> mapper, TypeInformation<T> type,
                                             BadMessagePolicy badMessages) {
        this.spec = spec;
        this.mapper = mapper;
        this.type = type;
        this.badMessages = badMessages;
    }

    /** {@link PromsnapSample} records with the default settings. */
    public static PromsnapKafkaRecordDeserializationSchema<PromsnapSample> samples() {
        return PromsnapFlink.builder().kafkaRecordDeserializationSchema();
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        emitter = new SampleEmitter<>(spec, mapper, context.getMetricGroup());
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) throws IOException {
        if (emitter == null) { // opened lazily for callers that skip open() (metrics then go nowhere)
            emitter = new SampleEmitter<>(spec, mapper, new UnregisteredMetricsGroup());
        }
        try {
            emitter.decode(record.value(), out);
        } catch (PromsnapException ex) {
            emitter.metrics.badMessages.inc();
            String where = record.topic() + "-" + record.partition() + "@" + record.offset();
            if (badMessages == BadMessagePolicy.FAIL) {
                throw new IOException("promsnap: cannot decode " + where + " (" + emitter.emittedInLastMessage()
                        + " samples emitted before the error): " + ex.getMessage(), ex);
            }
            LOG.warn("promsnap: skipped bad message {} ({} samples emitted before the error): {}",
                    where, emitter.emittedInLastMessage(), ex.getMessage());
        }
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return type;
    }

    @Override
    public String toString() {
        return "PromsnapKafkaRecordDeserializationSchema[" + spec + ", badMessages=" + badMessages + "]";
    }
}
