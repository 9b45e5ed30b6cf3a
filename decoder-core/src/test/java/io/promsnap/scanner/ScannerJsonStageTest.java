package io.promsnap.scanner;

import io.promsnap.DecodeLimits;
import io.promsnap.DecoderConfig;
import io.promsnap.PromsnapException;
import io.promsnap.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.promsnap.ErrorCategory.JSON_SYNTAX;
import static io.promsnap.ErrorCategory.LIMIT;
import static io.promsnap.ErrorCategory.SCHEMA;
import static io.promsnap.scanner.Runs.bytes;
import static io.promsnap.scanner.Runs.error;
import static io.promsnap.scanner.Runs.ok;
import static io.promsnap.scanner.Runs.one;
import static io.promsnap.scanner.Runs.withLabel;
import static org.assertj.core.api.Assertions.assertThat;

class ScannerJsonStageTest {

    static final String SEED = "[{\"__name__\":\"up\",\"job\":\"x\",\"value\":\"675.0\",\"timestamp\":\"1698732988354\"}]";

    @Test
    void seedExample() {
        Sample s = one(SEED);
        assertThat(s).isEqualTo(new Sample("up", Map.of("job", "x"), 675.0, 1698732988354L));
        assertThat(new ScannerJsonStage().name()).isEqualTo("scanner");
    }

    @Test
    void emptyArrayAndWhitespaceVariants() {
        assertThat(ok("[]")).isEmpty();
        assertThat(ok(" \t\r\n[ \n ]\r\n ")).isEmpty();
    }

    @Test
    void labelsInPayloadOrderAndSpecialKeysAnywhere() {
        Sample s = one("[{\"b\":\"2\",\"timestamp\":\"7\",\"a\":\"1\",\"value\":\"3\",\"__name__\":\"n\",\"c\":\"\"}]");
        assertThat(s.name()).isEqualTo("n");
        assertThat(List.copyOf(s.labels().keySet())).containsExactly("b", "a", "c");
        assertThat(s.labels().get("c")).isEmpty();
        assertThat(s.value()).isEqualTo(3.0);
        assertThat(s.timestampMillis()).isEqualTo(7L);
        // keys that only resemble the special ones are labels
        Sample t = one("[{\"__name__\":\"n\",\"__name_\":\"a\",\"values\":\"b\",\"timestamps\":\"c\",\"Value\":\"d\","
                + "\"timestamq\":\"e\",\"__nbme__\":\"f\",\"\":\"g\",\"value\":1,\"timestamp\":2}]");
        assertThat(List.copyOf(t.labels().keySet()))
                .containsExactly("__name_", "values", "timestamps", "Value", "timestamq", "__nbme__", "");
    }

