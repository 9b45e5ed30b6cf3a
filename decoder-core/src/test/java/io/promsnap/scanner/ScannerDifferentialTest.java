package io.promsnap.scanner;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.promsnap.DecoderConfig;
import io.promsnap.ErrorCategory;
import io.promsnap.PromsnapException;
import io.promsnap.Sample;
import io.promsnap.internal.text.Utf8Validator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Randomized differential test: generated documents (whose samples the generator knows) and mutations of
 * them, decoded by the scanner and by a straightforward reference built on Jackson's streaming parser that
 * implements docs/format.md sections 2, 3 and 5 the obvious way. Outcomes must agree: the same samples, or
 * the same error category; and the scanner never throws anything but PromsnapException.
 */
class ScannerDifferentialTest {
    private static final JsonFactory JF = new JsonFactory();

    @Test
    void generatedDocumentsDecodeToWhatWasGenerated() {
        Random r = new Random(42);
        for (int k = 0; k < 3000; k++) {
            Generated g = generate(r);
            for (DecoderConfig c : List.of(DecoderConfig.defaults(), Runs.skip())) {
                Runs.Result res = Runs.run(g.json, c);
                assertThat(res.samples()).as(g.text()).containsExactlyElementsOf(g.samples);
                assertThat(res.skipped()).isEmpty();
            }
            Outcome ref = reference(g.json, false);
            assertThat(ref.samples).as(g.text()).containsExactlyElementsOf(g.samples);
        }
    }

