package io.promsnap.conformance.corpus;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes the JSON text of a batch from the model, in any of the spellings docs/format.md accepts, so
 * the same model can be sent many ways and must always decode to the same samples. Deliberately
 * separate from every decoder's code.
 */
public final class JsonSpeller {
    /** How values and timestamps are spelled. */
    public enum Numbers {
        /** JSON strings, Java's {@code Double.toString}: {@code "675.0"}, {@code "Infinity"}, {@code "1.0E-5"}. */
        JAVA_STRINGS,
        /** JSON strings, Go's {@code FormatFloat(v, 'g', -1, 64)}: {@code "675"}, {@code "+Inf"}, {@code "1e-05"}. */
        GO_STRINGS,
        /** JSON strings, Go's {@code FormatFloat(v, 'f', -1, 64)}: plain decimals, never an exponent. */
        GO_PLAIN_STRINGS,
        /** JSON number tokens where finite (Java spelling), specials as Go strings. */
        JAVA_NUMBERS,
        /** JSON number tokens where finite (Go spelling), specials as Go strings. */
        GO_NUMBERS,
        /** Each sample picks one of the above at random. */
        MIXED
    }

    /** Where {@code __name__}, {@code value} and {@code timestamp} go among the labels. */
    public enum KeyOrder { NAME_FIRST_VALUE_LAST, VALUE_TIMESTAMP_FIRST, NAME_LAST, RANDOM }

    /** Whitespace between tokens. */
    public enum Space { NONE, SPACES, PRETTY, RANDOM_ALL_KINDS }

    /** How string content is escaped (quote, backslash and control characters always are). */
    public enum Escapes {
        /** Only what must be escaped, with short forms where they exist; non-ASCII raw. */
        MINIMAL,
        /** Every non-ASCII character as {@code \\uXXXX} (surrogate pairs for astral characters). */
        ASCII_ONLY,
        /** Randomly: raw, short form, {@code \\uXXXX} in lower or upper case hex, {@code \\/}. */
        RANDOM
    }

    public record Style(Numbers numbers, KeyOrder keyOrder, Space space, Escapes escapes, long seed) {
        public static final Style SEED = new Style(Numbers.JAVA_STRINGS, KeyOrder.NAME_FIRST_VALUE_LAST, Space.SPACES,
                Escapes.MINIMAL, 0);
        public static final Style COMPACT = new Style(Numbers.JAVA_STRINGS, KeyOrder.NAME_FIRST_VALUE_LAST, Space.NONE,
                Escapes.MINIMAL, 0);

        public Style withNumbers(Numbers n) {
            return new Style(n, keyOrder, space, escapes, seed);
        }

        public Style withKeyOrder(KeyOrder k) {
            return new Style(numbers, k, space, escapes, seed);
        }

        public Style withSpace(Space s) {
            return new Style(numbers, keyOrder, s, escapes, seed);
        }

        public Style withEscapes(Escapes e) {
            return new Style(numbers, keyOrder, space, e, seed);
        }

        public Style withSeed(long s) {
            return new Style(numbers, keyOrder, space, escapes, s);
        }
    }

    private final Style style;
    private final SplittableRandom random;
    private final StringBuilder sb = new StringBuilder();

    private JsonSpeller(Style style) {
        this.style = style;
        this.random = new SplittableRandom(style.seed());
    }

    public static byte[] json(List<ModelSample> samples, Style style) {
        return text(samples, style).getBytes(StandardCharsets.UTF_8);
    }

    public static String text(List<ModelSample> samples, Style style) {
        JsonSpeller w = new JsonSpeller(style);
        w.batch(samples);
        return w.sb.toString();
    }

    private void batch(List<ModelSample> samples) {
        ws(0);
        sb.append('[');
        for (int i = 0; i < samples.size(); i++) {
            if (i > 0) {
                ws(1);
                sb.append(',');
            }
            ws(1);
            sample(samples.get(i));
        }
        ws(0);
        sb.append(']');
        ws(0);
    }

