package io.promsnap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which samples a decoder delivers: label matchers as in a PromQL instant-vector selector, all ANDed.
 * Immutable and thread-safe; {@link #all()} (no matcher) selects everything.
 *
 * <p>Semantics are PromQL's: the metric name is the label {@code __name__}; {@code =} and {@code !=} compare
 * strings, {@code =~} and {@code !~} match a regular expression against the <em>whole</em> value (anchored,
 * {@code .} matches a newline, as Prometheus compiles {@code ^(?s:re)$}); a label the sample does not have
 * has the value {@code ""}, so {@code l=""} matches its absence and {@code l!=""} its presence. Regular
 * expressions are {@link java.util.regex.Pattern}s: the RE2 syntax PromQL uses means the same in both for
 * everything but RE2-only constructs.
 *
 * <p>A decoder configured with a selector ({@link DecoderConfig#withSelector}) skips the samples it rejects
 * without delivering them (and, in the built-in decoders, without parsing their values); their bytes are
 * still validated, so a payload fails or skips exactly as it would without a selector. Those samples are
 * counted in {@link DecodeReport#unselectedCount()}.
 *
 * <p>Two spellings parse into one: {@link #parse(String)} takes a PromQL selector
 * ({@code node_cpu_seconds_total{mode!="idle"}}, {@code {__name__=~"node_.*",job="api"}}), and
 * {@link #parseDeliveryFilter(String)} the "data filtering" text of a Managed Service for Prometheus delivery
 * task (one {@code label=regex} per line). Malformed text is an {@link IllegalArgumentException} that says what
 * and at which column (or line).
 */
public final class Selector {
    /** The label that holds the metric name. */
    public static final String NAME_LABEL = "__name__";

    private static final Selector ALL = new Selector(List.of());

    private final List<Matcher> matchers;

    private Selector(List<Matcher> matchers) {
        this.matchers = matchers;
    }

    /** Selects every sample. */
    public static Selector all() {
        return ALL;
    }

    /** The selector of these matchers, ANDed (none: {@link #all()}). */
    public static Selector of(List<Matcher> matchers) {
        List<Matcher> copy = List.copyOf(matchers);
        return copy.isEmpty() ? ALL : new Selector(copy);
    }

    /** The matchers, ANDed; empty for {@link #all()}. */
    public List<Matcher> matchers() {
        return matchers;
    }

    /** Whether this selects every sample (it has no matcher). */
    public boolean isAll() {
        return matchers.isEmpty();
    }

    /** Both selectors' matchers, ANDed (what several {@code --match} flags mean). */
    public Selector and(Selector other) {
        if (other.isAll()) {
            return this;
        }
        if (isAll()) {
            return other;
        }
        List<Matcher> both = new ArrayList<>(matchers);
        both.addAll(other.matchers);
        return new Selector(Collections.unmodifiableList(both));
    }

    /**
     * Whether the sample is selected. A convenience for tools and tests: it decodes values to strings for
     * regular expressions (allocates); decoders evaluate selectors on the bytes instead.
     */
    public boolean matches(SampleView sample) {
        for (Matcher m : matchers) {
            Utf8View v = NAME_LABEL.equals(m.label) ? sample.name() : sample.label(m.label);
            if (!m.matches(v == null ? "" : v.toString())) {
                return false;
            }
        }
        return true;
    }

    /** Whether an immutable sample is selected. */
    public boolean matches(Sample sample) {
        for (Matcher m : matchers) {
            String v = NAME_LABEL.equals(m.label) ? sample.name() : sample.labels().get(m.label);
            if (!m.matches(v == null ? "" : v)) {
                return false;
            }
        }
        return true;
    }

    /** PromQL form, e.g. {@code {__name__=~"node_.*",job="api"}}; {@code {}} for {@link #all()}. Parses back. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < matchers.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(matchers.get(i));
        }
        return sb.append('}').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Selector s && s.matchers.equals(matchers);
    }

    @Override
    public int hashCode() {
        return matchers.hashCode();
    }

    // ------------------------------------------------------------------ matchers

    /** How a matcher compares. */
    public enum Op {
        EQ("="), NE("!="), RE("=~"), NRE("!~");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        /** {@code =}, {@code !=}, {@code =~} or {@code !~}. */
        public String symbol() {
            return symbol;
        }

        public boolean isRegex() {
            return this == RE || this == NRE;
        }

        public boolean isNegative() {
            return this == NE || this == NRE;
        }
    }

    /** One label matcher. Immutable. */
    public static final class Matcher {
        private final String label;
        private final Op op;
        private final String value;
        private final Pattern pattern;
        private final byte[] labelUtf8;
        private final byte[] valueUtf8;

        /**
         * @throws IllegalArgumentException when {@code label} is not a label name or {@code value} not a regular
         *                                  expression (for {@code =~}, {@code !~})
         */
        public Matcher(String label, Op op, String value) {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(value, "value");
            if (!isLabelName(label)) {
                throw new IllegalArgumentException("not a label name: \"" + label + "\"");
            }
            this.label = label;
            this.op = op;
            this.value = value;
            Pattern p = null;
            if (op.isRegex()) {
                try {
                    p = Pattern.compile(value, Pattern.DOTALL);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("invalid regular expression for " + label + op.symbol
                            + ": " + e.getDescription() + " near index " + e.getIndex() + " of \"" + value + "\"");
                }
            }
            this.pattern = p;
            this.labelUtf8 = label.getBytes(StandardCharsets.UTF_8);
            this.valueUtf8 = value.getBytes(StandardCharsets.UTF_8);
        }

        public String label() {
            return label;
        }

        public Op op() {
            return op;
        }

        /** The string compared with, or the regular expression's text. */
        public String value() {
            return value;
        }

        /** Whether this matcher is about the metric name. */
        public boolean isName() {
            return NAME_LABEL.equals(label);
        }

        /** Whether a sample whose label has value {@code v} ({@code ""} when absent) passes. */
        public boolean matches(CharSequence v) {
            return switch (op) {
                case EQ -> value.contentEquals(v);
                case NE -> !value.contentEquals(v);
                case RE -> pattern.matcher(v).matches();
                case NRE -> !pattern.matcher(v).matches();
            };
        }

        /** The label name in UTF-8 (a copy). */
        public byte[] labelUtf8() {
            return labelUtf8.clone();
        }

        /** The value in UTF-8 (a copy). */
        public byte[] valueUtf8() {
            return valueUtf8.clone();
        }

        /** {@code label="value"} in PromQL quoting. */
        @Override
        public String toString() {
            return label + op.symbol + quote(value);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Matcher m && m.label.equals(label) && m.op == op && m.value.equals(value);
        }

        @Override
        public int hashCode() {
            return Objects.hash(label, op, value);
        }
    }

    // ------------------------------------------------------------------ PromQL text

    /**
     * Parses a PromQL instant-vector selector without range or offset: {@code metric}, {@code metric{...}} or
     * {@code {...}}, where {@code ...} is comma-separated {@code label op "value"} (a trailing comma allowed;
     * strings in double or single quotes with Go escapes, or in backquotes raw).
     *
     * @throws IllegalArgumentException what was wrong and the column (1-based) where
     */
    public static Selector parse(String text) {
        Objects.requireNonNull(text, "text");
        return new PromQl(text).selector();
    }

    private static final class PromQl {
        private final String s;
        private int i;

        PromQl(String s) {
            this.s = s;
        }

        Selector selector() {
            List<Matcher> out = new ArrayList<>();
            ws();
            if (i >= s.length()) {
                throw error("empty selector: expected a metric name or '{'");
            }
            if (isNameStart(s.charAt(i), true)) {
                int start = i;
                while (i < s.length() && isNameChar(s.charAt(i), true)) {
                    i++;
                }
                out.add(new Matcher(NAME_LABEL, Op.EQ, s.substring(start, i)));
                ws();
            }
            if (i < s.length() && s.charAt(i) == '{') {
                int open = i;
                i++;
                ws();
                while (i < s.length() && s.charAt(i) != '}') {
                    out.add(matcher());
                    ws();
                    if (i < s.length() && s.charAt(i) == ',') {
                        i++;
                        ws();
                    } else if (i < s.length() && s.charAt(i) != '}') {
                        throw error("expected ',' or '}' after a matcher, found '" + s.charAt(i) + "'");
                    }
                }
                if (i >= s.length()) {
                    throw error("unclosed '{' opened at column " + (open + 1));
                }
                i++;
                if (out.isEmpty()) {
                    throw new IllegalArgumentException("selector \"" + s + "\": '{}' has no matcher (to select every"
                            + " sample, give no selector)");
                }
                ws();
            } else if (out.isEmpty()) {
                throw error("expected a metric name or '{', found '" + s.charAt(i) + "'");
            }
            if (i < s.length()) {
                throw error("unexpected '" + s.charAt(i) + "' after the selector (ranges, offsets and functions"
                        + " are not selectors)");
            }
            return of(out);
        }

        private Matcher matcher() {
            int start = i;
            if (i >= s.length() || !isNameStart(s.charAt(i), false)) {
                throw error(i >= s.length() ? "expected a label name, found the end"
                        : "expected a label name, found '" + s.charAt(i) + "'");
            }
            while (i < s.length() && isNameChar(s.charAt(i), false)) {
                i++;
            }
            String label = s.substring(start, i);
            ws();
            Op op;
            if (s.startsWith("=~", i)) {
                op = Op.RE;
            } else if (s.startsWith("!~", i)) {
                op = Op.NRE;
            } else if (s.startsWith("!=", i)) {
                op = Op.NE;
            } else if (s.startsWith("=", i)) {
                op = Op.EQ;
            } else {
                throw error("expected '=', '!=', '=~' or '!~' after label " + label
                        + (i < s.length() ? ", found '" + s.charAt(i) + "'" : ", found the end"));
            }
            i += op.symbol.length();
            ws();
            int valueAt = i;
            String value = string();
            try {
                return new Matcher(label, op, value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("selector \"" + s + "\" at column " + (valueAt + 1) + ": "
                        + e.getMessage(), e);
            }
        }

        private String string() {
            if (i >= s.length()) {
                throw error("expected a quoted string, found the end");
            }
            char q = s.charAt(i);
            if (q != '"' && q != '\'' && q != '`') {
                throw error("expected a quoted string (\"...\", '...' or `...`), found '" + q + "'");
            }
            int open = i++;
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (i >= s.length()) {
                    i = open;
                    throw error("unterminated string");
                }
                char c = s.charAt(i++);
                if (c == q) {
                    return sb.toString();
                }
                if (c != '\\' || q == '`') {
                    sb.append(c);
                    continue;
                }
                if (i >= s.length()) {
                    i = open;
                    throw error("unterminated string");
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'a' -> sb.append('\u0007');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'v' -> sb.append('\u000b');
                    case '\\', '"', '\'' -> sb.append(e);
                    case 'u', 'x' -> {
                        int n = e == 'u' ? 4 : 2;
                        if (i + n > s.length()) {
                            i -= 2;
                            throw error("invalid \\" + e + " escape: expected " + n + " hex digits");
                        }
                        try {
                            sb.append((char) Integer.parseInt(s.substring(i, i + n), 16));
                        } catch (NumberFormatException ex) {
                            i -= 2;
                            throw error("invalid \\" + e + " escape: expected " + n + " hex digits");
                        }
                        i += n;
                    }
                    default -> {
                        i -= 2;
                        throw error("invalid escape \\" + e + " in a string");
                    }
                }
            }
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("selector \"" + s + "\" at column " + (i + 1) + ": " + what);
        }
    }

    /**
     * What a {@code --match} flag or a {@code match} setting takes: a PromQL selector ({@link #parse}), or else a
     * delivery task's filter text ({@link #parseDeliveryFilter}, one or more {@code label=regex} lines), which
     * is never valid PromQL (its values are unquoted). The error is the PromQL parser's unless the text looks
     * like a filter (an {@code =}, no {@code {}).
     *
     * @throws IllegalArgumentException what was wrong and where
     */
    public static Selector parseMatch(String text) {
        Objects.requireNonNull(text, "text");
        try {
            return parse(text);
        } catch (IllegalArgumentException promql) {
            if (text.indexOf('{') < 0 && text.indexOf('=') > 0) {
                return parseDeliveryFilter(text);
            }
            throw promql;
        }
    }

    // ------------------------------------------------------------------ delivery-task filters

    /**
     * Parses a delivery task's "data filtering" text: one condition per line, {@code label=regex}, all ANDed,
     * e.g. {@code __name__=AliyunEcs_CPUUtilization|AliyunEcs_memory_usedutilization}, {@code regionId=cn-hangzhou},
     * {@code id=i-2ze0mxp.*}. Each line is a {@code =~} matcher (the vendor documents the conditions as regular
     * expressions, and its examples only make sense anchored, as in PromQL). Blank lines are ignored; the text
     * after the first {@code =} is the expression, verbatim.
     *
     * @throws IllegalArgumentException what was wrong and the line (1-based) where
     */
    public static Selector parseDeliveryFilter(String text) {
        Objects.requireNonNull(text, "text");
        List<Matcher> out = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("delivery filter line " + (n + 1) + " \"" + line
                        + "\": expected label=regex");
            }
            String label = line.substring(0, eq).strip();
            if (!isLabelName(label)) {
                throw new IllegalArgumentException("delivery filter line " + (n + 1) + " \"" + line + "\": \""
                        + label + "\" is not a label name");
            }
            try {
                out.add(new Matcher(label, Op.RE, line.substring(eq + 1).strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("delivery filter line " + (n + 1) + ": " + e.getMessage(), e);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("delivery filter has no condition (expected label=regex lines)");
        }
        return of(out);
    }

    // ------------------------------------------------------------------ lexical helpers

    static boolean isLabelName(String s) {
        if (s.isEmpty() || !isNameStart(s.charAt(0), false)) {
            return false;
        }
        for (int k = 1; k < s.length(); k++) {
            if (!isNameChar(s.charAt(k), false)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNameStart(char c, boolean metric) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (metric && c == ':');
    }

    private static boolean isNameChar(char c, boolean metric) {
        return isNameStart(c, metric) || (c >= '0' && c <= '9');
    }

    private static String quote(String v) {
        StringBuilder sb = new StringBuilder("\"");
        for (int k = 0; k < v.length(); k++) {
            char c = v.charAt(k);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
