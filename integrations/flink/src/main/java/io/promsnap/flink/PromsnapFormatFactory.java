package io.promsnap.flink;

import static io.promsnap.flink.PromsnapFormatOptions.CONTAINER;
import static io.promsnap.flink.PromsnapFormatOptions.DECODER;
import static io.promsnap.flink.PromsnapFormatOptions.IGNORE_PARSE_ERRORS;
import static io.promsnap.flink.PromsnapFormatOptions.LABEL_COLUMNS;
import static io.promsnap.flink.PromsnapFormatOptions.MATCH;
import static io.promsnap.flink.PromsnapFormatOptions.MAX_DECOMPRESSED_BYTES;
import static io.promsnap.flink.PromsnapFormatOptions.MAX_LABELS_PER_SAMPLE;
import static io.promsnap.flink.PromsnapFormatOptions.MAX_SAMPLES_PER_PAYLOAD;
import static io.promsnap.flink.PromsnapFormatOptions.MAX_STRING_BYTES;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.promsnap.ContainerFormat;
import io.promsnap.DecodeLimits;
import io.promsnap.ErrorPolicy;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.Projection;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.format.ProjectableDecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;

/**
 * The {@code 'format' = 'promsnap'} Flink SQL format (read only): each delivered message becomes one row
 * per sample. Columns are matched by name, so a table declares only those it needs, in any order:
 * {@code name STRING}, {@code labels MAP<STRING, STRING>}, {@code value DOUBLE},
 * {@code ts TIMESTAMP_LTZ(3)} (or {@code TIMESTAMP(3)}), plus one {@code STRING} column per label named
 * in {@code 'promsnap.label-columns'}. Any other column is a validation error when the table is used.
 * Options: {@link PromsnapFormatOptions}.
 */
public final class PromsnapFormatFactory implements DeserializationFormatFactory {
    public static final String IDENTIFIER = "promsnap";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(DECODER, CONTAINER, IGNORE_PARSE_ERRORS, LABEL_COLUMNS, MATCH, MAX_DECOMPRESSED_BYTES,
                MAX_SAMPLES_PER_PAYLOAD, MAX_LABELS_PER_SAMPLE, MAX_STRING_BYTES);
    }

    @Override
    public DecodingFormat<DeserializationSchema<RowData>> createDecodingFormat(DynamicTableFactory.Context context,
                                                                             ReadableConfig options) {
        FactoryUtil.validateFactoryOptions(this, options);
        boolean ignoreErrors = options.get(IGNORE_PARSE_ERRORS);
        DecoderSpec spec = new DecoderSpec(options.get(DECODER), container(options.get(CONTAINER)),
                ignoreErrors ? ErrorPolicy.SKIP : ErrorPolicy.FAIL, limits(options), selector(options.getOptional(MATCH)));
        try {
            spec.check();
        } catch (IllegalArgumentException e) {
            throw new ValidationException("promsnap format: " + e.getMessage(), e);
        }
        List<String> labelColumns = labelColumns(options.get(LABEL_COLUMNS));
        return new ProjectableDecodingFormat<>() {
            @Override
            public DeserializationSchema<RowData> createRuntimeDecoder(DynamicTableSource.Context ctx,
                                                                       DataType physicalDataType, int[][] projections) {
                DataType produced = Projection.of(projections).project(physicalDataType);
                RowType rowType = (RowType) produced.getLogicalType();
                TypeInformation<RowData> typeInfo = ctx.createTypeInformation(produced);
                return new PromsnapRowDataDeserializationSchema(spec, ignoreErrors, columns(rowType, labelColumns),
                        typeInfo);
            }

            @Override
            public ChangelogMode getChangelogMode() {
                return ChangelogMode.insertOnly();
            }
        };
    }

    private static io.promsnap.Selector selector(java.util.Optional<String> v) {
        if (v.isEmpty() || v.get().isBlank()) {
            return io.promsnap.Selector.all();
        }
        try {
            return io.promsnap.Selector.parseMatch(v.get());
        } catch (IllegalArgumentException e) {
            throw new ValidationException("promsnap format: 'match': " + e.getMessage(), e);
        }
    }

    private static ContainerFormat container(String v) {
        try {
            return ContainerFormat.valueOf(v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("promsnap format: 'container' must be raw, framed, xerial or auto, got '"
                    + v + "'", e);
        }
    }

    private static DecodeLimits limits(ReadableConfig o) {
        DecodeLimits.Builder b = DecodeLimits.builder();
        try {
            o.getOptional(MAX_DECOMPRESSED_BYTES).ifPresent(b::maxDecompressedBytes);
            o.getOptional(MAX_SAMPLES_PER_PAYLOAD).ifPresent(b::maxSamplesPerPayload);
            o.getOptional(MAX_LABELS_PER_SAMPLE).ifPresent(b::maxLabelsPerSample);
            o.getOptional(MAX_STRING_BYTES).ifPresent(b::maxStringBytes);
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ValidationException("promsnap format: " + e.getMessage(), e);
        }
    }

    static List<String> labelColumns(String v) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : v.split(",")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return new ArrayList<>(out);
    }

    /** Resolves each produced column by name; every mismatch is a {@link ValidationException} at planning time. */
    static PromsnapRowDataDeserializationSchema.Column[] columns(RowType rowType, List<String> labelColumns) {
        List<RowType.RowField> fields = rowType.getFields();
        PromsnapRowDataDeserializationSchema.Column[] cols = new PromsnapRowDataDeserializationSchema.Column[fields.size()];
        for (int i = 0; i < cols.length; i++) {
            String n = fields.get(i).getName();
            LogicalType t = fields.get(i).getType();
            if (labelColumns.contains(n)) {
                require(n, t, t.is(LogicalTypeFamily.CHARACTER_STRING), "STRING");
                cols[i] = PromsnapRowDataDeserializationSchema.Column.label(n);
                continue;
            }
            switch (n) {
                case "name" -> {
                    require(n, t, t.is(LogicalTypeFamily.CHARACTER_STRING), "STRING");
                    cols[i] = PromsnapRowDataDeserializationSchema.Column.NAME;
                }
                case "labels" -> {
                    require(n, t, t instanceof MapType m && m.getKeyType().is(LogicalTypeFamily.CHARACTER_STRING)
                            && m.getValueType().is(LogicalTypeFamily.CHARACTER_STRING), "MAP<STRING, STRING>");
                    cols[i] = PromsnapRowDataDeserializationSchema.Column.LABELS;
                }
                case "value" -> {
                    require(n, t, t.is(LogicalTypeRoot.DOUBLE), "DOUBLE");
                    cols[i] = PromsnapRowDataDeserializationSchema.Column.VALUE;
                }
                case "ts" -> {
                    require(n, t, t.is(LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE)
                            || t.is(LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE), "TIMESTAMP_LTZ(3) or TIMESTAMP(3)");
                    cols[i] = PromsnapRowDataDeserializationSchema.Column.TS;
                }
                default -> throw new ValidationException("promsnap format: column '" + n + "' is none of name, "
                        + "labels, value, ts and not listed in 'promsnap.label-columns' " + labelColumns);
            }
        }
        return cols;
    }

    private static void require(String column, LogicalType actual, boolean ok, String expected) {
        if (!ok) {
            throw new ValidationException("promsnap format: column '" + column + "' must be " + expected
                    + ", not " + actual.asSummaryString());
        }
    }
}
