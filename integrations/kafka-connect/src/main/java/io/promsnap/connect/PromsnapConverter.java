package io.promsnap.connect;

import io.promsnap.ContainerFormat;
import io.promsnap.DecodeLimits;
import io.promsnap.DecoderConfig;
import io.promsnap.DecoderFactory;
import io.promsnap.DecoderRegistry;
import io.promsnap.ErrorPolicy;
import io.promsnap.PayloadDecoder;
import io.promsnap.Selector;
import io.promsnap.PromsnapException;
import io.promsnap.SampleView;
import io.promsnap.SampleVisitor;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Kafka Connect {@link Converter} for topics filled by the Prometheus data delivery: one message (a
 * Snappy-compressed JSON array of samples) becomes <em>one</em> Connect record whose value is an
 * {@code ARRAY} of {@link #SAMPLE_SCHEMA} structs, with {@link #VALUE_SCHEMA} as its schema.
 *
 * <p><b>Why one record per message.</b> A converter returns exactly one {@link SchemaAndValue} per
 * Kafka record, and single message transforms map one record to at most one record, so nothing in a
 * Connect pipeline can split a message into one record per sample. The array keeps every sample of the
 * message together with the message's topic, partition and offset, which is also what makes the
 * sink's offset commits and the dead-letter queue exact: a message is delivered, or reported, whole.
 * Sinks that write rows (JDBC, ClickHouse, Snowflake, ...) flatten the array themselves or through
 * their own "explode" option.
 *
 * <p><b>Configuration</b> (with the worker's or connector's {@code value.converter.} prefix), see
 * {@link #CONFIG_DEF}: {@value #DECODER}, {@value #FORMAT}, {@value #ERROR_POLICY} and the four limits.
 *
 * <p><b>Errors.</b> A {@code null} value (a tombstone) converts to {@link SchemaAndValue#NULL}. A
 * payload the decoder refuses raises {@link DataException} carrying the {@link PromsnapException}'s
 * message (and the exception as its cause); Connect treats it as a conversion error, so
 * {@code errors.tolerance=none} fails the task and {@code errors.tolerance=all} skips the record, sending
 * the original bytes to {@code errors.deadletterqueue.topic.name} when one is set. With
 * {@code error.policy=skip} a sample with a schema error is left out of the array and logged at WARN
 * (with the count and the first reason), never dropped unseen.
 *
 * <p><b>Threads.</b> The worker creates one converter per task and calls it from the task's thread,
 * which matches the decoder's single-thread reuse of its buffers.
 */
public class PromsnapConverter implements Converter {
    private static final Logger log = LoggerFactory.getLogger(PromsnapConverter.class);

    public static final String DECODER = "decoder";
    public static final String FORMAT = "format";
    public static final String ERROR_POLICY = "error.policy";
    public static final String MAX_DECOMPRESSED_BYTES = "max.decompressed.bytes";
    public static final String MAX_SAMPLES = "max.samples.per.payload";
    public static final String MAX_LABELS = "max.labels.per.sample";
    public static final String MAX_STRING_BYTES = "max.string.bytes";
    public static final String MATCH = "match";
    public static final String DEFAULT_DECODER = "aircompressor+scanner";

    /** One sample: {@code name}, {@code labels} (payload order), {@code value}, {@code timestamp} (ms). */
    public static final Schema SAMPLE_SCHEMA = SchemaBuilder.struct().name("io.promsnap.Sample").version(1)
            .doc("One Prometheus sample of a delivered message")
            .field("name", Schema.STRING_SCHEMA)
            .field("labels", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build())
            .field("value", Schema.FLOAT64_SCHEMA)
            .field("timestamp", Timestamp.SCHEMA)
            .build();

    /** The value of a converted record: every sample of one message, in payload order. */
    public static final Schema VALUE_SCHEMA = SchemaBuilder.array(SAMPLE_SCHEMA).name("io.promsnap.Samples")
            .version(1).doc("The samples of one delivered message").build();

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(DECODER, ConfigDef.Type.STRING, DEFAULT_DECODER, new DecoderValidator(), ConfigDef.Importance.MEDIUM,
                    "Registry name of the decoder; the default is pure Java (no JNI). `promsnap decoders` lists them.")
            .define(FORMAT, ConfigDef.Type.STRING, "raw", lowerCaseIn(ContainerFormat.class), ConfigDef.Importance.MEDIUM,
                    "Snappy container of the message value: raw (what the delivery sends), framed, xerial or auto.")
            .define(ERROR_POLICY, ConfigDef.Type.STRING, "fail", lowerCaseIn(ErrorPolicy.class), ConfigDef.Importance.MEDIUM,
                    "fail: a bad sample fails the whole message (a DataException, handled by errors.tolerance). "
                            + "skip: a sample with a schema error is left out of the array and logged.")
            .define(MAX_DECOMPRESSED_BYTES, ConfigDef.Type.INT, DecodeLimits.DEFAULT_MAX_DECOMPRESSED_BYTES,
                    ConfigDef.Range.between(1, DecodeLimits.HARD_MAX_BYTES), ConfigDef.Importance.LOW,
                    "Largest decompressed payload accepted, checked before allocating.")
            .define(MAX_SAMPLES, ConfigDef.Type.INT, DecodeLimits.DEFAULT_MAX_SAMPLES_PER_PAYLOAD,
                    ConfigDef.Range.atLeast(1), ConfigDef.Importance.LOW, "Most samples in one message.")
            .define(MAX_LABELS, ConfigDef.Type.INT, DecodeLimits.DEFAULT_MAX_LABELS_PER_SAMPLE,
                    ConfigDef.Range.between(1, 1 << 20), ConfigDef.Importance.LOW, "Most labels in one sample.")
            .define(MAX_STRING_BYTES, ConfigDef.Type.INT, DecodeLimits.DEFAULT_MAX_STRING_BYTES,
                    ConfigDef.Range.between(1, DecodeLimits.HARD_MAX_BYTES), ConfigDef.Importance.LOW,
                    "Longest name, label key or label value in UTF-8 bytes after unescaping.")
            .define(MATCH, ConfigDef.Type.STRING, "", new MatchValidator(), ConfigDef.Importance.MEDIUM,
                    "Only samples matching this selector go into the array; the others are validated and left out. "
                            + "A PromQL selector such as {__name__=~\"node_.*\",job=\"api\"}, or a delivery task's "
                            + "filter (label=regex lines, ANDed). Empty: every sample.");

    private PayloadDecoder decoder;
    private final StructCollector collector = new StructCollector();

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AbstractConfig c = new AbstractConfig(CONFIG_DEF, configs);
        DecodeLimits limits = DecodeLimits.builder()
                .maxDecompressedBytes(c.getInt(MAX_DECOMPRESSED_BYTES))
                .maxSamplesPerPayload(c.getInt(MAX_SAMPLES))
                .maxLabelsPerSample(c.getInt(MAX_LABELS))
                .maxStringBytes(c.getInt(MAX_STRING_BYTES))
                .build();
        DecoderConfig config = new DecoderConfig(limits,
                ErrorPolicy.valueOf(c.getString(ERROR_POLICY).toUpperCase(Locale.ROOT)),
                ContainerFormat.valueOf(c.getString(FORMAT).toUpperCase(Locale.ROOT)),
                c.getString(MATCH).isBlank() ? Selector.all() : Selector.parseMatch(c.getString(MATCH)));
        close();
        decoder = DecoderRegistry.getDefault().create(c.getString(DECODER), config);
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        PayloadDecoder d = decoder();
        collector.begin();
        try {
            d.decode(value, 0, value.length, collector);
        } catch (PromsnapException e) {
            throw new DataException("promsnap: cannot decode value from topic " + topic + ": " + e.getMessage(), e);
        }
        if (collector.skipped > 0) {
            log.warn("promsnap: {} sample(s) with schema errors left out of a message from topic {} (error.policy=skip); "
                    + "first: {}", collector.skipped, topic, collector.firstSkipped.getMessage());
        }
        return new SchemaAndValue(VALUE_SCHEMA, collector.samples);
    }

    /**
     * Not supported: this converter reads what the Prometheus delivery writes, and no Connect source has
     * a use for writing that format back (a sink task never calls it; the dead-letter queue gets the
     * original bytes). Use a general converter (JSON, Avro) for topics that connectors write.
     */
    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        throw new UnsupportedOperationException("PromsnapConverter only reads delivered Prometheus messages "
                + "(toConnectData, for sink connectors); it cannot write them. Use a general converter such as "
                + "org.apache.kafka.connect.json.JsonConverter for data that a source connector produces (topic "
                + topic + ")");
    }

    @Override
    public void close() {
        if (decoder != null) {
            decoder.close();
            decoder = null;
        }
    }

    private PayloadDecoder decoder() {
        if (decoder == null) {
            throw new IllegalStateException("PromsnapConverter.configure() was not called");
        }
        return decoder;
    }

    /** Builds the structs straight from the decoder's reused views (no intermediate Sample objects). */
    private static final class StructCollector implements SampleVisitor {
        List<Struct> samples;
        int skipped;
        PromsnapException firstSkipped;

        /** A new list per message: the previous one belongs to the record already handed to Connect. */
        void begin() {
            samples = new ArrayList<>();
            skipped = 0;
            firstSkipped = null;
        }

        @Override
        public void onSample(SampleView s) {
            int n = s.labelCount();
            Map<String, String> labels = new LinkedHashMap<>(n * 4 / 3 + 1);
            for (int i = 0; i < n; i++) {
                labels.put(s.labelKey(i).toString(), s.labelValue(i).toString());
            }
            samples.add(new Struct(SAMPLE_SCHEMA)
                    .put("name", s.name().toString())
                    .put("labels", labels)
                    .put("value", s.value())
                    .put("timestamp", new Date(s.timestampMillis())));
        }

        @Override
        public void onSkipped(PromsnapException reason) {
            if (skipped++ == 0) {
                firstSkipped = reason;
            }
        }
    }

    private static ConfigDef.Validator lowerCaseIn(Class<? extends Enum<?>> type) {
        List<String> names = new ArrayList<>();
        for (Enum<?> e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT));
        }
        return ConfigDef.CaseInsensitiveValidString.in(names.toArray(new String[0]));
    }

    /** Refuses unknown decoders and decoders that cannot run here when the connector is validated. */
    /** A bad selector fails the connector's validation with the parser's what-and-where. */
    private static final class MatchValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String text = value == null ? "" : value.toString();
            if (text.isBlank()) {
                return;
            }
            try {
                Selector.parseMatch(text);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "a PromQL selector or label=regex lines";
        }
    }

    private static final class DecoderValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            DecoderRegistry registry = DecoderRegistry.getDefault();
            String decoderName = String.valueOf(value);
            if (!registry.names().contains(decoderName)) {
                throw new ConfigException(name, value, "unknown decoder; known: " + String.join(", ", registry.names()));
            }
            DecoderFactory.Availability a = registry.get(decoderName).availability();
            if (!a.available()) {
                throw new ConfigException(name, value, "decoder is unavailable here: " + a.reason());
            }
        }

        @Override
        public String toString() {
            return "one of " + String.join(", ", DecoderRegistry.getDefault().names());
        }
    }
}
