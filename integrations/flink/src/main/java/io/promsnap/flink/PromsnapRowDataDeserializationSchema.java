package io.promsnap.flink;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.promsnap.PayloadDecoder;
import io.promsnap.PromsnapException;
import io.promsnap.SampleView;
import io.promsnap.SampleVisitor;
import io.promsnap.Utf8View;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime side of {@link PromsnapFormatFactory}: one {@link RowData} per sample, built in the
 * decoder's callback with only the columns the query reads (the format is projectable). Strings go from
 * the decoder's UTF-8 bytes to {@link StringData} without a detour through {@code String}.
 */
final class PromsnapRowDataDeserializationSchema implements DeserializationSchema<RowData>, SampleVisitor {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PromsnapRowDataDeserializationSchema.class);

    /** What a produced column holds; {@code label} is set for promoted labels only. */
    record Column(int kind, String label) implements Serializable {
        static final int K_NAME = 0, K_LABELS = 1, K_VALUE = 2, K_TS = 3, K_LABEL = 4;
        static final Column NAME = new Column(K_NAME, null);
        static final Column LABELS = new Column(K_LABELS, null);
        static final Column VALUE = new Column(K_VALUE, null);
        static final Column TS = new Column(K_TS, null);

        static Column label(String key) {
            return new Column(K_LABEL, key);
        }
    }

    private final DecoderSpec spec;
    private final boolean ignoreParseErrors;
    private final Column[] columns;
    private final TypeInformation<RowData> typeInfo;

    private transient int[] kinds;
    private transient byte[][] labelKeys;
    private transient PayloadDecoder decoder;
    private transient DecodeMetrics metrics;
    private transient Collector<RowData> out;
    private transient long emitted;

    PromsnapRowDataDeserializationSchema(DecoderSpec spec, boolean ignoreParseErrors, Column[] columns,
                                         TypeInformation<RowData> typeInfo) {
        this.spec = spec;
        this.ignoreParseErrors = ignoreParseErrors;
        this.columns = columns;
        this.typeInfo = typeInfo;
    }

    @Override
    public void open(InitializationContext context) {
        kinds = new int[columns.length];
        labelKeys = new byte[columns.length][];
        for (int i = 0; i < columns.length; i++) {
            kinds[i] = columns[i].kind();
            labelKeys[i] = columns[i].label() == null ? null : columns[i].label().getBytes(StandardCharsets.UTF_8);
        }
        decoder = spec.create();
        metrics = new DecodeMetrics(context.getMetricGroup());
    }

    @Override
    public void deserialize(byte[] message, Collector<RowData> collector) throws IOException {
        if (message == null) {
            return;
        }
        metrics.messages.inc();
        out = collector;
        emitted = 0;
        try {
            decoder.decode(message, 0, message.length, this);
        } catch (PromsnapException e) {
            metrics.badMessages.inc();
            if (!ignoreParseErrors) {
                throw new IOException("promsnap format: cannot decode message (" + message.length + " bytes, "
                        + emitted + " rows emitted before the error): " + e.getMessage(), e);
            }
            LOG.warn("promsnap format: skipped bad message ({} bytes, {} rows emitted before the error): {}",
                    message.length, emitted, e.getMessage());
        } finally {
            out = null;
        }
    }

    @Override
    public void onSample(SampleView s) {
        GenericRowData row = new GenericRowData(kinds.length);
        for (int i = 0; i < kinds.length; i++) {
            switch (kinds[i]) {
                case Column.K_NAME -> row.setField(i, string(s.name()));
                case Column.K_LABELS -> row.setField(i, labels(s));
                case Column.K_VALUE -> row.setField(i, s.value());
                case Column.K_TS -> row.setField(i, TimestampData.fromEpochMillis(s.timestampMillis()));
                default -> row.setField(i, label(s, labelKeys[i]));
            }
        }
        emitted++;
        metrics.samples.inc();
        out.collect(row);
    }

    @Override
    public void onSkipped(PromsnapException reason) {
        metrics.skippedSamples.inc();
    }

    private static StringData string(Utf8View v) {
        return StringData.fromBytes(v.toByteArray());
    }

    private static GenericMapData labels(SampleView s) {
        int n = s.labelCount();
        Map<StringData, StringData> m = new HashMap<>(n * 4 / 3 + 1);
        for (int i = 0; i < n; i++) {
            m.put(string(s.labelKey(i)), string(s.labelValue(i)));
        }
        return new GenericMapData(m);
    }

    private static StringData label(SampleView s, byte[] key) {
        for (int i = 0, n = s.labelCount(); i < n; i++) {
            if (s.labelKey(i).contentEquals(key)) {
                return string(s.labelValue(i));
            }
        }
        return null;
    }

    @Override
    public RowData deserialize(byte[] message) {
        throw new UnsupportedOperationException(
                "a promsnap message holds many rows: call deserialize(byte[], Collector)");
    }

    @Override
    public boolean isEndOfStream(RowData nextElement) {
        return false;
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return typeInfo;
    }
}
