package io.promsnap.flink;

import java.io.IOException;

import io.promsnap.PromsnapException;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink {@link DeserializationSchema} for delivered messages: one record per sample, handed to the
 * collector from inside the decoder's callback. Build it with {@link PromsnapFlink#builder()}.
 *
 * <p>The decoder is created in {@link #open} (one per parallel instance: decoders are neither
 * thread-safe nor serializable). Bad messages fail the task with an {@link IOException} whose cause is
 * the {@link PromsnapException}, or are counted and logged under {@link BadMessagePolicy#IGNORE}.
 * Counters: {@code promsnap.messages}, {@code .samples}, {@code .badMessages}, {@code .skippedSamples}.
 */
public final class PromsnapDeserializationSchema<T> implements DeserializationSchema<T> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PromsnapDeserializationSchema.class);

    private final DecoderSpec spec;
    private final SampleMapper<T> mapper;
    private final TypeInformation<T> type;
    private final BadMessagePolicy badMessages;
    private transient SampleEmitter<T> emitter;

    PromsnapDeserializationSchema(DecoderSpec spec, SampleMapper<T> mapper, TypeInformation<T> type,
                                  BadMessagePolicy badMessages) {
        this.spec = spec;
        this.mapper = mapper;
        this.type = type;
        this.badMessages = badMessages;
    }

    /** {@link PromsnapSample} records with the default settings. */
    public static PromsnapDeserializationSchema<PromsnapSample> samples() {
        return PromsnapFlink.builder().deserializationSchema();
    }

    @Override
    public void open(InitializationContext context) {
        emitter = new SampleEmitter<>(spec, mapper, context.getMetricGroup());
    }

    @Override
    public void deserialize(byte[] message, Collector<T> out) throws IOException {
        SampleEmitter<T> e = emitter();
        try {
            e.decode(message, out);
        } catch (PromsnapException ex) {
            e.metrics.badMessages.inc();
            if (badMessages == BadMessagePolicy.FAIL) {
                throw new IOException("promsnap: cannot decode message (" + message.length + " bytes, "
                        + e.emittedInLastMessage() + " samples emitted before the error): " + ex.getMessage(), ex);
            }
            LOG.warn("promsnap: skipped bad message ({} bytes, {} samples emitted before the error): {}",
                    message.length, e.emittedInLastMessage(), ex.getMessage());
        }
    }

    /**
     * Not supported: one message holds many samples. Flink's sources call
     * {@link #deserialize(byte[], Collector)}.
     */
    @Override
    public T deserialize(byte[] message) {
        throw new UnsupportedOperationException(
                "a promsnap message holds many samples: call deserialize(byte[], Collector)");
    }

    @Override
    public boolean isEndOfStream(T nextElement) {
        return false;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return type;
    }

    /** Opened lazily for callers that skip {@link #open} (metrics then go nowhere). */
    private SampleEmitter<T> emitter() {
        if (emitter == null) {
            emitter = new SampleEmitter<>(spec, mapper, new UnregisteredMetricsGroup());
        }
        return emitter;
    }

    @Override
    public String toString() {
        return "PromsnapDeserializationSchema[" + spec + ", badMessages=" + badMessages + "]";
    }
}
