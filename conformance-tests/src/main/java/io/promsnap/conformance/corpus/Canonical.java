package io.promsnap.conformance.corpus;

import io.promsnap.SampleView;

import java.util.List;

/**
 * The canonical JSON Lines form of a sample (docs/format.md section 6), written here independently of
 * decoder-core's {@code io.promsnap.jsonl.JsonLines} (what the CLI's {@code decode} writes) so that expected files never come from the code under test:
 * {@code {"name":"…","labels":{"k":"v",…},"value":675.0,"timestamp":1698732988354}}.
 *
 * <p>Labels in payload order; finite values as {@link Double#toString(double)} (which round-trips, so
 * comparing lines compares values bit for bit, {@code -0.0} included); every NaN as {@code "NaN"},
 * infinities as {@code "+Inf"} and {@code "-Inf"}; strings with {@code "} and {@code \} escaped, control
 * characters as {@code \b \f \n \r \t} or <code>&#92;u00XX</code> (lowercase hex), everything else raw UTF-8.
 */
public final class Canonical {
    private Canonical() {
    }

    public static String line(ModelSample s) {
        StringBuilder sb = new StringBuilder(64 + s.labels().size() * 32);
        sb.append("{\"name\":");
        string(sb, s.name());
        sb.append(",\"labels\":{");
        List<ModelSample.Label> labels = s.labels();
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            string(sb, labels.get(i).key());
            sb.append(':');
            string(sb, labels.get(i).value());
        }
        sb.append("},\"value\":");
        value(sb, s.value());
        sb.append(",\"timestamp\":").append(s.timestamp()).append('}');
        return sb.toString();
    }

    /** The line of a decoder's sample view (copies the strings out). */
    public static String line(SampleView v) {
        StringBuilder sb = new StringBuilder(128);
        sb.append("{\"name\":");
        string(sb, v.name().toString());
        sb.append(",\"labels\":{");
        for (int i = 0; i < v.labelCount(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            string(sb, v.labelKey(i).toString());
            sb.append(':');
            string(sb, v.labelValue(i).toString());
        }
        sb.append("},\"value\":");
        value(sb, v.value());
        sb.append(",\"timestamp\":").append(v.timestampMillis()).append('}');
        return sb.toString();
    }

    /** The whole expected file: one line per sample, each ending in {@code \n}; empty for no samples. */
    public static String lines(List<ModelSample> samples) {
        StringBuilder sb = new StringBuilder();
        for (ModelSample s : samples) {
            sb.append(line(s)).append('\n');
        }
        return sb.toString();
    }

    static void value(StringBuilder sb, double v) {
        if (Double.isNaN(v)) {
            sb.append("\"NaN\"");
        } else if (v == Double.POSITIVE_INFINITY) {
            sb.append("\"+Inf\"");
        } else if (v == Double.NEGATIVE_INFINITY) {
            sb.append("\"-Inf\"");
        } else {
            sb.append(Double.toString(v));
        }
    }

    static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                sb.append("\\\"");
            } else if (c == '\\') {
                sb.append("\\\\");
            } else if (c < 0x20) {
                switch (c) {
                    case '\b' -> sb.append("\\b");
                    case '\f' -> sb.append("\\f");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> sb.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
                }
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }
}