    @Test
    void whitespaceEverywhere() {
        String ws = " \t\n\r ";
        String json = ws + "[" + ws + "{" + ws + "\"__name__\"" + ws + ":" + ws + "\"up\"" + ws + "," + ws + "\"job\""
                + ws + ":" + ws + "\"x\"" + ws + "," + ws + "\"value\"" + ws + ":" + ws + "1.5" + ws + "," + ws
                + "\"timestamp\"" + ws + ":" + ws + "12" + ws + "}" + ws + "," + ws + SEED.substring(1, SEED.length() - 1)
                + ws + "]" + ws;
        List<Sample> s = ok(json);
        assertThat(s).containsExactly(new Sample("up", Map.of("job", "x"), 1.5, 12L),
                new Sample("up", Map.of("job", "x"), 675.0, 1698732988354L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"675.0", "0", "-0", "0.0", "-0.0", "1", "-1", "+1", "1.5E9", "1.5e9", "1e+06", "1e-06",
            "1E-5", "1.0E-5", "123456789012345678901234567890", "0.1", "0.30000000000000004", "4.9e-324", "5e-324",
            "1.7976931348623157E308", "1e309", "-1e309", "2.2250738585072014E-308", "1.", ".5", "-.5", "+.5e1",
            "9007199254740993", "3.141592653589793238462643383279", "00012", "1698732988354", "1e0", "1E+0",
            "0.000000000000000000000000000001", "12345678901234567", "1234567890123456.7"})
    void decimalValueStringsAreBitIdenticalToParseDouble(String text) {
        Sample s = one("[{\"__name__\":\"m\",\"value\":\"" + text + "\",\"timestamp\":\"1\"}]");
        assertThat(Double.doubleToRawLongBits(s.value()))
                .as(text).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
    }

    @Test
    void minusZeroStaysNegative() {
        assertThat(Double.doubleToRawLongBits(one("[{\"__name__\":\"m\",\"value\":\"-0\",\"timestamp\":1}]").value()))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(Double.doubleToRawLongBits(one("[{\"__name__\":\"m\",\"value\":-0,\"timestamp\":1}]").value()))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @ParameterizedTest
    @CsvSource({"NaN,NaN", "nan,NaN", "NAN,NaN", "+NaN,NaN", "-NaN,NaN", "+Inf,Infinity", "-Inf,-Infinity",
            "Inf,Infinity", "inf,Infinity", "INF,Infinity", "Infinity,Infinity", "-Infinity,-Infinity",
            "+infinity,Infinity", "INFINITY,Infinity", "-iNfInItY,-Infinity"})
    void specialValueSpellings(String text, String expected) {
        Sample s = one("[{\"__name__\":\"m\",\"value\":\"" + text + "\",\"timestamp\":\"1\"}]");
        assertThat(Double.valueOf(s.value())).isEqualTo(Double.valueOf(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 1", "1 ", "0x1p3", "1.0d", "1f", "1_000", "--1", "+-1", "e5", "1e", "1e+", ".",
            "-", "+", "Infinit", "Infinityy", "NaNN", "in", "1.2.3", "1,5", "١"})
    void badValueStringsAreSchemaErrors(String text) {
        PromsnapException e = error("[{\"__name__\":\"m\",\"value\":\"" + text + "\",\"timestamp\":\"1\"}]", SCHEMA);
        assertThat(e.sampleIndex()).isZero();
        assertThat(e.offset()).isEqualTo(25);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "1", "-1", "1.5", "1e5", "1E+5", "-1.5e-3", "123456789012345678901234567890",
            "1.7976931348623157e308", "1e400", "0.1e1"})
    void valuesAsJsonNumbers(String text) {
        Sample s = one("[{\"__name__\":\"m\",\"value\":" + text + ",\"timestamp\":\"1\"}]");
        assertThat(Double.doubleToRawLongBits(s.value())).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
    }

    @ParameterizedTest
    @CsvSource({"123456789012345678,123456789012345678", "1234567890123456789,1234567890123456789",
            "999999999999999999,999999999999999999", "1,1", "1698732988354,1698732988354", "0,0", "-5,-5", "+7,7", "0001,1", "9223372036854775807,9223372036854775807",
            "-9223372036854775808,-9223372036854775808"})
    void timestamps(String text, long expected) {
        assertThat(one("[{\"__name__\":\"m\",\"value\":1,\"timestamp\":\"" + text + "\"}]").timestampMillis())
                .isEqualTo(expected);
        if (!text.startsWith("+") && !text.startsWith("0") || text.equals("0")) {
            assertThat(one("[{\"__name__\":\"m\",\"value\":1,\"timestamp\":" + text + "}]").timestampMillis())
                    .isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"1.5\"", "\"1e3\"", "\"9223372036854775808\"", "\"-9223372036854775809\"", "\"99999999999999999999\"", "\"12 \"",
            "\"12a\"", "\" 1\"", "\"+\"", "\"-\"", "1.5", "1e3", "1E3", "9223372036854775808", "-9223372036854775809",
            "null", "true", "false", "{}", "[]", "[1]", "{\"a\":1}"})
    void badTimestampsAreSchemaErrors(String token) {
        // (also covers the scanner's digits-only fast path: 19+ digits and overflow fall back to Numbers)
        PromsnapException e = error("[{\"__name__\":\"m\",\"value\":1,\"timestamp\":" + token + "}]", SCHEMA);
        assertThat(e.sampleIndex()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "true", "false", "{}", "[]", "[1,2]", "{\"a\":\"b\"}"})
    void valueOfWrongTypeIsSchema(String token) {
        PromsnapException e = error("[{\"__name__\":\"m\",\"value\":" + token + ",\"timestamp\":1}]", SCHEMA);
        assertThat(e.offset()).isEqualTo(25);
    }

    @ParameterizedTest
    @ValueSource(strings = {"01", "-", "1.", "1.e5", "1e", "1e+", "-a", "+1", ".5", "-01", "tru", "nul", "fals",
            "truex", "nullnull", "True", "NaN", "Infinity", "-Infinity", "1x", "1.5.5", "12\"", "1\""})
    void malformedTokensAreSyntaxErrors(String token) {
        error("[{\"__name__\":\"m\",\"value\":" + token + ",\"timestamp\":1}]", JSON_SYNTAX);
        // as a timestamp, "1.5.5" reads as the well-formed 1.5, a schema error that comes first
        if (!token.equals("1.5.5")) {
            error("[{\"__name__\":\"m\",\"value\":1,\"timestamp\":" + token + "}]", JSON_SYNTAX);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "true", "false", "1", "-2.5", "{}", "[]", "{\"a\":\"b\"}", "[\"a\"]"})
    void nonStringLabelValueIsSchema(String token) {
        PromsnapException e = error("[{\"__name__\":\"m\",\"job\":" + token + ",\"value\":1,\"timestamp\":1}]", SCHEMA);
        assertThat(e.reason()).contains("label value is not a string");
        assertThat(e.offset()).isEqualTo(23);
        assertThat(e.sampleIndex()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "1", "{}", "[]", "true"})
    void nameNotAStringIsSchema(String token) {
        error("[{\"__name__\":" + token + ",\"value\":1,\"timestamp\":1}]", SCHEMA);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"value\":1,\"timestamp\":1}|missing __name__",
        "{\"__name__\":\"m\",\"timestamp\":1}|missing value",
        "{\"__name__\":\"m\",\"value\":1}|missing timestamp",
        "{}|missing __name__",
        "{\"__name__\":\"m\",\"__name__\":\"m\",\"value\":1,\"timestamp\":1}|duplicate key",
        "{\"__name__\":\"m\",\"value\":1,\"value\":1,\"timestamp\":1}|duplicate key",
        "{\"__name__\":\"m\",\"value\":1,\"timestamp\":1,\"timestamp\":1}|duplicate key",
        "{\"__name__\":\"m\",\"a\":\"1\",\"b\":\"\",\"a\":\"2\",\"value\":1,\"timestamp\":1}|duplicate key",
        "{\"__name__\":\"m\",\"\\u0076alue\":1,\"value\":1,\"timestamp\":1}|duplicate key",
        "{\"__name__\":\"m\",\"a\\u0062\":\"1\",\"ab\":\"2\",\"value\":1,\"timestamp\":1}|duplicate key",
    })
    void schemaErrorsInsideASample(String element, String reason) {
        PromsnapException e = error("[" + SEED.substring(1, SEED.length() - 1) + "," + element + "]", SCHEMA);
        assertThat(e.reason()).startsWith(reason);
        assertThat(e.sampleIndex()).isEqualTo(1);
    }

    @Test
    void escapedSpecialKeysAreRecognised() {
        Sample s = one("[{\"\\u005f_name__\":\"m\",\"valu\\u0065\":\"2\",\"\\u0074imestamp\":\"3\",\"k\\\"\":\"v\"}]");
        assertThat(s).isEqualTo(new Sample("m", Map.of("k\"", "v"), 2.0, 3L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "\"x\"", "true", "false", "null", "{}", "{\"__name__\":\"m\"}", "-1.5", "\"\""})
    void topLevelNotAnArray(String json) {
        PromsnapException e = error(" " + json + " ", SCHEMA);
        assertThat(e.reason()).isEqualTo("top level is not an array");
        assertThat(e.offset()).isEqualTo(1);
        assertThat(e.sampleIndex()).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "\"x\"", "true", "false", "null", "[]", "[{}]", "-1.5", "\"\""})
    void elementNotAnObjectFailsEvenUnderSkip(String element) {
        String json = "[" + SEED.substring(1, SEED.length() - 1) + ", " + element + "]";
        for (DecoderConfig c : List.of(DecoderConfig.defaults(), Runs.skip())) {
            PromsnapException e = error(bytes(json), c);
            assertThat(e.category()).isEqualTo(SCHEMA);
            assertThat(e.reason()).isEqualTo("element is not an object");
            assertThat(e.sampleIndex()).isEqualTo(1);
            assertThat(e.offset()).isEqualTo(SEED.length() - 2 + 3);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\t\r "})
    void emptyInputIsSyntax(String json) {
        assertThat(error(json, JSON_SYNTAX).sampleIndex()).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[] x", "[]]", "[][]", "[] {}", "[]\u00a0", "[]1"})
    void trailingDataIsSyntax(String json) {
        PromsnapException e = error(json, JSON_SYNTAX);
        assertThat(e.offset()).isGreaterThanOrEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[", "[{", "]", "}", "x", "[,]", "[x]", "[{\"__name__\"}]", "[{\"__name__\" \"m\"}]",
        "[{__name__:\"m\"}]", "[{'__name__':\"m\"}]", "[{\"__name__\":\"m\",}]", "[{\"__name__\":\"m\"]",
        "[{\"__name__\":\"m\" \"value\":1}]", "[{\"__name__\":\"m\",\"value\":1,\"timestamp\":1} {}]",
        "[{\"__name__\":\"m\",\"value\":1,\"timestamp\":1},]", "[{\"__name__\":\"m\",\"value\":1,\"timestamp\":1}}",
        "[{\"__name__\":\"m\",\"value\":1,\"timestamp\":1]", "[{\"__name__\":\"a\tb\",\"value\":1,\"timestamp\":1}]",
        "[{\"__name__\":\"a\nb\",\"value\":1,\"timestamp\":1}]", "[{\"__name__\":\"a\rb\",\"value\":1,\"timestamp\":1}]",
        "[{\"__name__\":\"a\\xb\",\"value\":1,\"timestamp\":1}]", "[{\"__name__\":\"a\\'b\",\"value\":1,\"timestamp\":1}]",
        "[{\"__name__\":\"a\\u12g4\",\"value\":1,\"timestamp\":1}]", "[{\"__name__\":\"\\ud800\",\"value\":1,\"timestamp\":1}]",
        "[{\"__name__\":\"\\udc00\",\"value\":1,\"timestamp\":1}]", "[{\"__name__\":\"\\ud800\\u0041\",\"value\":1,\"timestamp\":1}]",
        "[{\"__name__\":\"\\ud800\\ud800\",\"value\":1,\"timestamp\":1}]", "[{\"__name__\":\"\\ud800x\",\"value\":1,\"timestamp\":1}]",
        "[{\"__name__\":\"\\ude00\\ud83d\",\"value\":1,\"timestamp\":1}]", "[{\"a\tb\":\"m\"}]", "[{\"a\":\"x\ty\"}]",
        "[{\"a\":\"\\U0041\"}]", "\ufeff[]", "[{\"__name__\":\"m\",\"value\":-,\"timestamp\":1}]",
    })
    void syntaxErrors(String json) {
        error(json, JSON_SYNTAX);
    }

    @Test
    void syntaxErrorsAreNotSkipped() {
        String json = "[{\"__name__\":\"m\",\"a\":1,\"b\":\"\\x\",\"value\":1,\"timestamp\":1}]";
        assertThat(error(bytes(json), Runs.skip()).category()).isEqualTo(JSON_SYNTAX);
        json = "[{\"__name__\":\"m\",\"a\":{\"x\":[1,2}},\"value\":1,\"timestamp\":1}]";
        assertThat(error(bytes(json), Runs.skip()).category()).isEqualTo(JSON_SYNTAX);
        json = "[{\"__name__\":\"m\",\"value\":\"bad\",\"x\":tru}]";
        assertThat(error(bytes(json), Runs.skip()).category()).isEqualTo(JSON_SYNTAX);
        // and the same payloads report the schema error first under fail: it comes first in reading order
        assertThat(error("[{\"__name__\":\"m\",\"value\":\"bad\",\"x\":tru}]").category()).isEqualTo(SCHEMA);
    }

    @Test
    void everyEscape() {
        Sample s = one(withLabel("\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\\u20AC\\uD83D\\uDE00\\u0000\\ud834\\udd1e\\uFFFF"));
        assertThat(s.labels().get("l")).isEqualTo("\"\\/\b\f\n\r\tAé€\uD83D\uDE00\u0000\uD834\uDD1E\uFFFF");
    }

    @Test
    void rawMultiByteUtf8() {
        String v = "日本語 ümlaut 😀 €";
        Sample s = one("[{\"__name__\":\"名前\",\"ключ\":\"" + v + "\",\"value\":\"1\",\"timestamp\":\"2\"}]");
        assertThat(s.name()).isEqualTo("名前");
        assertThat(s.labels()).containsExactly(Map.entry("ключ", v));
    }

    /** The string scanner reads eight bytes at a time: put the quote and backslash at every lane position. */
    @Test
    void quoteAndBackslashAtEveryPositionRelativeToAWord() {
        for (int pad = 0; pad < 9; pad++) {
            for (int len = 0; len < 26; len++) {
                StringBuilder content = new StringBuilder();
                for (int k = 0; k < len; k++) {
                    content.append((char) ('a' + k % 26));
                }
                String prefix = " ".repeat(pad);
                // plain
                Sample s = one(prefix + withLabel(content.toString()));
                assertThat(s.labels().get("l")).isEqualTo(content.toString());
                // one escape at every position, and a multi-byte character at every position
                for (int at = 0; at <= len; at++) {
                    String c = content.toString();
                    String esc = c.substring(0, at) + "\\\"" + c.substring(at);
                    assertThat(one(prefix + withLabel(esc)).labels().get("l"))
                            .isEqualTo(c.substring(0, at) + "\"" + c.substring(at));
                    String bs = c.substring(0, at) + "\\\\" + c.substring(at);
                    assertThat(one(prefix + withLabel(bs)).labels().get("l"))
                            .isEqualTo(c.substring(0, at) + "\\" + c.substring(at));
                    String mb = c.substring(0, at) + "é😀" + c.substring(at);
                    assertThat(one(prefix + withLabel(mb)).labels().get("l")).isEqualTo(mb);
                    String tab = c.substring(0, at) + "\t" + c.substring(at);
                    assertThat(error(prefix + withLabel(tab), JSON_SYNTAX).offset())
                            .isEqualTo(pad + withLabel("").indexOf("\"l\":\"") + 5 + at);
                }
            }
        }
    }

    @Test
    void stringsAtTheVeryEndOfTheBufferAndInsideALargerArray() {
        byte[] json = bytes(SEED);
        byte[] big = new byte[json.length + 20];
        java.util.Arrays.fill(big, (byte) '"');
        System.arraycopy(json, 0, big, 7, json.length);
        ScannerJsonStage stage = new ScannerJsonStage();
        Runs.Result r = Runs.run(big, 7, json.length, stage);
        assertThat(r.samples()).containsExactly(one(SEED));
        // offsets are relative to off
        big[7 + json.length - 1] = '}';
        PromsnapException e = org.assertj.core.api.Assertions.catchThrowableOfType(PromsnapException.class,
                () -> Runs.run(big, 7, json.length, stage));
        assertThat(e.category()).isEqualTo(JSON_SYNTAX);
        assertThat(e.offset()).isEqualTo(json.length - 1);
    }

    @Test
    void manyLabelsAndLongValues() {
        StringBuilder sb = new StringBuilder("[{\"__name__\":\"m\"");
        Map<String, String> expected = new LinkedHashMap<>();
        for (int k = 0; k < 70; k++) {
            String v = k % 7 == 0 ? "v".repeat(20_000) + k : "value-" + k;
            expected.put("label_" + k, v);
            sb.append(",\"label_").append(k).append("\":\"").append(v).append('"');
        }
        sb.append(",\"value\":\"675.0\",\"timestamp\":\"1698732988354\"}]");
        Sample s = one(sb.toString());
        assertThat(s.labels()).containsExactlyEntriesOf(expected);
        assertThat(s.labels()).hasSize(70);
    }

    @Test
    void longEscapedValuesGrowTheScratchWithoutCorruptingEarlierStrings() {
        StringBuilder sb = new StringBuilder("[{\"__name__\":\"m\\u00e9\"");
        Map<String, String> expected = new LinkedHashMap<>();
        for (int k = 0; k < 20; k++) {
            String raw = "\\u00e9\\n".repeat(500 * (k + 1));
            expected.put("k\\" + k, "é\n".repeat(500 * (k + 1)));
            sb.append(",\"k\\\\").append(k).append("\":\"").append(raw).append('"');
        }
        sb.append(",\"value\":\"1\",\"timestamp\":\"2\"}]");
        String doc = sb.toString();
        List<Sample> s = ok("[" + doc.substring(1, doc.length() - 1) + "," + doc.substring(1));
        assertThat(s).hasSize(2);
        for (Sample x : s) {
            assertThat(x.name()).isEqualTo("mé");
            assertThat(x.labels()).containsExactlyEntriesOf(expected);
        }
    }

    @Test
    void unescapedStringsAreViewsIntoTheJsonBuffer() {
        byte[] json = bytes("[{\"__name__\":\"up\",\"job\":\"x\",\"e\\n\":\"y\",\"value\":\"1\",\"timestamp\":\"2\"}]");
        boolean[] seen = {false};
        new ScannerJsonStage().parse(json, 0, json.length, v -> {
            assertThat(v.name().array()).isSameAs(json);
            assertThat(v.name().offset()).isEqualTo(14);
            assertThat(v.labelKey(0).array()).isSameAs(json);
            assertThat(v.labelValue(0).array()).isSameAs(json);
            assertThat(v.labelKey(1).array()).isNotSameAs(json);
            assertThat(v.labelKey(1).toString()).isEqualTo("e\n");
            assertThat(v.labelValue(1).array()).isSameAs(json);
            seen[0] = true;
        });
        assertThat(seen[0]).isTrue();
    }

    @Test
    void deepNestingFailsFastWithoutRecursion() {
        byte[] json = new byte[100_000];
        java.util.Arrays.fill(json, (byte) '[');
        long t0 = System.nanoTime();
        for (DecoderConfig c : List.of(DecoderConfig.defaults(), Runs.skip())) {
            PromsnapException e = error(json, c);
            assertThat(e.category()).isEqualTo(SCHEMA);
            assertThat(e.offset()).isEqualTo(1);
            assertThat(e.sampleIndex()).isZero();
        }
        // deep nesting inside a label value, skipped iteratively under skip; must end in JSON_SYNTAX (truncated)
        String head = "[{\"__name__\":\"m\",\"a\":";
        byte[] deep = new byte[head.length() + 100_000];
        System.arraycopy(bytes(head), 0, deep, 0, head.length());
        java.util.Arrays.fill(deep, head.length(), deep.length, (byte) '[');
        assertThat(error(deep, Runs.skip()).category()).isEqualTo(JSON_SYNTAX);
        // and a deep but complete nested value is skipped
        String deepValue = "[".repeat(50_000) + "{\"x\":[1,\"s\",{}]}" + "]".repeat(50_000);
        Runs.Result r = Runs.run(bytes("[{\"__name__\":\"m\",\"a\":" + deepValue + ",\"value\":1,\"timestamp\":1},"
                + SEED.substring(1)), Runs.skip());
        assertThat(r.samples()).hasSize(1);
        assertThat(r.skipped()).hasSize(1);
        assertThat(System.nanoTime() - t0).isLessThan(5_000_000_000L);
    }

    @Test
    void truncationAtEveryByteIsASyntaxError() {
        String doc = "[{\"__name__\":\"up\",\"jo\\u00e9b\":\"x\\uD83D\\uDE00\\\"\",\"value\":\"675.0\",\"timestamp\":\"1698732988354\"},\n"
                + " {\"__name__\" : \"ü😀\", \"value\" : -1.5e3 , \"timestamp\":-12, \"n\":\"null\"} ]";
        byte[] full = bytes(doc);
        assertThat(Runs.run(full, DecoderConfig.defaults()).samples()).hasSize(2);
        for (DecoderConfig c : List.of(DecoderConfig.defaults(), Runs.skip())) {
            for (int n = 0; n < full.length - 1; n++) {
                byte[] cut = java.util.Arrays.copyOf(full, n);
                ScannerJsonStage stage = new ScannerJsonStage(c);
                PromsnapException e = org.assertj.core.api.Assertions.catchThrowableOfType(PromsnapException.class,
                        () -> stage.parse(cut, 0, cut.length, v -> { }));
                assertThat(e).as("cut at %d", n).isNotNull();
                assertThat(e.category()).as("cut at %d: %s", n, e.getMessage()).isEqualTo(JSON_SYNTAX);
            }
        }
    }

    @Test
    void skipPolicyDropsOnlyTheBadSample() {
        String good = SEED.substring(1, SEED.length() - 1);
        String[] bad = {
            "{\"__name__\":\"m\",\"value\":\"oops\",\"x\":{\"deep\":[1,{\"a\":null}]},\"timestamp\":1}",
            "{\"__name__\":\"m\",\"a\":{\"b\":[true,false,null,\"s\\n\",-1.5e3]},\"value\":1,\"timestamp\":1}",
            "{\"__name__\":\"m\",\"value\":1}",
            "{\"__name__\":\"m\",\"value\":1,\"value\":2,\"timestamp\":1}",
            "{\"__name__\":\"m\",\"value\":1,\"timestamp\":\"1.5\",\"z\":\"q\"}",
            "{\"__name__\":\"m\",\"value\":1,\"timestamp\":1.5,\"z\":[]}",
            "{\"__name__\":\"m\",\"j\":\"1\",\"j\":\"2\",\"value\":1,\"timestamp\":1}",
            "{\"__name__\":[\"m\"],\"value\":1,\"timestamp\":1}",
            "{}",
        };
        StringBuilder sb = new StringBuilder("[").append(good);
        for (String b : bad) {
            sb.append(",\n").append(b).append(',').append(good);
        }
        sb.append(']');
        Runs.Result r = Runs.run(bytes(sb.toString()), Runs.skip());
        assertThat(r.samples()).hasSize(bad.length + 1).allMatch(s -> s.equals(one(SEED)));
        assertThat(r.skipped()).hasSize(bad.length).allMatch(e -> e.category() == SCHEMA);
        for (int k = 0; k < bad.length; k++) {
            assertThat(r.skipped().get(k).sampleIndex()).isEqualTo(2L * k + 1);
        }
        // under fail, the first one is thrown
        PromsnapException e = error(sb.toString(), SCHEMA);
        assertThat(e.sampleIndex()).isEqualTo(1);
    }

    @Test
    void limits() {
        // keys count too, so the smallest useful string limit is 9 ("timestamp")
        DecodeLimits l = DecodeLimits.builder().maxLabelsPerSample(2).maxStringBytes(9).maxSamplesPerPayload(2).build();
        DecoderConfig c = Runs.limits(l);
        String s = "{\"__name__\":\"m\",\"a\":\"123456789\",\"b\":\"x\",\"value\":1,\"timestamp\":1}";
        assertThat(Runs.run(bytes("[" + s + "," + s + "]"), c).samples()).hasSize(2);
        assertLimit(bytes("[" + s + "," + s + "," + s + "]"), c, 2);
        assertLimit(bytes("[{\"__name__\":\"m\",\"a\":\"1\",\"b\":\"2\",\"c\":\"3\",\"value\":1,\"timestamp\":1}]"), c, 0);
        assertLimit(bytes("[{\"__name__\":\"m\",\"a\":\"1234567890\",\"value\":1,\"timestamp\":1}]"), c, 0);
        assertLimit(bytes("[{\"__name__\":\"m\",\"abcdefghij\":\"1\",\"value\":1,\"timestamp\":1}]"), c, 0);
        assertLimit(bytes("[{\"__name__\":\"mmmmmmmmmm\",\"value\":1,\"timestamp\":1}]"), c, 0);
        assertLimit(bytes("[{\"__name__\":\"m\",\"value\":\"1.00000000\",\"timestamp\":1}]"), c, 0);
        // the limit applies to the unescaped length: 9 bytes from escapes pass, 10 fail
        assertThat(Runs.run(bytes("[{\"__name__\":\"\\u0041\\u0041\\u0041\\u0041\\u0041\\u00e9\\u00e9\",\"value\":1,"
                + "\"timestamp\":1}]"), c).samples().get(0).name()).isEqualTo("AAAAAéé");
        assertLimit(bytes("[{\"__name__\":\"\\u0041\\u0041\\u0041\\u00e9\\u00e9\\u00e9\\u0041\",\"value\":1,\"timestamp\":1}]"),
                c, 0);
        // quoted (compact, fast-path) spellings are held to the same limits
        assertLimit(bytes("[{\"__name__\":\"m\",\"value\":\"1\",\"timestamp\":\"1698732988\"}]"), c, 0);
        assertThat(Runs.run(bytes("[{\"__name__\":\"m\",\"value\":\"1\",\"timestamp\":\"169873298\"}]"), c)
                .samples().get(0).timestampMillis()).isEqualTo(169873298L);
        assertLimit(bytes("[{\"__name__\":\"m\",\"a\":\"1\",\"b\":\"2\",\"c\":\"3\",\"value\":\"1\",\"timestamp\":\"1\"}]"),
                c, 0);
        // limits are never skipped
        assertThat(error(bytes("[{\"__name__\":\"m\",\"a\":\"1\",\"b\":\"2\",\"c\":\"3\",\"value\":1,\"timestamp\":1}]"),
                c.withErrorPolicy(io.promsnap.ErrorPolicy.SKIP)).category()).isEqualTo(LIMIT);
    }

    @Test
    void compactSamplesThatLeaveTheFastPathMidwayDecodeLikeTheirPrettyTwins() {
        // each of these is compact up to a point where the quick path gives up (special value spellings,
        // a number token, an escape, a negative or long timestamp, a duplicate, whitespace, a nested value
        // under skip) and the general path reads the element again; the result must not depend on that
        String[] samples = {
            "{\"__name__\":\"m\",\"a\":\"x\",\"value\":\"NaN\",\"timestamp\":\"1\"}",
            "{\"__name__\":\"m\",\"a\":\"x\",\"value\":\"-Infinity\",\"timestamp\":\"-5\"}",
            "{\"__name__\":\"m\",\"a\":\"x\",\"value\":1.5e3,\"timestamp\":1698732988354}",
            "{\"__name__\":\"m\",\"a\\u0062\":\"x\\ny\",\"value\":\"0.1000000000000000055511151231257827\",\"timestamp\":\"+7\"}",
            "{\"__name__\":\"m\",\"a\":\"x\",\"value\":\"1\",\"timestamp\":\"9223372036854775807\"}",
            "{\"a\":\"x\",\"timestamp\":\"12\",\"__name__\":\"m\",\"value\":\"12345678901234567\"}",
            "{\"__name__\":\"m\",\"a\":\"x\",\"value\":\"1\" ,\"timestamp\":\"1\"}",
        };
        for (String s : samples) {
            String pretty = s.replace(",", " ,\n ").replace(":", " : ");
            assertThat(ok("[" + s + "," + s + "]")).as(s).isEqualTo(ok("[ " + pretty + " , " + pretty + " ]"));
        }
        String dup = "{\"__name__\":\"m\",\"a\":\"x\",\"a\":\"y\",\"value\":\"1\",\"timestamp\":\"1\"}";
        assertThat(error(bytes("[" + dup + "]"), Runs.limits(DecodeLimits.defaults())).category()).isEqualTo(SCHEMA);
        String nested = "{\"__name__\":\"m\",\"a\":{\"b\":[1]},\"value\":\"1\",\"timestamp\":\"1\"}";
        String good = "{\"__name__\":\"m\",\"value\":\"2\",\"timestamp\":\"3\"}";
        assertThat(Runs.run(bytes("[" + nested + "," + dup + "," + good + "]"), Runs.skip()).samples())
                .extracting(io.promsnap.Sample::value).containsExactly(2.0);
    }

    private static void assertLimit(byte[] json, DecoderConfig c, long index) {
        PromsnapException e = error(json, c);
        assertThat(e.category()).as(e.getMessage()).isEqualTo(LIMIT);
        assertThat(e.sampleIndex()).isEqualTo(index);
    }

    @Test
    void stageIsReusableAcrossPayloadsAndAfterErrors() {
        ScannerJsonStage stage = new ScannerJsonStage(Runs.skip());
        byte[] good = bytes(SEED);
        byte[] bad = bytes("[{\"__name__\":\"m\",\"value\":\"x\",\"timestamp\":1}, {\"a\":");
        for (int k = 0; k < 3; k++) {
            assertThat(Runs.run(good, 0, good.length, stage).samples()).hasSize(1);
            PromsnapException e = org.assertj.core.api.Assertions.catchThrowableOfType(PromsnapException.class,
                    () -> Runs.run(bad, 0, bad.length, stage));
            assertThat(e.category()).isEqualTo(JSON_SYNTAX);
        }
    }

    @Test
    void visitorExceptionsPropagateUnchanged() {
        IllegalStateException boom = new IllegalStateException("boom");
        byte[] json = bytes(SEED);
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> new ScannerJsonStage().parse(json, 0,
                json.length, v -> {
                    throw boom;
                }));
        assertThat(t).isSameAs(boom);
    }

    @Test
    void noAllocationPerSampleInSteadyState() {
        // the vector mask forced on where C2 cannot keep the vectors in registers (Java 17: the
        // scanner-vector test execution) boxes them; VectorSupport never chooses it there on its own
        org.junit.jupiter.api.Assumptions.assumeFalse(Bytes.VECTOR && Runtime.version().feature() < 21,
                "vector mask forced on a JDK whose C2 does not intrinsify it");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
                .getThreadMXBean();
        StringBuilder sb = new StringBuilder("[");
        for (int k = 0; k < 1000; k++) {
            if (k > 0) {
                sb.append(',');
            }
            sb.append("{\"__name__\":\"container_cpu_usage_seconds_total\",\"cluster\":\"c-1\",\"namespace\":\"kube-system\","
                    + "\"pod\":\"coredns-").append(k).append("\",\"container\":\"coredns\",\"job\":\"kubelet\","
                    + "\"instance\":\"10.0.0.").append(k % 250).append(":10250\",\"esc\\u00e9\":\"a\\nb\","
                    + "\"value\":\"").append(k).append(".5\",\"timestamp\":\"16987329").append(88354 + k).append("\"}");
        }
        byte[] json = bytes(sb.append(']').toString());
        ScannerJsonStage stage = new ScannerJsonStage();
        long[] sum = {0};
        io.promsnap.SampleVisitor v = s -> sum[0] += s.labelCount() + s.timestampMillis() + (long) s.value();
        for (int k = 0; k < 3000; k++) {
            stage.parse(json, 0, json.length, v);
        }
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int k = 0; k < 100; k++) {
            stage.parse(json, 0, json.length, v);
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertThat(allocated / (100.0 * 1000)).as("bytes allocated per sample").isLessThan(0.5);
        assertThat(sum[0]).isPositive();
    }

    @Test
    void categoriesHaveJsonRegion() {
        PromsnapException e = error("[x]", JSON_SYNTAX);
        assertThat(e.region()).isEqualTo(PromsnapException.Region.JSON);
        assertThat(e.offset()).isEqualTo(1);
        assertThat(e.sampleIndex()).isEqualTo(0);
    }
}