    private void sample(ModelSample s) {
        Numbers numbers = style.numbers();
        if (numbers == Numbers.MIXED) {
            numbers = Numbers.values()[random.nextInt(Numbers.MIXED.ordinal())];
        }
        List<String[]> labels = new ArrayList<>();
        for (ModelSample.Label l : s.labels()) {
            labels.add(new String[] {l.key(), null, l.value()});
        }
        String[] name = {"__name__", null, s.name()};
        String[] value = {"value", valueText(s.value(), numbers), null};
        String[] ts = {"timestamp", timestampText(s.timestamp(), numbers), null};
        List<String[]> fields = new ArrayList<>();
        switch (style.keyOrder()) {
            case NAME_FIRST_VALUE_LAST -> {
                fields.add(name);
                fields.addAll(labels);
                fields.add(value);
                fields.add(ts);
            }
            case VALUE_TIMESTAMP_FIRST -> {
                fields.add(value);
                fields.add(ts);
                fields.addAll(labels);
                fields.add(name);
            }
            case NAME_LAST -> {
                fields.addAll(labels);
                fields.add(ts);
                fields.add(value);
                fields.add(name);
            }
            case RANDOM -> {
                fields.addAll(labels); // labels keep their order: it is observable
                for (String[] f : List.of(name, value, ts)) {
                    fields.add(random.nextInt(fields.size() + 1), f);
                }
            }
        }
        sb.append('{');
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                ws(2);
                sb.append(',');
            }
            ws(2);
            string(fields.get(i)[0]);
            ws(3);
            sb.append(':');
            ws(3);
            if (fields.get(i)[1] != null) {
                sb.append(fields.get(i)[1]);
            } else {
                string(fields.get(i)[2]);
            }
        }
        ws(1);
        sb.append('}');
    }

    private String valueText(double v, Numbers numbers) {
        boolean finite = !Double.isNaN(v) && !Double.isInfinite(v);
        return switch (numbers) {
            case JAVA_STRINGS -> quoted(Double.toString(v));
            case GO_STRINGS -> quoted(go(v, false));
            case GO_PLAIN_STRINGS -> quoted(go(v, true));
            case JAVA_NUMBERS -> finite ? Double.toString(v) : quoted(go(v, false));
            case GO_NUMBERS -> finite ? go(v, false) : quoted(go(v, false));
            case MIXED -> throw new AssertionError();
        };
    }

    private String timestampText(long t, Numbers numbers) {
        return switch (numbers) {
            case JAVA_STRINGS, GO_STRINGS, GO_PLAIN_STRINGS -> quoted(Long.toString(t));
            default -> Long.toString(t);
        };
    }

    /** Plain text in quotes, escaped like any other string. */
    private String quoted(String s) {
        int mark = sb.length();
        string(s);
        String q = sb.substring(mark);
        sb.setLength(mark);
        return q;
    }

    /**
     * Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} (exponent form when the decimal exponent is below
     * -4 or at least 6: {@code 1e+06}, {@code 1.5e+09}, {@code 1e-05}) or, with {@code plain}, {@code 'f'}.
     * The shortest round-tripping digits are the same in both languages, so Java's are used.
     */
    public static String go(double v, boolean plain) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return 1 / v < 0 ? "-0" : "0";
        }
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        String sign = v < 0 ? "-" : "";
        if (plain) {
            return sign + d.abs().toPlainString();
        }
        String digits = d.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - d.scale();
        // strconv 'g' with the shortest precision decides with eprec = 6 (ftoa.go)
        if (exp < -4 || exp >= 6) {
            String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String e = Integer.toString(Math.abs(exp));
            return sign + mant + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
        }
        return sign + d.abs().toPlainString();
    }

    private void string(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean random = style.escapes() == Escapes.RANDOM;
            if (c == '"' || c == '\\') {
                if (random && random(4) == 0) {
                    hex(c);
                } else {
                    sb.append('\\').append(c);
                }
            } else if (c < 0x20) {
                String shortForm = switch (c) {
                    case '\b' -> "\\b";
                    case '\f' -> "\\f";
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\t' -> "\\t";
                    default -> null;
                };
                if (shortForm != null && !(random && random(2) == 0)) {
                    sb.append(shortForm);
                } else {
                    hex(c);
                }
            } else if (c == '/' && random && random(3) == 0) {
                sb.append("\\/");
            } else if (c >= 0x80 && (style.escapes() == Escapes.ASCII_ONLY || (random && random(3) == 0))) {
                hex(c);
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    hex(s.charAt(++i)); // a pair is escaped as a pair: \\ud83d\\ude00
                }
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                sb.append(c).append(s.charAt(++i)); // raw astral character: both halves raw
            } else if (random && c < 0x80 && random(12) == 0) {
                hex(c);
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }

    private int random(int bound) {
        return random.nextInt(bound);
    }

    private void hex(char c) {
        String h = String.format("%04x", (int) c);
        if (style.escapes() == Escapes.RANDOM && random(2) == 0) {
            h = h.toUpperCase(java.util.Locale.ROOT);
        }
        sb.append("\\u").append(h);
    }

    /** Whitespace at nesting depth {@code depth} (0 top, 1 elements, 2 keys, 3 around colons). */
    private void ws(int depth) {
        switch (style.space()) {
            case NONE -> {
            }
            case SPACES -> {
                if (depth != 3 || sb.charAt(sb.length() - 1) == ':') {
                    sb.append(' ');
                }
            }
            case PRETTY -> {
                if (depth == 1 || depth == 2) {
                    sb.append('\n').append("  ".repeat(depth));
                } else if (depth == 3 && sb.charAt(sb.length() - 1) == ':') {
                    sb.append(' ');
                }
            }
            case RANDOM_ALL_KINDS -> {
                int n = random(3);
                for (int i = 0; i < n; i++) {
                    sb.append(" \t\n\r".charAt(random(4)));
                }
            }
        }
    }
}
