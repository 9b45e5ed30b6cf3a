package io.promsnap.flink;

import java.util.Objects;

import io.promsnap.ContainerFormat;
import io.promsnap.DecodeLimits;
import io.promsnap.ErrorPolicy;
import io.promsnap.Selector;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Entry point of the DataStream adapters: one builder for the decoder settings, then the shape the job
 * needs.
 *
 * <pre>{@code
 * KafkaSource<PromsnapSample> source = KafkaSource.<PromsnapSample>builder()
 *         .setBootstrapServers(bootstrap).setTopics(topic)
 *         .setDeserializer(PromsnapFlink.builder().container(ContainerFormat.AUTO).kafkaRecordDeserializationSchema())
 *         .build();
 * }</pre>
 *
 * Defaults: decoder {@code aircompressor+scanner} (pure Java), raw Snappy blocks, decoder-core's default
 * limits, a sample with a schema error fails its message, a bad message fails the job.
 */
public final class PromsnapFlink {
    private PromsnapFlink() {
    }

    /** Settings for {@link PromsnapSample} records. */
    public static Builder<PromsnapSample> builder() {
        return new Builder<>(PromsnapSample::of, TypeInformation.of(PromsnapSample.class));
    }

    /** Decoder and error settings; immutable, each method returns a new builder. */
    public static final class Builder<T> {
        private final SampleMapper<T> mapper;
        private final TypeInformation<T> type;
        private String decoder = DecoderSpec.DEFAULT_DECODER;
        private ContainerFormat container = ContainerFormat.RAW;
        private ErrorPolicy sampleErrors = ErrorPolicy.FAIL;
        private DecodeLimits limits = DecodeLimits.defaults();
        private BadMessagePolicy badMessages = BadMessagePolicy.FAIL;
        private Selector selector = Selector.all();

        private Builder(SampleMapper<T> mapper, TypeInformation<T> type) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            this.type = Objects.requireNonNull(type, "type");
        }

        private Builder<T> copy() {
            return copyAs(mapper, type);
        }

        private <R> Builder<R> copyAs(SampleMapper<R> m, TypeInformation<R> t) {
            Builder<R> b = new Builder<>(m, t);
            b.decoder = decoder;
            b.container = container;
            b.sampleErrors = sampleErrors;
            b.limits = limits;
            b.badMessages = badMessages;
            b.selector = selector;
            return b;
        }

        /** A registry name, e.g. {@code snappy-java+scanner}; checked here, created on the task. */
        public Builder<T> decoder(String name) {
            Builder<T> b = copy();
            b.decoder = Objects.requireNonNull(name, "name");
            return b;
        }

        public Builder<T> container(ContainerFormat format) {
            Builder<T> b = copy();
            b.container = Objects.requireNonNull(format, "format");
            return b;
        }

        /**
         * Emit only the samples this selector matches (the others are validated, not emitted), e.g.
         * {@code Selector.parse("{__name__=~\"node_.*\"}")} or {@code Selector.parseDeliveryFilter(...)}.
         */
        public Builder<T> match(Selector s) {
            Builder<T> b = copy();
            b.selector = Objects.requireNonNull(s, "selector");
            return b;
        }

        public Builder<T> limits(DecodeLimits l) {
            Builder<T> b = copy();
            b.limits = Objects.requireNonNull(l, "limits");
            return b;
        }

        /**
         * {@link ErrorPolicy#SKIP}: a sample with a schema error is dropped and counted in
         * {@code promsnap.skippedSamples}; the rest of its message is still emitted.
         */
        public Builder<T> sampleErrors(ErrorPolicy policy) {
            Builder<T> b = copy();
            b.sampleErrors = Objects.requireNonNull(policy, "policy");
            return b;
        }

        /** For the deserialization schemas; {@link PromsnapDecodeFunction} always uses its side output. */
        public Builder<T> badMessages(BadMessagePolicy policy) {
            Builder<T> b = copy();
            b.badMessages = Objects.requireNonNull(policy, "policy");
            return b;
        }

        /**
         * Emits {@code mapper(view)} per sample instead of a {@link PromsnapSample}; {@code type} is what
         * {@code getProducedType()} reports.
         */
        public <R> Builder<R> map(SampleMapper<R> mapper, TypeInformation<R> type) {
            return copyAs(mapper, type);
        }

        private DecoderSpec spec() {
            DecoderSpec s = new DecoderSpec(decoder, container, sampleErrors, limits, selector);
            s.check();
            return s;
        }

        /** For sources that take a value-only {@code DeserializationSchema}. */
        public PromsnapDeserializationSchema<T> deserializationSchema() {
            return new PromsnapDeserializationSchema<>(spec(), mapper, type, badMessages);
        }

        /** For {@code KafkaSource.builder().setDeserializer(...)}: errors name topic, partition and offset. */
        public PromsnapKafkaRecordDeserializationSchema<T> kafkaRecordDeserializationSchema() {
            return new PromsnapKafkaRecordDeserializationSchema<>(spec(), mapper, type, badMessages);
        }

        /** Decodes raw message bytes in an operator; bad messages go to {@link PromsnapDecodeFunction#BAD_MESSAGES}. */
        public PromsnapDecodeFunction<T> decodeFunction() {
            return new PromsnapDecodeFunction<>(spec(), mapper, type);
        }
    }
}
