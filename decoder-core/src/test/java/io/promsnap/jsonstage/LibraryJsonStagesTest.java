package io.promsnap.jsonstage;

import io.promsnap.DecodeLimits;
import io.promsnap.DecoderConfig;
import io.promsnap.ErrorCategory;
import io.promsnap.ErrorPolicy;
import io.promsnap.PromsnapException;
import io.promsnap.Sample;
import io.promsnap.spi.JsonStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.promsnap.ErrorCategory.JSON_SYNTAX;
import static io.promsnap.ErrorCategory.LIMIT;
import static io.promsnap.ErrorCategory.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The {@code jackson} and {@code dsl-json} stages on JSON bytes: every case runs on both, asserts what
 * docs/format.md requires, and fails when the two stages differ in any sample byte, value bit, skip,
 * error category, error offset or sample index.
 */
class LibraryJsonStagesTest {
    private static final DecoderConfig FAIL = DecoderConfig.defaults();
    private static final DecoderConfig SKIP = DecoderConfig.defaults().withErrorPolicy(ErrorPolicy.SKIP);

    /** The example from the vendor's page (prometheus-kafka-delivery.txt), as printed there. */
    static final String SEED = "[ { \"__name__\": \"apiserver_admission_controller_admission_duration_seconds_bucket\","
            + " \"instance\": \"*****\", \"pod\": \"*****\", \"namespace\": \"default\", \"service\": \"kubernetes\","
            + " \"job\": \"apiserver\", \"endpoint\": \"http-metrics\", \"operation\": \"UPDATE\", \"type\": \"validate\","
            + " \"rejected\": \"false\", \"name\": \"*****\", \"le\": \"2.5\", \"value\": \"675.0\","
            + " \"timestamp\": \"1698732988354\" } ]";

    // ------------------------------------------------------------------ harness

    /** Runs both stages (fresh and reused), asserts they agree, returns the agreed result. */
    static StageRun both(String json, DecoderConfig config) {
        return both(json.getBytes(StandardCharsets.UTF_8), config);
    }

    static StageRun both(byte[] json, DecoderConfig config) {
        StageRun first = null;
        String firstName = null;
        for (Map.Entry<String, Function<DecoderConfig, JsonStage>> e : StageRun.STAGES) {
            JsonStage stage = e.getValue().apply(config);
            assertThat(stage.name()).isEqualTo(e.getKey());
            StageRun r = StageRun.run(stage, json);
            // a reused stage must give the same answer again, after a different payload
            StageRun.run(stage, SEED);
            StageRun again = StageRun.run(stage, json);
            assertThat(again.outcome()).as("%s reused", e.getKey()).isEqualTo(r.outcome());
            if (r.error == null) {
                assertThat(r.returned).isEqualTo(r.samples.size());
            }
            if (first == null) {
                first = r;
                firstName = e.getKey();
            } else {
                assertThat(r.outcome()).as("%s vs %s on %s\n%s: %s\n%s: %s", e.getKey(), firstName,
                        abbreviate(json), firstName, first, e.getKey(), r).isEqualTo(first.outcome());
            }
        }
        return first;
    }

    static StageRun ok(String json) {
        StageRun r = both(json, FAIL);
        assertThat(r.error).as("%s", r).isNull();
        return r;
    }

    /** One sample; an element ({@code {...}}) is wrapped in an array. */
    static Sample one(String json) {
        StageRun r = ok(json.startsWith("{") ? "[" + json + "]" : json);
        assertThat(r.samples).hasSize(1);
        return r.samples.get(0);
    }

    static PromsnapException fails(String json, ErrorCategory category) {
        return fails(json, FAIL, category);
    }

    static PromsnapException fails(String json, DecoderConfig config, ErrorCategory category) {
        StageRun r = both(json, config);
        assertThat(r.error).as("expected %s on %s", category, json).isNotNull();
        assertThat(r.error.category()).as("%s", r.error).isEqualTo(category);
        return r.error;
    }

    private static String abbreviate(byte[] json) {
        String s = new String(json, StandardCharsets.UTF_8);
        return s.length() > 200 ? s.substring(0, 200) + "…(" + s.length() + ")" : s;
    }

    static String sample(String name, String value, String timestamp, String... labels) {
        StringBuilder sb = new StringBuilder("{\"__name__\":\"" + name + "\"");
        for (int i = 0; i < labels.length; i += 2) {
            sb.append(",\"").append(labels[i]).append("\":\"").append(labels[i + 1]).append('"');
        }
        return sb.append(",\"value\":").append(value).append(",\"timestamp\":").append(timestamp).append('}').toString();
    }

