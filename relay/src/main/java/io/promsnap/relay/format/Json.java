package io.promsnap.relay.format;

import io.promsnap.jsonl.JsonLines;

final class Json {
    private Json() {
    }

    /** A JSON string, escaped as promsnap's canonical JSON Lines are. */
    static void string(StringBuilder sb, String s) {
        JsonLines.string(sb, s);
    }

    /** Java's Double.toString for finite values (what the canonical form uses), else "NaN", "+Inf", "-Inf". */
    static void value(StringBuilder sb, double v) {
        if (Double.isFinite(v)) {
            sb.append(v);
        } else {
            sb.append(Double.isNaN(v) ? "\"NaN\"" : v > 0 ? "\"+Inf\"" : "\"-Inf\"");
        }
    }
}
