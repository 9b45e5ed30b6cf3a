package io.promsnap.streams;

import io.promsnap.DecodedBatch;
import io.promsnap.DecoderConfig;
import io.promsnap.DecoderFactory;
import io.promsnap.DecoderRegistry;
import io.promsnap.PayloadDecoder;
import io.promsnap.PromsnapException;
import io.promsnap.kafka.PromsnapDeserializer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A Kafka Streams {@link Serde} for topics filled by the Prometheus data delivery: the deserializer
 * decodes one message value into a {@link DecodedBatch} (its samples, and under
 * {@link io.promsnap.ErrorPolicy#SKIP} the samples it left out, with reasons). Use it with
 * {@link PromsnapStreams#samples}, which flattens each batch into one record per sample.
 *
 * <p><b>Configuration.</b> Either programmatic ({@link #of(String, DecoderConfig)}: Kafka Streams does
 * not call {@code configure} on a serde passed to {@code Consumed.with}), or as
 * {@code default.value.serde} with the {@code promsnap.*} properties of {@link PromsnapDeserializer}
 * ({@code promsnap.decoder}, {@code promsnap.format}, {@code promsnap.error.policy}, limits) in the
 * Streams configuration.
 *
 * <p><b>Bad input.</b> A message the decoder refuses throws {@link SerializationException} (message
 * {@code "promsnap: cannot decode value from topic T: <reason>"}, cause the {@link PromsnapException})
 * from the source node, so Kafka Streams hands it to the configured
 * {@code deserialization.exception.handler}: {@code LogAndFailExceptionHandler} (the default) stops the
 * stream thread, {@code LogAndContinueExceptionHandler} logs and skips the message (and counts it in
 * the {@code dropped-records} metric); with {@code errors.dead.letter.queue.topic.name} set, either
 * handler also writes the original record to that topic. A {@code null} value (a tombstone) is
 * {@code null}.
 *
 * <p><b>Threads.</b> Kafka Streams shares one serde instance between all its stream threads, while a
 * {@link PayloadDecoder} reuses buffers and is single-threaded, so the deserializer keeps one decoder
 * per thread.
 *
 * <p><b>Serializer: not supported.</b> The delivery is the only writer of this format; a topology writes
 * samples on with a serde of its own choice. {@link #serializer()} returns a serializer that throws
 * {@link UnsupportedOperationException} when called (Kafka Streams only calls it if this serde is used
 * to write a topic).
 */
public final class PromsnapSerde implements Serde<DecodedBatch> {
    private final SamplesDeserializer deserializer;

    /** The default decoder ({@value PromsnapDeserializer#DEFAULT_DECODER}) and {@link DecoderConfig#defaults()}; configurable. */
    public PromsnapSerde() {
        this.deserializer = new SamplesDeserializer(null, null);
    }

    private PromsnapSerde(String decoder, DecoderConfig config) {
        this.deserializer = new SamplesDeserializer(decoder, config);
    }

    /**
     * A serde with this decoder (registry name) and configuration; {@link #configure} is then a no-op.
     *
     * @throws IllegalArgumentException for an unknown decoder; {@link IllegalStateException} when it cannot run here
     */
    public static PromsnapSerde of(String decoder, DecoderConfig config) {
        return new PromsnapSerde(Objects.requireNonNull(decoder, "decoder"), Objects.requireNonNull(config, "config"));
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<DecodedBatch> serializer() {
        return (topic, data) -> {
            throw new UnsupportedOperationException("PromsnapSerde only reads delivered Prometheus messages; it cannot "
                    + "write them (topic " + topic + "). Write samples on with a serde of your choice.");
        };
    }

    @Override
    public Deserializer<DecodedBatch> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        deserializer.close();
    }

    /** One {@link PromsnapDeserializer} (so one decoder) per thread, made from one thread-safe factory. */
    private static final class SamplesDeserializer implements Deserializer<DecodedBatch> {
        private volatile DecoderFactory factory;
        private volatile DecoderConfig config;
        private final ThreadLocal<PromsnapDeserializer> perThread = new ThreadLocal<>();
        private final Queue<PromsnapDeserializer> created = new ConcurrentLinkedQueue<>();

        SamplesDeserializer(String decoder, DecoderConfig config) {
            if (decoder != null) {
                use(decoder, config);
            }
        }

        private void use(String decoder, DecoderConfig config) {
            DecoderFactory f = DecoderRegistry.getDefault().get(decoder);
            DecoderFactory.Availability a = f.availability();
            if (!a.available()) {
                throw new IllegalStateException("decoder " + decoder + " is unavailable here: " + a.reason());
            }
            this.config = config;
            this.factory = f;
        }

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            if (factory != null) {
                return;
            }
            Object name = configs.get(PromsnapDeserializer.DECODER);
            use(name == null ? PromsnapDeserializer.DEFAULT_DECODER : name.toString().trim(),
                    PromsnapDeserializer.configFrom(configs));
        }

        @Override
        public DecodedBatch deserialize(String topic, byte[] data) {
            return data == null ? null : current().deserialize(topic, data);
        }

        private PromsnapDeserializer current() {
            PromsnapDeserializer d = perThread.get();
            if (d == null) {
                if (factory == null) {
                    use(PromsnapDeserializer.DEFAULT_DECODER, DecoderConfig.defaults()); // never configured
                }
                PayloadDecoder decoder = io.promsnap.DecoderRegistry.newDecoder(factory, config);
                d = new PromsnapDeserializer(decoder);
                perThread.set(d);
                created.add(d);
            }
            return d;
        }

        @Override
        public void close() {
            PromsnapDeserializer d;
            while ((d = created.poll()) != null) {
                d.close();
            }
        }
    }
}