    @Test
    void mutatedDocumentsAgreeWithTheReference() {
        Random r = new Random(7);
        int compared = 0;
        int failed = 0;
        int withSkips = 0;
        for (int k = 0; k < 40_000; k++) {
            Generated g = generate(r);
            byte[] m = mutate(r, g.json);
            try {
                Utf8Validator.validate(m, 0, m.length);
            } catch (PromsnapException e) {
                continue; // both stages would never see it
            }
            for (boolean skip : new boolean[] {false, true}) {
                Outcome ref = reference(m, skip);
                Outcome got = scanner(m, skip);
                String what = (skip ? "skip: " : "fail: ") + new String(m, StandardCharsets.UTF_8) + "\nref=" + ref
                        + "\ngot=" + got;
                if (skip && got.error != null && got.error.reason().contains("surrogate") && ref.error == null) {
                    continue; // Jackson does not look at surrogates in the strings it skips
                }
                if (ref.error != null || got.error != null) {
                    assertThat(got.category()).as(what).isEqualTo(ref.category());
                    failed++;
                } else {
                    assertThat(got.samples).as(what).containsExactlyElementsOf(ref.samples);
                    assertThat(got.skipped).as(what).isEqualTo(ref.skipped);
                    withSkips += got.skipped > 0 ? 1 : 0;
                }
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(50_000);
        assertThat(failed).isGreaterThan(10_000);
        assertThat(withSkips).isGreaterThan(500);
    }

    // ------------------------------------------------------------------ outcomes

    static final class Outcome {
        final List<Sample> samples = new ArrayList<>();
        int skipped;
        PromsnapException error;
        ErrorCategory refCategory;

        ErrorCategory category() {
            return error != null ? error.category() : refCategory;
        }

        @Override
        public String toString() {
            return category() != null ? category() + (error != null ? " " + error.getMessage() : "")
                    : samples + " skipped=" + skipped;
        }
    }

    static Outcome scanner(byte[] json, boolean skip) {
        Outcome o = new Outcome();
        try {
            Runs.Result res = Runs.run(json, skip ? Runs.skip() : DecoderConfig.defaults());
            o.samples.addAll(res.samples());
            o.skipped = res.skipped().size();
        } catch (PromsnapException e) {
            o.error = e;
        }
        return o;
    }

    // ------------------------------------------------------------------ the reference

    private static final class Schema extends Exception {
        private static final long serialVersionUID = 1L;
    }

    private static final class Syntax extends Exception {
        private static final long serialVersionUID = 1L;
    }

    static Outcome reference(byte[] json, boolean skip) {
        Outcome o = new Outcome();
        try (JsonParser p = JF.createParser(json)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new Syntax();
            }
            if (t != JsonToken.START_ARRAY) {
                throw new Schema();
            }
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.START_OBJECT) {
                    throw new Schema();
                }
                try {
                    o.samples.add(element(p));
                } catch (Schema e) {
                    if (!skip) {
                        throw e;
                    }
                    // finish the element: skip whatever is left of it, syntax still checked by the parser
                    JsonToken cur = p.currentToken();
                    if (cur == JsonToken.START_OBJECT && p.getParsingContext().getParent().inArray()
                            && p.getParsingContext().getParent().getParent().inRoot()) {
                        cur = null; // error at the element's own '{' cannot happen; defensive
                    }
                    if (cur == JsonToken.START_OBJECT || cur == JsonToken.START_ARRAY) {
                        p.skipChildren();
                    }
                    if (p.currentToken() != JsonToken.END_OBJECT || !p.getParsingContext().inArray()) {
                        while (true) {
                            JsonToken n = p.nextToken();
                            if (n == JsonToken.END_OBJECT) {
                                break;
                            }
                            if (n == JsonToken.START_OBJECT || n == JsonToken.START_ARRAY) {
                                p.skipChildren();
                            }
                        }
                    }
                    o.skipped++;
                }
            }
            if (p.nextToken() != null) {
                throw new Syntax();
            }
        } catch (StreamReadException | Syntax e) {
            o.samples.clear();
            o.refCategory = ErrorCategory.JSON_SYNTAX;
        } catch (Schema e) {
            o.samples.clear();
            o.refCategory = ErrorCategory.SCHEMA;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return o;
    }

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern SPECIAL = Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    private static Sample element(JsonParser p) throws IOException, Schema, Syntax {
        String name = null;
        Double value = null;
        Long ts = null;
        Map<String, String> labels = new LinkedHashMap<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
            String key = checked(p.currentName());
            t = p.nextToken();
            switch (key) {
                case "__name__" -> {
                    if (name != null || t != JsonToken.VALUE_STRING) {
                        throw new Schema();
                    }
                    name = checked(p.getText());
                }
                case "value" -> {
                    if (value != null) {
                        throw new Schema();
                    }
                    if (t == JsonToken.VALUE_STRING) {
                        String s = checked(p.getText());
                        if (DECIMAL.matcher(s).matches()) {
                            value = Double.parseDouble(s);
                        } else if (SPECIAL.matcher(s).matches()) {
                            String l = s.toLowerCase(Locale.ROOT);
                            value = l.contains("nan") ? Double.NaN
                                    : l.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                        } else {
                            throw new Schema();
                        }
                    } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                        value = Double.parseDouble(p.getText());
                    } else {
                        throw new Schema();
                    }
                }
                case "timestamp" -> {
                    if (ts != null) {
                        throw new Schema();
                    }
                    String s;
                    if (t == JsonToken.VALUE_STRING) {
                        s = checked(p.getText());
                        if (!INTEGER.matcher(s).matches()) {
                            throw new Schema();
                        }
                    } else if (t == JsonToken.VALUE_NUMBER_INT) {
                        s = p.getText();
                    } else {
                        throw new Schema();
                    }
                    BigInteger b = new BigInteger(s);
                    if (b.bitLength() > 63) {
                        throw new Schema();
                    }
                    ts = b.longValue();
                }
                default -> {
                    if (t != JsonToken.VALUE_STRING) {
                        throw new Schema();
                    }
                    String v = checked(p.getText());
                    if (labels.containsKey(key)) {
                        throw new Schema();
                    }
                    labels.put(key, v);
                }
            }
        }
        if (name == null || value == null || ts == null) {
            throw new Schema();
        }
        return new Sample(name, labels, value, ts);
    }

    /** Jackson accepts lone surrogate escapes; the format does not. */
    private static String checked(String s) throws Syntax {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    throw new Syntax();
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                throw new Syntax();
            }
        }
        return s;
    }

    // ------------------------------------------------------------------ generator

    record Generated(byte[] json, List<Sample> samples) {
        String text() {
            return new String(json, StandardCharsets.UTF_8);
        }
    }

    private static final String[] KEYS = {"job", "instance", "namespace", "pod", "container", "__name__x", "a", "",
        "k\"q", "back\\slash", "ключ", "日本", "emoji😀", "tab\tkey", "nul\u0000", "valu", "timestamps", "__name_",
        "x/y", "long_label_name_that_goes_on_and_on"};
    private static final String[] STRINGS = {"", "x", "675.0", "kube-system", "10.0.0.1:9100", "quote\"inside",
        "back\\slash", "new\nline", "tab\there", "ümlaut", "日本語", "😀😀", "\u0000", "\u001f", "\u007f", "/path/to",
        "ends with backslash\\", "\"", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "€"};
    private static final String[] VALUE_TEXTS = {"675.0", "0", "-0", "1.5E9", "1e+06", "NaN", "+Inf", "-Inf", "Inf",
        "Infinity", "-Infinity", "nan", "INF", "0.1", "1.0E-5", "123456789012345678901234567890", ".5", "5.",
        "2.2250738585072014E-308", "4.9e-324", "1e400", "-1e-400", "3.14159", "1698732988354"};
    private static final String[] VALUE_NUMBERS = {"675.0", "0", "-0", "1.5E9", "1e+06", "0.1", "1.0E-5", "-3",
        "123456789012345678901234567890", "1e400", "3.14159", "1698732988354", "0.0", "-0.0e0"};
    private static final String[] TS_TEXTS = {"1698732988354", "0", "-1", "+5", "0001", "9223372036854775807",
        "-9223372036854775808"};
    private static final String[] TS_NUMBERS = {"1698732988354", "0", "-1", "9223372036854775807", "-9223372036854775808",
        "42"};
    private static final String[] WS = {"", "", "", "", " ", "\n", "\t", "\r\n  "};

    static Generated generate(Random r) {
        int n = r.nextInt(4);
        StringBuilder sb = new StringBuilder();
        List<Sample> samples = new ArrayList<>();
        sb.append(ws(r)).append('[');
        for (int k = 0; k < n; k++) {
            if (k > 0) {
                sb.append(ws(r)).append(',');
            }
            sb.append(ws(r)).append('{');
            List<String[]> fields = new ArrayList<>();
            String name = pick(r, STRINGS) + (r.nextBoolean() ? "_total" : "");
            fields.add(new String[] {"__name__", quote(r, name)});
            double value;
            if (r.nextBoolean()) {
                String v = pick(r, VALUE_TEXTS);
                value = refValue(v);
                fields.add(new String[] {"value", quote(r, v)});
            } else {
                String v = pick(r, VALUE_NUMBERS);
                value = Double.parseDouble(v);
                fields.add(new String[] {"value", v});
            }
            long ts;
            if (r.nextBoolean()) {
                String v = pick(r, TS_TEXTS);
                ts = Long.parseLong(v);
                fields.add(new String[] {"timestamp", quote(r, v)});
            } else {
                String v = pick(r, TS_NUMBERS);
                ts = Long.parseLong(v);
                fields.add(new String[] {"timestamp", v});
            }
            int labelCount = r.nextInt(8);
            List<String[]> labels = new ArrayList<>();
            for (int l = 0; l < labelCount; l++) {
                String key = pick(r, KEYS) + (r.nextInt(3) == 0 ? "" : String.valueOf(l));
                if (key.equals("__name__") || key.equals("value") || key.equals("timestamp")) {
                    continue;
                }
                boolean dup = false;
                for (String[] e : labels) {
                    dup |= e[0].equals(key);
                }
                if (dup) {
                    continue;
                }
                String val = r.nextInt(20) == 0 ? "v".repeat(r.nextInt(3000)) : pick(r, STRINGS);
                labels.add(new String[] {key, val});
            }
            Map<String, String> expectedLabels = new LinkedHashMap<>();
            for (String[] e : labels) {
                fields.add(new String[] {e[0], quote(r, e[1]), e[1]});
            }
            Collections.shuffle(fields, r);
            boolean first = true;
            for (String[] f : fields) {
                if (!first) {
                    sb.append(ws(r)).append(',');
                }
                first = false;
                sb.append(ws(r)).append(quote(r, f[0])).append(ws(r)).append(':').append(ws(r)).append(f[1]);
                if (f.length == 3) {
                    expectedLabels.put(f[0], f[2]);
                }
            }
            sb.append(ws(r)).append('}');
            samples.add(new Sample(name, expectedLabels, value, ts));
        }
        sb.append(ws(r)).append(']').append(ws(r));
        return new Generated(sb.toString().getBytes(StandardCharsets.UTF_8), samples);
    }

    private static double refValue(String v) {
        String l = v.toLowerCase(Locale.ROOT);
        if (l.contains("nan")) {
            return Double.NaN;
        }
        if (l.contains("inf")) {
            return l.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.parseDouble(v);
    }

    private static String pick(Random r, String[] a) {
        return a[r.nextInt(a.length)];
    }

    private static String ws(Random r) {
        return pick(r, WS);
    }

    /** A JSON string literal, escaping randomly (always where JSON requires it). */
    static String quote(Random r, String s) {
        StringBuilder sb = new StringBuilder("\"");
        int mode = r.nextInt(3); // 0: minimal, 1: some \\u escapes, 2: escape everything
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean must = c == '"' || c == '\\' || c < 0x20;
            boolean esc = must || mode == 2 || (mode == 1 && r.nextInt(4) == 0);
            if (Character.isHighSurrogate(c)) {
                char lo = s.charAt(++i); // a pair is escaped as a pair or not at all
                sb.append(esc ? String.format("\\u%04x\\u%04X", (int) c, (int) lo) : "" + c + lo);
            } else if (!esc) {
                sb.append(c);
            } else if (c == '"' || c == '\\') {
                sb.append(r.nextBoolean() ? "\\" + c : String.format("\\u%04x", (int) c));
            } else if (c == '\n' && r.nextBoolean()) {
                sb.append("\\n");
            } else if (c == '\t' && r.nextBoolean()) {
                sb.append("\\t");
            } else if (c == '/' && r.nextBoolean()) {
                sb.append("\\/");
            } else {
                sb.append(String.format(r.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
            }
        }
        return sb.append('"').toString();
    }

    private static final byte[] INTERESTING = "\"\\{}[],: 1e-.utnfa\t0E+/\u00e9".getBytes(StandardCharsets.UTF_8);

    static byte[] mutate(Random r, byte[] in) {
        byte[] b = in;
        int ops = 1 + r.nextInt(3);
        for (int k = 0; k < ops; k++) {
            int op = r.nextInt(6);
            int at = b.length == 0 ? 0 : r.nextInt(b.length);
            switch (op) {
                case 0 -> { // delete a byte
                    if (b.length > 0) {
                        byte[] c = new byte[b.length - 1];
                        System.arraycopy(b, 0, c, 0, at);
                        System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                        b = c;
                    }
                }
                case 1, 2 -> { // insert an interesting byte
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, at);
                    c[at] = INTERESTING[r.nextInt(INTERESTING.length)];
                    System.arraycopy(b, at, c, at + 1, b.length - at);
                    b = c;
                }
                case 3 -> { // replace a byte
                    if (b.length > 0) {
                        b = b.clone();
                        b[at] = INTERESTING[r.nextInt(INTERESTING.length)];
                    }
                }
                case 4 -> { // duplicate a slice
                    int len = Math.min(b.length - at, r.nextInt(30));
                    byte[] c = new byte[b.length + len];
                    System.arraycopy(b, 0, c, 0, at + len);
                    System.arraycopy(b, at, c, at + len, b.length - at);
                    b = c;
                }
                default -> b = Arrays.copyOf(b, at); // truncate
            }
        }
        return b;
    }
}
