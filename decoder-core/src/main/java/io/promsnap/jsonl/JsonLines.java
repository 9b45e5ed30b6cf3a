package io.promsnap.jsonl;

import io.promsnap.Sample;
import io.promsnap.SampleView;
import io.promsnap.Utf8View;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The canonical JSON Lines form of a sample (docs/format.md section 6), used by {@code promsnap decode},
 * the golden corpus and the conformance runner:
 * {@code {"name":"…","labels":{…},"value":675.0,"timestamp":1698732988354}} — labels in payload order,
 * values as Java's {@code Double.toString}, non-finite values as {@code "NaN"}, {@code "+Inf"},
 * {@code "-Inf"}, strings escaped minimally with non-ASCII written raw.
 */
public final class JsonLines {
    private JsonLines() {
    }

    /** Appends one line (with the trailing {@code \n}) for a sample view. */
    public static StringBuilder append(StringBuilder sb, SampleView s) {
        sb.append("{\"name\":");
        string(sb, s.name().toString());
        sb.append(",\"labels\":{");
        for (int i = 0; i < s.labelCount(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Utf8View k = s.labelKey(i);
            string(sb, k.toString());
            sb.append(':');
            string(sb, s.labelValue(i).toString());
        }
        sb.append("},\"value\":");
        value(sb, s.value());
        sb.append(",\"timestamp\":").append(s.timestampMillis()).append("}\n");
        return sb;
    }

    /** The line (without {@code \n}) for an immutable sample. */
    public static String toLine(Sample s) {
        StringBuilder sb = new StringBuilder(128);
        sb.append("{\"name\":");
        string(sb, s.name());
        sb.append(",\"labels\":{");
        boolean first = true;
        for (Map.Entry<String, String> e : s.labels().entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            string(sb, e.getKey());
            sb.append(':');
            string(sb, e.getValue());
        }
        sb.append("},\"value\":");
        value(sb, s.value());
        sb.append(",\"timestamp\":").append(s.timestampMillis()).append('}');
        return sb.toString();
    }

    public static byte[] toUtf8(StringBuilder sb) {
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static void value(StringBuilder sb, double v) {
        if (Double.isNaN(v)) {
            sb.append("\"NaN\"");
        } else if (v == Double.POSITIVE_INFINITY) {
            sb.append("\"+Inf\"");
        } else if (v == Double.NEGATIVE_INFINITY) {
            sb.append("\"-Inf\"");
        } else {
            sb.append(v);
        }
    }

    /** Minimal JSON escaping: quote, backslash and control characters; everything else raw. */
    public static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
