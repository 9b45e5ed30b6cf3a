package io.promsnap.kafka;

import io.promsnap.ContainerFormat;
import io.promsnap.DecodeLimits;
import io.promsnap.DecodedBatch;
import io.promsnap.DecoderConfig;
import io.promsnap.DecoderRegistry;
import io.promsnap.ErrorPolicy;
import io.promsnap.PayloadDecoder;
import io.promsnap.PromsnapException;
import io.promsnap.Selector;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;

/**
 * A Kafka {@link Deserializer} that turns a delivered message value into a {@link DecodedBatch}.
 *
 * <p>Properties (all optional, given with the consumer's configuration):
 * <ul>
 *   <li>{@value #DECODER} — registry name, default {@value #DEFAULT_DECODER} (pure Java, no JNI)</li>
 *   <li>{@value #ERROR_POLICY} — {@code fail} (default) or {@code skip}</li>
 *   <li>{@value #FORMAT} — {@code raw} (default), {@code framed}, {@code xerial}, {@code auto}</li>
 *   <li>{@value #MATCH} — deliver only matching samples: a PromQL selector
 *       ({@code {__name__=~"node_.*",job="api"}}) or a delivery task's filter ({@code label=regex} lines, ANDed);
 *       see {@link Selector#parseMatch}. Default: every sample</li>
 *   <li>{@value #MAX_DECOMPRESSED_BYTES}, {@value #MAX_SAMPLES}, {@value #MAX_LABELS},
 *       {@value #MAX_STRING_BYTES} — {@link DecodeLimits}</li>
 * </ul>
 * A {@code null} value (a tombstone) deserializes to {@code null}. Bad input throws
 * {@link SerializationException} whose cause is the {@link PromsnapException}; since Kafka 3.x the
 * consumer surfaces it as a {@code RecordDeserializationException} with the partition and offset, so the
 * application can seek past the record or send it to a dead-letter topic.
 *
 * <p>Kafka creates one deserializer per consumer and a consumer is used by one thread, which matches
 * the decoder's single-thread reuse. Allocation-free consumers use {@code ByteArrayDeserializer} and
 * call a {@link PayloadDecoder} with a visitor in the poll loop instead (see the module README).
 */
public class PromsnapDeserializer implements Deserializer<DecodedBatch> {
    public static final String DECODER = "promsnap.decoder";
    public static final String ERROR_POLICY = "promsnap.error.policy";
    public static final String FORMAT = "promsnap.format";
    public static final String MATCH = "promsnap.match";
    public static final String MAX_DECOMPRESSED_BYTES = "promsnap.max.decompressed.bytes";
    public static final String MAX_SAMPLES = "promsnap.max.samples.per.payload";
    public static final String MAX_LABELS = "promsnap.max.labels.per.sample";
    public static final String MAX_STRING_BYTES = "promsnap.max.string.bytes";
    public static final String DEFAULT_DECODER = "aircompressor+scanner";

    private PayloadDecoder decoder;

    public PromsnapDeserializer() {
    }

    /** With a decoder already made (for programmatic configuration); {@link #configure} is then a no-op. */
    public PromsnapDeserializer(PayloadDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (decoder != null) {
            return;
        }
        DecoderConfig config = configFrom(configs);
        String name = string(configs, DECODER, DEFAULT_DECODER);
        decoder = DecoderRegistry.getDefault().create(name, config);
    }

    /** Builds a {@link DecoderConfig} from {@code promsnap.*} properties; other keys are ignored. */
    public static DecoderConfig configFrom(Map<String, ?> configs) {
        DecodeLimits.Builder limits = DecodeLimits.builder();
        Object v;
        if ((v = configs.get(MAX_DECOMPRESSED_BYTES)) != null) {
            limits.maxDecompressedBytes(number(MAX_DECOMPRESSED_BYTES, v));
        }
        if ((v = configs.get(MAX_SAMPLES)) != null) {
            limits.maxSamplesPerPayload(number(MAX_SAMPLES, v));
        }
        if ((v = configs.get(MAX_LABELS)) != null) {
            limits.maxLabelsPerSample(number(MAX_LABELS, v));
        }
        if ((v = configs.get(MAX_STRING_BYTES)) != null) {
            limits.maxStringBytes(number(MAX_STRING_BYTES, v));
        }
        ErrorPolicy policy = enumValue(ErrorPolicy.class, ERROR_POLICY, string(configs, ERROR_POLICY, "fail"));
        ContainerFormat format = enumValue(ContainerFormat.class, FORMAT, string(configs, FORMAT, "raw"));
        Selector selector = Selector.all();
        String match = string(configs, MATCH, "");
        if (!match.isEmpty()) {
            try {
                selector = Selector.parseMatch(match);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(MATCH + ": " + e.getMessage(), e);
            }
        }
        return new DecoderConfig(limits.build(), policy, format, selector);
    }

    private static String string(Map<String, ?> configs, String key, String def) {
        Object v = configs.get(key);
        return v == null ? def : v.toString().trim();
    }

    private static long number(String key, Object v) {
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'", e);
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String key, String v) {
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder allowed = new StringBuilder();
            for (E c : type.getEnumConstants()) {
                allowed.append(allowed.length() == 0 ? "" : ", ").append(c.name().toLowerCase(Locale.ROOT));
            }
            throw new IllegalArgumentException(key + " must be one of " + allowed + ", got '" + v + "'", e);
        }
    }

    @Override
    public DecodedBatch deserialize(String topic, byte[] data) {
        return data == null ? null : deserialize(topic, ByteBuffer.wrap(data));
    }

    @Override
    public DecodedBatch deserialize(String topic, Headers headers, byte[] data) {
        return deserialize(topic, data);
    }

    @Override
    public DecodedBatch deserialize(String topic, Headers headers, ByteBuffer data) {
        return data == null ? null : deserialize(topic, data);
    }

    private DecodedBatch deserialize(String topic, ByteBuffer data) {
        try {
            return decoder().decodeBatch(data);
        } catch (PromsnapException e) {
            throw new SerializationException("promsnap: cannot decode value from topic " + topic + ": " + e.getMessage(), e);
        }
    }

    /** The decoder in use (for its {@link PayloadDecoder#lastReport()}). */
    public PayloadDecoder decoder() {
        if (decoder == null) {
            throw new IllegalStateException("configure() was not called");
        }
        return decoder;
    }

    @Override
    public void close() {
        if (decoder != null) {
            decoder.close();
        }
    }
}
