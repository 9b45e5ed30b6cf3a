package io.promsnap.spark;

import java.io.Serializable;
import java.util.Objects;

import io.promsnap.ContainerFormat;
import io.promsnap.DecodeLimits;
import io.promsnap.DecoderConfig;
import io.promsnap.DecoderRegistry;
import io.promsnap.ErrorPolicy;
import io.promsnap.PayloadDecoder;
import io.promsnap.Selector;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Registers the promsnap SQL functions in a {@link SparkSession}:
 *
 * <ul>
 *   <li>{@code promsnap_decode(value BINARY) -> ARRAY<STRUCT<name STRING, labels MAP<STRING,STRING>,
 *       value DOUBLE, ts TIMESTAMP>>}: the samples of one delivered message, for
 *       {@code explode(promsnap_decode(value))} on the Kafka source. A bad message <strong>fails the
 *       query</strong>: the task's exception is the {@link io.promsnap.PromsnapException} (Spark wraps it
 *       in a {@code SparkException}, error class {@code FAILED_EXECUTE_UDF}, with it as the cause).</li>
 *   <li>{@code try_promsnap_decode(value BINARY) -> STRUCT<samples ARRAY<...same...>, error STRING,
 *       skipped ARRAY<STRING>>}: never fails on bad input. A bad message gives {@code samples = NULL} and
 *       {@code error} = the exception's message, so it can be counted, filtered or written to a
 *       dead-letter table next to its topic, partition and offset; {@code skipped} lists the samples
 *       dropped under {@link ErrorPolicy#SKIP}. Named like Spark's own {@code try_cast}, {@code try_divide}.</li>
 * </ul>
 *
 * A {@code NULL} value (a tombstone) gives {@code NULL}: it holds no samples. {@code ts} is the sample's
 * millisecond timestamp as a Spark {@code TIMESTAMP} (UTC instant, shown in the session time zone).
 *
 * <p>Decoders are not thread-safe and Spark runs several tasks in one executor JVM, so each executor
 * thread gets its own decoder from a {@link ThreadLocal} (one per thread and configuration, reused by
 * every task that thread runs); nothing is shared between threads.
 */
public final class PromsnapSpark {
    /** The failing function's default name. */
    public static final String FUNCTION = "promsnap_decode";
    /** Prefix of the lenient variant's name: {@code try_promsnap_decode}. */
    public static final String TRY_PREFIX = "try_";

    /** One element of the array: one sample. */
    public static final StructType SAMPLE_TYPE = new StructType()
            .add("name", DataTypes.StringType, false)
            .add("labels", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, false), false)
            .add("value", DataTypes.DoubleType, false)
            .add("ts", DataTypes.TimestampType, false);

    /** What {@code promsnap_decode} returns. */
    public static final ArrayType RESULT_TYPE = DataTypes.createArrayType(SAMPLE_TYPE, false);

    /** What {@code try_promsnap_decode} returns. */
    public static final StructType TRY_RESULT_TYPE = new StructType()
            .add("samples", RESULT_TYPE, true)
            .add("error", DataTypes.StringType, true)
            .add("skipped", DataTypes.createArrayType(DataTypes.StringType, false), true);

    private PromsnapSpark() {
    }

    /** Registers {@code promsnap_decode} and {@code try_promsnap_decode} with {@link Options#defaults()}. */
    public static void register(SparkSession spark) {
        register(spark, Options.defaults());
    }

    /**
     * Registers {@code <functionName>} and {@code try_<functionName>} with these options (register several
     * names to use several configurations in one session). The decoder is created once here, so an
     * unknown or unavailable decoder fails now, on the driver, rather than in the first task.
     *
     * @throws IllegalArgumentException for an unknown decoder name
     * @throws IllegalStateException    when the decoder cannot run here (e.g. its native library)
     */
    public static void register(SparkSession spark, Options options) {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(options, "options");
        try (PayloadDecoder probe = DecoderRegistry.getDefault().create(options.decoder, options.config())) {
            Objects.requireNonNull(probe.name());
        }
        spark.udf().register(options.functionName, new DecodeUdf(options), RESULT_TYPE);
        spark.udf().register(TRY_PREFIX + options.functionName, new TryDecodeUdf(options), TRY_RESULT_TYPE);
    }

    /**
     * Which decoder, container format, sample error policy and limits the functions use, and their name.
     * Immutable and serializable (it travels to the executors inside the function).
     */
    public static final class Options implements Serializable {
        private static final long serialVersionUID = 1L;
        private static final Options DEFAULTS = new Options(FUNCTION, "aircompressor+scanner",
                ContainerFormat.RAW, ErrorPolicy.FAIL, DecodeLimits.defaults(), "");

        final String functionName;
        final String decoder;
        final ContainerFormat containerFormat;
        final ErrorPolicy errorPolicy;
        // DecodeLimits is not Serializable: its four numbers are
        final int maxDecompressedBytes;
        final int maxSamplesPerPayload;
        final int maxLabelsPerSample;
        final int maxStringBytes;
        /** The selector in PromQL form (Selector is not Serializable; its text parses back), empty for none. */
        final String match;

        private Options(String functionName, String decoder, ContainerFormat containerFormat,
                        ErrorPolicy errorPolicy, DecodeLimits limits, String match) {
            this.match = Objects.requireNonNull(match, "match");
            this.functionName = Objects.requireNonNull(functionName, "functionName");
            this.decoder = Objects.requireNonNull(decoder, "decoder");
            this.containerFormat = Objects.requireNonNull(containerFormat, "containerFormat");
            this.errorPolicy = Objects.requireNonNull(errorPolicy, "errorPolicy");
            this.maxDecompressedBytes = limits.maxDecompressedBytes();
            this.maxSamplesPerPayload = limits.maxSamplesPerPayload();
            this.maxLabelsPerSample = limits.maxLabelsPerSample();
            this.maxStringBytes = limits.maxStringBytes();
            if (!functionName.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("function name must be a SQL identifier: " + functionName);
            }
        }

        /**
         * {@code promsnap_decode}, decoder {@code aircompressor+scanner} (pure Java), raw Snappy blocks
         * (what the delivery sends), {@link ErrorPolicy#FAIL}, {@link DecodeLimits#defaults()}.
         */
        public static Options defaults() {
            return DEFAULTS;
        }

        /** Registry name of the decoder, e.g. {@code snappy-java+scanner}. */
        public Options decoder(String name) {
            return new Options(functionName, name, containerFormat, errorPolicy, limits(), match);
        }

        public Options containerFormat(ContainerFormat format) {
            return new Options(functionName, decoder, format, errorPolicy, limits(), match);
        }

        /**
         * What happens to a sample whose schema is wrong. {@link ErrorPolicy#FAIL}: the whole message is
         * bad. {@link ErrorPolicy#SKIP}: the sample is left out of {@code samples}; {@code try_} lists why.
         */
        public Options errorPolicy(ErrorPolicy policy) {
            return new Options(functionName, decoder, containerFormat, policy, limits(), match);
        }

        public Options limits(DecodeLimits limits) {
            return new Options(functionName, decoder, containerFormat, errorPolicy,
                    Objects.requireNonNull(limits, "limits"), match);
        }

        /**
         * Only samples matching this selector go into {@code samples} (the others are validated, not returned):
         * a PromQL selector such as {@code {__name__=~"node_.*",job="api"}}, or a delivery task's filter
         * ({@code label=regex} lines, ANDed); see {@link Selector#parseMatch}. Empty: every sample.
         *
         * @throws IllegalArgumentException for a malformed selector, saying what and where
         */
        public Options match(String selector) {
            String m = selector == null || selector.isBlank() ? "" : Selector.parseMatch(selector).toString();
            return new Options(functionName, decoder, containerFormat, errorPolicy, limits(), m);
        }

        /** The name of the failing function; the lenient one is {@code try_} + this name. */
        public Options functionName(String name) {
            return new Options(name, decoder, containerFormat, errorPolicy, limits(), match);
        }

        DecodeLimits limits() {
            return DecodeLimits.builder().maxDecompressedBytes(maxDecompressedBytes)
                    .maxSamplesPerPayload(maxSamplesPerPayload).maxLabelsPerSample(maxLabelsPerSample)
                    .maxStringBytes(maxStringBytes).build();
        }

        DecoderConfig config() {
            return new DecoderConfig(limits(), errorPolicy, containerFormat,
                    match.isEmpty() ? Selector.all() : Selector.parse(match));
        }

        /** The decoder-relevant part, as a key of the per-thread decoder cache (the name does not matter). */
        String decoderKey() {
            return decoder + '|' + containerFormat + '|' + errorPolicy + '|' + maxDecompressedBytes + '|'
                    + maxSamplesPerPayload + '|' + maxLabelsPerSample + '|' + maxStringBytes + '|' + match;
        }

        @Override
        public String toString() {
            return functionName + "(decoder=" + decoder + ", format=" + containerFormat + ", errorPolicy="
                    + errorPolicy + ", " + limits() + (match.isEmpty() ? "" : ", match=" + match) + ")";
        }
    }
}
