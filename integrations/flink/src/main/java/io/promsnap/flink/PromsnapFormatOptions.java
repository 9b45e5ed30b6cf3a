package io.promsnap.flink;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Options of the {@code 'format' = 'promsnap'} SQL format. In a DDL each key is written with the format's
 * prefix, e.g. {@code 'promsnap.decoder' = 'snappy-java+scanner'} (or {@code 'value.promsnap.decoder'}
 * with {@code 'value.format'}).
 */
public final class PromsnapFormatOptions {
    private PromsnapFormatOptions() {
    }

    public static final ConfigOption<String> DECODER = ConfigOptions.key("decoder").stringType()
            .defaultValue("aircompressor+scanner")
            .withDescription("Registry name of the decoder; the default is pure Java (no JNI).");

    public static final ConfigOption<String> CONTAINER = ConfigOptions.key("container").stringType()
            .defaultValue("raw")
            .withDescription("Snappy container: raw (a plain Snappy block, what the delivery sends), framed, "
                    + "xerial or auto.");

    public static final ConfigOption<Boolean> IGNORE_PARSE_ERRORS = ConfigOptions.key("ignore-parse-errors")
            .booleanType().defaultValue(false)
            .withDescription("false (default): a bad message fails the job. true: a sample with a schema error "
                    + "is skipped, a message that cannot be decoded is skipped from the error on; both are "
                    + "counted in the promsnap.skippedSamples / promsnap.badMessages metrics and logged.");

    public static final ConfigOption<String> LABEL_COLUMNS = ConfigOptions.key("label-columns").stringType()
            .defaultValue("")
            .withDescription("Comma-separated labels promoted to STRING columns of the same name (NULL when a "
                    + "sample lacks the label), e.g. 'job,instance'. A listed name wins over the built-in columns, so a label "
                    + "called 'name' can be a column. The labels map keeps every label.");

    public static final ConfigOption<Integer> MAX_DECOMPRESSED_BYTES = ConfigOptions.key("max-decompressed-bytes")
            .intType().noDefaultValue().withDescription("DecodeLimits.maxDecompressedBytes (default 256 MiB).");

    public static final ConfigOption<Integer> MAX_SAMPLES_PER_PAYLOAD = ConfigOptions.key("max-samples-per-payload")
            .intType().noDefaultValue().withDescription("DecodeLimits.maxSamplesPerPayload.");

    public static final ConfigOption<Integer> MAX_LABELS_PER_SAMPLE = ConfigOptions.key("max-labels-per-sample")
            .intType().noDefaultValue().withDescription("DecodeLimits.maxLabelsPerSample.");

    public static final ConfigOption<String> MATCH = ConfigOptions.key("match").stringType().noDefaultValue()
            .withDescription("Only samples matching this selector become rows (the others are validated and dropped): "
                    + "a PromQL selector such as {__name__=~\"node_.*\",job=\"api\"}, or a delivery task's filter "
                    + "(label=regex lines, ANDed).");

    public static final ConfigOption<Integer> MAX_STRING_BYTES = ConfigOptions.key("max-string-bytes")
            .intType().noDefaultValue().withDescription("DecodeLimits.maxStringBytes.");
}
