package io.promsnap.relay.format;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.promsnap.relay.RelaySample;

/** One sample as one Kafka message value (UTF-8 JSON, no trailing newline). */
public enum SampleFormat {
    /**
     * promsnap's canonical JSON Lines (docs/format.md section 6): {@code {"name":…,"labels":{…},"value":…,
     * "timestamp":…}}, labels in payload order, non-finite values as "NaN", "+Inf", "-Inf".
     */
    JSONL {
        @Override
        void write(StringBuilder sb, RelaySample s) {
            sb.append("{\"name\":");
            Json.string(sb, s.name());
            sb.append(",\"labels\":");
            labels(sb, s, false);
            sb.append(",\"value\":");
            Json.value(sb, s.value());
            sb.append(",\"timestamp\":").append(s.timestampMillis()).append('}');
        }
    },
    /**
     * VictoriaMetrics' {@code /api/v1/import} line: {@code {"metric":{"__name__":…,…},"values":[v],
     * "timestamps":[ms]}}; non-finite values as the strings "NaN", "+Inf", "-Inf", which its import parser reads.
     */
    VICTORIAMETRICS {
        @Override
        void write(StringBuilder sb, RelaySample s) {
            sb.append("{\"metric\":");
            labels(sb, s, true);
            sb.append(",\"values\":[");
            Json.value(sb, s.value());
            sb.append("],\"timestamps\":[").append(s.timestampMillis()).append("]}");
        }
    },
    /**
     * ClickHouse {@code JSONEachRow} for a table {@code (name String, labels Map(String, String), value
     * Float64, timestamp_ms Int64)}: {@code {"name":…,"labels":{…},"value":…,"timestamp_ms":…}}; non-finite
     * values as the strings "nan", "inf", "-inf" (ClickHouse reads a quoted number into a Float64).
     */
    CLICKHOUSE {
        @Override
        void write(StringBuilder sb, RelaySample s) {
            sb.append("{\"name\":");
            Json.string(sb, s.name());
            sb.append(",\"labels\":");
            labels(sb, s, false);
            sb.append(",\"value\":");
            double v = s.value();
            if (Double.isFinite(v)) {
                sb.append(v);
            } else {
                sb.append(Double.isNaN(v) ? "\"nan\"" : v > 0 ? "\"inf\"" : "\"-inf\"");
            }
            sb.append(",\"timestamp_ms\":").append(s.timestampMillis()).append('}');
        }
    };

    abstract void write(StringBuilder sb, RelaySample s);

    /** The message value. Allocates the result; {@code scratch} is cleared and reused. */
    public byte[] encode(StringBuilder scratch, RelaySample s) {
        scratch.setLength(0);
        write(scratch, s);
        return scratch.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The spelling on the command line. */
    public String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static void labels(StringBuilder sb, RelaySample s, boolean withName) {
        sb.append('{');
        boolean first = true;
        if (withName) {
            sb.append("\"__name__\":");
            Json.string(sb, s.name());
            first = false;
        }
        for (int i = 0; i < s.labelCount(); i++) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            Json.string(sb, s.labelKey(i));
            sb.append(':');
            Json.string(sb, s.labelValue(i));
        }
        sb.append('}');
    }
}