    // ------------------------------------------------------------------ accepted input

    @Test
    void seedExampleFromTheVendorPage() {
        Sample s = one(SEED);
        assertThat(s.name()).isEqualTo("apiserver_admission_controller_admission_duration_seconds_bucket");
        assertThat(new ArrayList<>(s.labels().entrySet())).containsExactly(
                Map.entry("instance", "*****"), Map.entry("pod", "*****"), Map.entry("namespace", "default"),
                Map.entry("service", "kubernetes"), Map.entry("job", "apiserver"), Map.entry("endpoint", "http-metrics"),
                Map.entry("operation", "UPDATE"), Map.entry("type", "validate"), Map.entry("rejected", "false"),
                Map.entry("name", "*****"), Map.entry("le", "2.5"));
        assertThat(s.value()).isEqualTo(675.0);
        assertThat(s.timestampMillis()).isEqualTo(1698732988354L);
    }

    @Test
    void emptyArrays() {
        assertThat(ok("[]").samples).isEmpty();
        assertThat(ok(" \t\r\n[ \n\t ]\r\n ").samples).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "nan", "NAN", "+NaN", "-NaN", "nAn"})
    void nanSpellings(String v) {
        assertThat(one(sample("m", "\"" + v + "\"", "1")).value()).isNaN();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+Inf", "Inf", "inf", "INF", "Infinity", "+Infinity", "infinity", "INFINITY", "+iNfInItY"})
    void positiveInfinitySpellings(String v) {
        assertThat(one(sample("m", "\"" + v + "\"", "1")).value()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-Inf", "-inf", "-INF", "-Infinity", "-infinity", "-INFINITY"})
    void negativeInfinitySpellings(String v) {
        assertThat(one(sample("m", "\"" + v + "\"", "1")).value()).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"675.0", "0", "-0", "-0.0", "+1.5", "1.5E9", "1.5e+09", "1e+06", "1E-5", "1.0E-5", ".5", "5.",
            "-.5e-3", "0.1", "0.30000000000000004", "1.7976931348623157E308", "1.8e308", "4.9E-324", "2e-324", "1e-400",
            "123456789012345678901234567890", "3.14159265358979323846264338327950288419716939937510",
            "0.000000000000000000000000000000000000000000001234567890123456789", "9007199254740993",
            "18446744073709551615", "2.2250738585072011e-308", "00012", "1e0000000000000000000000001"})
    void quotedDecimalsEqualDoubleParseDoubleBitForBit(String v) {
        double d = one(sample("m", "\"" + v + "\"", "1")).value();
        assertThat(Double.doubleToRawLongBits(d)).as(v).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(v)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"675", "675.0", "-0", "-0.0", "0", "1.5E9", "1e+06", "1E-5", "-1.0e-5", "1.7976931348623157E308",
            "1e400", "-1e400", "4.9E-324", "123456789012345678901234567890",
            "3.14159265358979323846264338327950288419716939937510", "9007199254740993"})
    void numberTokenValuesEqualDoubleParseDoubleBitForBit(String v) {
        double d = one(sample("m", v, "1")).value();
        assertThat(Double.doubleToRawLongBits(d)).as(v).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(v)));
    }

    @Test
    void minusZeroIsNegativeZero() {
        assertThat(Double.doubleToRawLongBits(one(sample("m", "\"-0\"", "1")).value()))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(Double.doubleToRawLongBits(one(sample("m", "-0", "1")).value()))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"0x1p3\"", "\"1.0d\"", "\"1.0f\"", "\" 1\"", "\"1 \"", "\"1_000\"", "\"Infinit\"",
            "\"NaNa\"", "\"++1\"", "\"1e\"", "\"e5\"", "\".\"", "\"-\"", "\"1,5\"", "\"١\"", "null", "true", "false",
            "{}", "[]", "[1]", "{\"a\":1}"})
    void badValuesAreSchemaErrors(String v) {
        String json = "[" + sample("m", v, "1") + "]";
        PromsnapException e = fails(json, SCHEMA);
        assertThat(e.sampleIndex()).isEqualTo(0);
        assertThat(e.offset()).isEqualTo(json.indexOf("\"value\":") + 8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"01", "-", "1.", ".5", "+1", "1e", "1e+", "-01", "NaN", "Infinity", "-Infinity", "0x10", "1.5.3",
            "--1", "1ee5", "1e5e5"})
    void malformedNumberTokensAreSyntaxErrors(String v) {
        fails("[" + sample("m", v, "1") + "]", JSON_SYNTAX);
        // a complete number token is acted on before what follows it is read: "1.5" of "1.5.3" is already
        // a fractional timestamp
        fails("[" + sample("m", "1", v) + "]", v.startsWith("1.5") || v.startsWith("1e5") ? SCHEMA : JSON_SYNTAX);
    }

    @Test
    void timestamps() {
        assertThat(one(sample("m", "1", "\"1698732988354\"")).timestampMillis()).isEqualTo(1698732988354L);
        assertThat(one(sample("m", "1", "1698732988354")).timestampMillis()).isEqualTo(1698732988354L);
        assertThat(one(sample("m", "1", "\"-5\"")).timestampMillis()).isEqualTo(-5);
        assertThat(one(sample("m", "1", "-5")).timestampMillis()).isEqualTo(-5);
        assertThat(one(sample("m", "1", "\"+5\"")).timestampMillis()).isEqualTo(5);
        assertThat(one(sample("m", "1", "\"-0\"")).timestampMillis()).isEqualTo(0);
        assertThat(one(sample("m", "1", "\"0007\"")).timestampMillis()).isEqualTo(7);
        assertThat(one(sample("m", "1", "9223372036854775807")).timestampMillis()).isEqualTo(Long.MAX_VALUE);
        assertThat(one(sample("m", "1", "\"9223372036854775807\"")).timestampMillis()).isEqualTo(Long.MAX_VALUE);
        assertThat(one(sample("m", "1", "-9223372036854775808")).timestampMillis()).isEqualTo(Long.MIN_VALUE);
        assertThat(one(sample("m", "1", "\"-9223372036854775808\"")).timestampMillis()).isEqualTo(Long.MIN_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "\"1.5\"", "1e3", "\"1e3\"", "1E3", "1.0", "\"\"", "\"+\"", "\"-\"", "\" 1\"", "\"1 \"",
            "9223372036854775808", "\"9223372036854775808\"", "-9223372036854775809", "\"-9223372036854775809\"",
            "99999999999999999999999", "\"0x10\"", "null", "true", "false", "{}", "[]", "[1]", "\"2023-10-31T06:16:28Z\""})
    void badTimestampsAreSchemaErrors(String ts) {
        String json = "[" + sample("m", "1", ts) + "]";
        PromsnapException e = fails(json, SCHEMA);
        assertThat(e.sampleIndex()).isEqualTo(0);
        assertThat(e.offset()).isEqualTo(json.indexOf("\"timestamp\":") + 12);
    }

    @Test
    void keysInAnyOrder() {
        String[] fields = {"\"__name__\":\"up\"", "\"value\":\"1.5\"", "\"timestamp\":\"42\"", "\"job\":\"x\"",
                "\"instance\":\"y\""};
        List<String> orders = new ArrayList<>();
        permute(fields, 0, orders);
        assertThat(orders).hasSize(120);
        for (String o : orders) {
            Sample s = one("[" + o + "]");
            assertThat(s.name()).isEqualTo("up");
            assertThat(s.value()).isEqualTo(1.5);
            assertThat(s.timestampMillis()).isEqualTo(42);
            List<String> keys = new ArrayList<>(s.labels().keySet());
            assertThat(keys).containsExactly(o.indexOf("job") < o.indexOf("instance")
                    ? new String[] {"job", "instance"} : new String[] {"instance", "job"});
        }
    }

    private static void permute(String[] a, int k, List<String> out) {
        if (k == a.length) {
            out.add("{" + String.join(",", a) + "}");
            return;
        }
        for (int i = k; i < a.length; i++) {
            String t = a[k];
            a[k] = a[i];
            a[i] = t;
            permute(a, k + 1, out);
            a[i] = a[k];
            a[k] = t;
        }
    }

    @Test
    void whitespaceEverywhere() {
        String ws = " \t\r\n ";
        String json = ws + "[" + ws + "{" + ws + "\"__name__\"" + ws + ":" + ws + "\"up\"" + ws + "," + ws + "\"job\"" + ws
                + ":" + ws + "\" a b \"" + ws + "," + ws + "\"value\"" + ws + ":" + ws + "1" + ws + "," + ws
                + "\"timestamp\"" + ws + ":" + ws + "2" + ws + "}" + ws + "," + ws + sample("x", "3", "4") + ws + "]" + ws;
        StageRun r = ok(json);
        assertThat(r.samples).hasSize(2);
        assertThat(r.samples.get(0).labels()).containsExactly(Map.entry("job", " a b "));
        assertThat(r.samples.get(0).value()).isEqualTo(1.0);
        assertThat(r.samples.get(1).name()).isEqualTo("x");
    }

    @Test
    void everyEscape() {
        Sample s = one("[{\"__name__\":\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\",\"k\":\"\\u0000\\u001f\\u0041\\u00e9\\u00E9"
                + "\\u20ac\\uFFFF\\uD83D\\uDE00\\ud83d\\ude00x\",\"value\":\"1\",\"timestamp\":\"2\"}]");
        assertThat(s.name()).isEqualTo("a\"b\\c/d\be\ff\ng\rh\ti");
        assertThat(s.labels().get("k")).isEqualTo("\u0000\u001fA\u00e9\u00e9\u20ac\uffff\ud83d\ude00\ud83d\ude00x");
    }

    @Test
    void escapedKeysAreUnescapedBeforeTheyAreRecognised() {
        Sample s = one("[{\"\\u005f_name__\":\"m\",\"j\\u006fb\":\"x\",\"\\u0076alue\":\"7\",\"time\\u0073tamp\":\"9\","
                + "\"\\ud83d\\ude00\":\"smile\",\"\":\"empty key\"}]");
        assertThat(s.name()).isEqualTo("m");
        assertThat(s.value()).isEqualTo(7.0);
        assertThat(s.timestampMillis()).isEqualTo(9);
        assertThat(new ArrayList<>(s.labels().entrySet())).containsExactly(Map.entry("job", "x"),
                Map.entry("\ud83d\ude00", "smile"), Map.entry("", "empty key"));
        // an escaped duplicate is a duplicate
        fails("[{\"__name__\":\"m\",\"job\":\"x\",\"j\\u006fb\":\"y\",\"value\":\"7\",\"timestamp\":\"9\"}]", SCHEMA);
    }

    @Test
    void rawMultiByteUtf8() {
        Sample s = one(sample("指标", "1", "2", "名前", "値😀", "é", "ü\u2028\u00a0"));
        assertThat(s.name()).isEqualTo("指标");
        assertThat(new ArrayList<>(s.labels().entrySet())).containsExactly(Map.entry("名前", "値😀"),
                Map.entry("é", "ü\u2028\u00a0"));
    }

    @Test
    void sixtyFiveLabelsAndTwentyKilobyteValues() {
        List<String> kv = new ArrayList<>();
        for (int i = 0; i < 65; i++) {
            kv.add("label_" + i);
            kv.add(i == 30 ? "v".repeat(20_000) : i == 31 ? "é\\n".repeat(7_000) : "value-" + i);
        }
        StringBuilder payload = new StringBuilder("[");
        for (int n = 0; n < 20; n++) {
            payload.append(n == 0 ? "" : ",").append(sample("m" + n, "1", "2", kv.toArray(new String[0])));
        }
        StageRun r = ok(payload.append(']').toString());
        assertThat(r.samples).hasSize(20);
        for (Sample s : r.samples) {
            assertThat(s.labels()).hasSize(65);
            assertThat(s.labels().get("label_30")).hasSize(20_000);
            assertThat(s.labels().get("label_31")).isEqualTo("é\n".repeat(7_000));
            assertThat(s.labels().get("label_64")).isEqualTo("value-64");
        }
    }

    @Test
    void manySamplesInOrder() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 3000; i++) {
            sb.append(i == 0 ? "" : ",").append(sample("m", "\"" + i + ".5\"", String.valueOf(i), "i", "x" + i));
        }
        StageRun r = ok(sb.append(']').toString());
        assertThat(r.samples).hasSize(3000);
        for (int i = 0; i < 3000; i++) {
            assertThat(r.samples.get(i).timestampMillis()).isEqualTo(i);
            assertThat(r.samples.get(i).labels().get("i")).isEqualTo("x" + i);
        }
    }

    // ------------------------------------------------------------------ shape errors

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"a\":1}", "\"x\"", "\"unterminated", "1", "-5.5e3", "true", "false", "null", " {", "true]",
            "true:", "1 2"})
    void topLevelNotAnArrayIsSchema(String json) {
        PromsnapException e = fails(json, SKIP, SCHEMA);
        assertThat(e.sampleIndex()).isEqualTo(-1);
        assertThat(e.offset()).isEqualTo(json.length() - json.stripLeading().length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", " \t\r\n", "]", "}", ",", ":", "x", "tru", "truex", "true1", "nul", "'a'", "NaN",
            "-", "01", "1]", "1,", "1x", "[", "[ ", "[{", "/* c */ []", "# c\n[]"})
    void malformedTopLevelIsSyntax(String json) {
        fails(json, SKIP, JSON_SYNTAX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[[]]", "[\"x\"]", "[\"unterminated]", "[1]", "[-1.5]", "[true]", "[false]", "[null]",
            "[[1,2]]", "[{}]"})
    void elementNotAnObjectFailsEvenUnderSkip(String element) {
        String json = "[" + sample("a", "1", "2") + "," + element.substring(1);
        if (element.equals("[]") || element.equals("[{}]")) {
            return;
        }
        PromsnapException e = fails(json, SKIP, SCHEMA);
        assertThat(e.sampleIndex()).isEqualTo(1);
        assertThat(e.offset()).isEqualTo(sample("a", "1", "2").length() + 2);
        assertThat(e.reason()).contains("not an object");
    }

    @Test
    void hundredThousandNestedBracketsFailFastAtTheSecondBracket() {
        byte[] json = "[".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
        StageRun r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> both(json, SKIP));
        assertThat(r.error.category()).isEqualTo(SCHEMA);
        assertThat(r.error.offset()).isEqualTo(1);
        assertThat(r.error.sampleIndex()).isEqualTo(0);
        byte[] closed = ("[" + "[".repeat(100_000) + "]".repeat(100_000) + "]").getBytes(StandardCharsets.US_ASCII);
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(10), () -> both(closed, FAIL)).error.category())
                .isEqualTo(SCHEMA);
    }

    @Test
    void deeplyNestedLabelValueIsSkippedIterativelyUnderSkip() {
        int depth = 100_000;
        String nested = "[".repeat(depth) + "{\"a\":[1,\"x\",{}]}" + "]".repeat(depth);
        String json = "[" + sample("bad", "1", "2") .replace("}", ",\"lbl\":" + nested + "}") + "," + sample("good", "3", "4")
                + "]";
        StageRun r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> both(json, SKIP));
        assertThat(r.error).isNull();
        assertThat(r.samples).extracting(Sample::name).containsExactly("good");
        assertThat(r.skipped).hasSize(1);
        assertThat(r.skipped.get(0).reason()).contains("label value is not a string");
        // nested object values too, and a syntax error deep inside the skipped value still fails
        String broken = "[" + sample("bad", "1", "2").replace("}", ",\"lbl\":" + "{\"a\":".repeat(50_000) + "1 2"
                + "}".repeat(50_000) + "}") + "]";
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(20), () -> both(broken, SKIP)).error.category())
                .isEqualTo(JSON_SYNTAX);
    }

    // ------------------------------------------------------------------ sample errors

    @Test
    void missingRequiredKeys() {
        assertThat(fails("[{\"value\":\"1\",\"timestamp\":\"2\"}]", SCHEMA).reason()).isEqualTo("missing __name__");
        assertThat(fails("[{\"__name__\":\"m\",\"timestamp\":\"2\"}]", SCHEMA).reason()).isEqualTo("missing value");
        assertThat(fails("[{\"__name__\":\"m\",\"value\":\"1\"}]", SCHEMA).reason()).isEqualTo("missing timestamp");
        PromsnapException e = fails("[{}]", SCHEMA);
        assertThat(e.offset()).isEqualTo(2);
        assertThat(e.sampleIndex()).isEqualTo(0);
        // a key that merely contains the name is not the name
        fails("[{\"__name__ \":\"m\",\"value\":\"1\",\"timestamp\":\"2\"}]", SCHEMA);
    }

    @ParameterizedTest
    @ValueSource(strings = {"__name__", "value", "timestamp", "job"})
    void duplicateKeys(String key) {
        String json = "[" + sample("m", "\"1\"", "\"2\"", "job", "x").replace("}", ",\"" + key + "\":\"3\"}") + "]";
        PromsnapException e = fails(json, SCHEMA);
        assertThat(e.reason()).startsWith("duplicate key");
        assertThat(e.offset()).isEqualTo(json.lastIndexOf("\"" + key + "\""));
        assertThat(e.sampleIndex()).isEqualTo(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"a\":\"b\"}", "[]", "[\"a\"]", "null", "1", "-1.5e3", "true", "false"})
    void nonStringLabelValuesAndNames(String v) {
        String json = "[" + sample("m", "1", "2").replace("}", ",\"job\":" + v + "}") + "]";
        PromsnapException e = fails(json, SCHEMA);
        assertThat(e.reason()).isEqualTo("label value is not a string");
        assertThat(e.offset()).isEqualTo(json.lastIndexOf(v));
        String name = "[{\"__name__\":" + v + ",\"value\":\"1\",\"timestamp\":\"2\"}]";
        assertThat(fails(name, SCHEMA).reason()).isEqualTo("__name__ is not a string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\q", "\\x41", "\\'", "\\U0041", "\\u12G4", "\\u004", "\\u", "\\ ", "\\0", "\\a", "\\v",
            "\\uD800", "\\uDC00", "\\uDBFF\\u0041", "\\uD800x", "\\uD800\\uD800\\uDC00", "\\uDC00\\uD800",
            "\\uD83D\\uDE00\\uDE00", "\\uD800\\u12", "\t", "\n", "\r", "a\tb"})
    void badStringContentIsSyntaxEverywhere(String bad) {
        String[] places = {
            "[{\"__name__\":\"" + bad + "\",\"value\":\"1\",\"timestamp\":\"2\"}]",
            "[" + sample("m", "1", "2", "job", bad) + "]",
            "[" + sample("m", "1", "2", bad, "v") + "]",
            "[" + sample("m", "\"" + bad + "\"", "2") + "]",
            "[" + sample("m", "1", "\"" + bad + "\"") + "]",
        };
        for (String json : places) {
            PromsnapException e = fails(json, SKIP, JSON_SYNTAX);
            assertThat(e.sampleIndex()).isEqualTo(0);
            if (bad.startsWith("\\uD") && bad.length() != 10 || bad.equals("\\uDC00\\uD800")) {
                assertThat(e.reason()).as(json).contains("surrogate");
            }
        }
        // also inside a sample that is being dropped, and inside a skipped nested value
        fails("[" + sample("m", "null", "2", "job", bad) + "]", SKIP, JSON_SYNTAX);
        fails("[" + sample("m", "1", "2", "job", "x").replace("\"x\"", "[{\"k\":\"" + bad + "\"}]") + "]", SKIP,
                JSON_SYNTAX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[] |x", "[]|]", "[]|,", "[]|{}", "[] |\"a\"", "[]|[]", "[] \n|1", "[]|\u00a0", "[]|\u2028",
            "[] |tru", "[{\"__name__\":\"m\",\"value\":\"1\",\"timestamp\":\"2\"}] |x"})
    void trailingDataIsSyntax(String marked) {
        String json = marked.replace("|", "");
        PromsnapException e = fails(json, SKIP, JSON_SYNTAX);
        assertThat(e.sampleIndex()).isEqualTo(-1);
        assertThat(e.reason()).contains("trailing data");
        assertThat(e.offset()).isEqualTo(marked.getBytes(StandardCharsets.UTF_8).length
                - marked.substring(marked.indexOf('|')).getBytes(StandardCharsets.UTF_8).length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\u000b]", "[\u000c]", "[\u00a0]", "[\u2028]", "[\u3000]", "[\u1680]", "[\u2003{}]",
            "[{\"a\"\u3000:\"b\"}]", "[{},]", "[{}{}]", "[{},,{}]", "[,{}]", "[{\"a\":\"b\",}]", "[{\"a\":\"b\" \"c\":\"d\"}]",
            "[{\"a\" \"b\"}]", "[{\"a\"}]", "[{a:\"b\"}]", "[{'a':\"b\"}]", "[{\"a\":'b'}]", "[{\"a\":\"b\"]", "[{]",
            "[{\"a\":\"b\"}}", "[{\"a\":}]", "[{\"a\":,}]", "[{\"a\":[1,]}]", "[{\"a\":{\"b\"}}]", "[{\"a\":[}]}]"})
    void structuralSyntaxErrors(String json) {
        fails(json, SKIP, JSON_SYNTAX);
    }

    @Test
    void truncatedJsonAtEveryLengthIsSyntax() {
        String full = "[" + sample("m", "\"1.5\"", "-12", "job", "a\\u00e9\\\"b", "x", "名") + ", "
                + sample("n", "-0.5e-3", "\"7\"") + "]";
        byte[] b = full.getBytes(StandardCharsets.UTF_8);
        for (int n = 1; n < b.length; n++) {
            byte[] prefix = java.util.Arrays.copyOf(b, n);
            StageRun r = both(prefix, SKIP);
            assertThat(r.error).as("prefix %d", n).isNotNull();
            assertThat(r.error.category()).as("prefix %d: %s", n, r.error).isEqualTo(JSON_SYNTAX);
        }
    }

    // ------------------------------------------------------------------ policy and limits

    @Test
    void skipPolicyDropsOnlySchemaErrorsInsideElementsAndCountsThem() {
        String json = "[" + String.join(",",
                sample("a", "1", "1"),
                sample("b", "\"x\"", "2"),                                  // bad value
                sample("c", "3", "3", "job", "x").replace("}", ",\"job\":\"y\"}"), // duplicate label
                "{\"__name__\":\"d\",\"value\":\"4\"}",                        // missing timestamp
                sample("e", "5", "5").replace("}", ",\"o\":{\"n\":[1,{\"x\":null}]}}"), // nested label value
                sample("f", "6", "1.5"),                                    // fractional timestamp
                sample("g", "7", "7")) + "]";
        StageRun r = both(json, SKIP);
        assertThat(r.error).isNull();
        assertThat(r.samples).extracting(Sample::name).containsExactly("a", "g");
        assertThat(r.skipped).extracting(PromsnapException::sampleIndex).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(r.skipped).allSatisfy(e -> assertThat(e.category()).isEqualTo(SCHEMA));
        assertThat(r.returned).isEqualTo(2);
        // the same payload under FAIL stops at the first bad sample
        PromsnapException e = fails(json, SCHEMA);
        assertThat(e.sampleIndex()).isEqualTo(1);
        // a syntax error in a dropped sample still fails the payload under SKIP
        fails("[" + sample("b", "\"x\"", "2").replace("}", ",\"k\":\"v\" \"k2\":\"v\"}") + "]", SKIP, JSON_SYNTAX);
    }

    @Test
    void limits() {
        DecoderConfig twoLabels = FAIL.withLimits(DecodeLimits.builder().maxLabelsPerSample(2).build());
        assertThat(both("[" + sample("m", "1", "2", "a", "1", "b", "2") + "]", twoLabels).error).isNull();
        String three = "[" + sample("m", "1", "2", "a", "1", "b", "2", "c", "3") + "]";
        PromsnapException e = fails(three, twoLabels.withErrorPolicy(ErrorPolicy.SKIP), LIMIT);
        assertThat(e.offset()).isEqualTo(three.indexOf("\"c\""));

        DecoderConfig tenBytes = FAIL.withLimits(DecodeLimits.builder().maxStringBytes(10).build());
        assertThat(both("[" + sample("m", "1", "2", "k", "0123456789") + "]", tenBytes).error).isNull();
        assertThat(both("[" + sample("m", "1", "2", "k", "\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9") + "]", tenBytes).error)
                .isNull();
        String eleven = "[" + sample("m", "1", "2", "k", "é0123456789") + "]";
        e = fails(eleven, tenBytes, LIMIT);
        assertThat(e.offset()).isEqualTo(eleven.indexOf("\"é"));
        fails("[" + sample("m", "1", "2", "k", "\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9x") + "]", tenBytes, LIMIT);
        fails("[" + sample("m", "1", "2", "k0123456789", "v") + "]", tenBytes, LIMIT);
        fails("[" + sample("m", "1", "2", "k012345678\\u00e9", "v") + "]", tenBytes, LIMIT);
        fails("[" + sample("m01234567890", "1", "2") + "]", tenBytes, LIMIT);

        DecoderConfig twoSamples = SKIP.withLimits(DecodeLimits.builder().maxSamplesPerPayload(2).build());
        String s = sample("m", "1", "2");
        assertThat(both("[" + s + "," + s + "]", twoSamples).samples).hasSize(2);
        e = fails("[" + s + "," + s + "," + s + "]", twoSamples, LIMIT);
        assertThat(e.sampleIndex()).isEqualTo(2);
        assertThat(fails("[" + s + "," + s + ",5]", twoSamples, LIMIT).sampleIndex()).isEqualTo(2);
    }
}
