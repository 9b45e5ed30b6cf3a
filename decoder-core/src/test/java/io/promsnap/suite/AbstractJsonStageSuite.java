package io.promsnap.suite;

import io.promsnap.DecodeLimits;
import io.promsnap.DecoderConfig;
import io.promsnap.ErrorCategory;
import io.promsnap.ErrorPolicy;
import io.promsnap.PromsnapException;
import io.promsnap.Sample;
import io.promsnap.Selector;
import io.promsnap.spi.JsonStage;
import io.promsnap.testing.Stages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.promsnap.ErrorCategory.JSON_SYNTAX;
import static io.promsnap.ErrorCategory.LIMIT;
import static io.promsnap.ErrorCategory.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The one suite every JSON stage runs, on JSON bytes (no compression), as {@link AbstractDecoderSuite} is
 * over whole decoders. A stage gets it by registration ({@code RegisteredJsonStagesTest} runs it for every
 * JSON stage among the registry's staged decoders); a third party can also extend it for its own stage.
 *
 * <p>Each case asserts what docs/format.md requires, runs the stage fresh and again after another
 * payload (a reused stage must answer the same), checks that the stage did not touch its input nor read
 * outside {@code [off, off+len)} ({@link StageRun}), and compares the outcome with every {@link #peers()
 * peer} stage: they must agree on every sample byte, value bit, skip, error category, error offset (except
 * for JSON_SYNTAX, where each parser reports where it noticed the problem) and sample index.
 */
public abstract class AbstractJsonStageSuite {
    static final DecoderConfig FAIL = DecoderConfig.defaults();
    static final DecoderConfig SKIP = DecoderConfig.defaults().withErrorPolicy(ErrorPolicy.SKIP);

    /** The example from the vendor's page (prometheus-kafka-delivery.txt), as printed there. */
    static final String SEED = "[ { \"__name__\": \"apiserver_admission_controller_admission_duration_seconds_bucket\","
            + " \"instance\": \"*****\", \"pod\": \"*****\", \"namespace\": \"default\", \"service\": \"kubernetes\","
            + " \"job\": \"apiserver\", \"endpoint\": \"http-metrics\", \"operation\": \"UPDATE\", \"type\": \"validate\","
            + " \"rejected\": \"false\", \"name\": \"*****\", \"le\": \"2.5\", \"value\": \"675.0\","
            + " \"timestamp\": \"1698732988354\" } ]";

    /** A compact sample as the vendor's producer writes them. */
    static final String COMPACT = "[{\"__name__\":\"up\",\"job\":\"x\",\"value\":\"675.0\",\"timestamp\":\"1698732988354\"}]";

    /** A new stage of the kind under test, for this configuration. */
    protected abstract JsonStage stage(DecoderConfig config);

    /** The stages this one must agree with: by default every registered stage of another name. */
    protected Map<String, Function<DecoderConfig, JsonStage>> peers() {
        String self = stage(FAIL).name();
        Map<String, Function<DecoderConfig, JsonStage>> out = new LinkedHashMap<>(Stages.all());
        out.remove(self);
        return out;
    }

    /** This stage first, then its peers; built on first use (once per test). */
    private Map<String, Function<DecoderConfig, JsonStage>> stages;

    // ------------------------------------------------------------------ harness

    /** Runs the stage (fresh and reused), asserts every peer agrees, returns the result. */
    StageRun run(String json, DecoderConfig config) {
        return run(json.getBytes(StandardCharsets.UTF_8), config);
    }

    StageRun run(byte[] json, DecoderConfig config) {
        if (stages == null) {
            Map<String, Function<DecoderConfig, JsonStage>> all = new LinkedHashMap<>();
            all.put(stage(FAIL).name(), this::stage);
            all.putAll(peers());
            stages = all;
        }
        return StageRun.agree(stages, json, config, SEED, false);
    }

    StageRun ok(String json) {
        StageRun r = run(json, FAIL);
        assertThat(r.error).as("%s", r).isNull();
        return r;
    }

    /** One sample; an element ({@code {...}}) is wrapped in an array. */
    Sample one(String json) {
        StageRun r = ok(json.startsWith("{") ? "[" + json + "]" : json);
        assertThat(r.samples).hasSize(1);
        return r.samples.get(0);
    }

    PromsnapException fails(String json, ErrorCategory category) {
        return fails(json, FAIL, category);
    }

    PromsnapException fails(String json, DecoderConfig config, ErrorCategory category) {
        return fails(json.getBytes(StandardCharsets.UTF_8), config, category);
    }

    PromsnapException fails(byte[] json, DecoderConfig config, ErrorCategory category) {
        StageRun r = run(json, config);
        assertThat(r.error).as("expected %s on %s", category, StageRun.abbreviate(json)).isNotNull();
        assertThat(r.error.category()).as("%s", r.error).isEqualTo(category);
        assertThat(r.error.region()).isEqualTo(PromsnapException.Region.JSON);
        return r.error;
    }

    static String sample(String name, String value, String timestamp, String... labels) {
        StringBuilder sb = new StringBuilder("{\"__name__\":\"" + name + "\"");
        for (int i = 0; i < labels.length; i += 2) {
            sb.append(",\"").append(labels[i]).append("\":\"").append(labels[i + 1]).append('"');
        }
        return sb.append(",\"value\":").append(value).append(",\"timestamp\":").append(timestamp).append('}').toString();
    }

    /** One minimal sample with this label value (raw JSON text of the string content). */
    static String withLabel(String rawLabelValue) {
        return "[{\"__name__\":\"m\",\"l\":\"" + rawLabelValue + "\",\"value\":\"1\",\"timestamp\":\"2\"}]";
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ the stage itself

    @Test
    void nameIsStableAndFitsADecoderName() {
        String name = stage(FAIL).name();
        assertThat(name).isNotEmpty().doesNotContain("+");
        assertThat(stage(SKIP).name()).isEqualTo(name);
        assertThat(stage(FAIL.withLimits(DecodeLimits.builder().maxLabelsPerSample(1).build())).name()).isEqualTo(name);
        assertThat(stage(FAIL).description()).isNotBlank();
    }

    @Test
    void stageIsReusableAcrossPayloadsAndAfterErrors() {
        JsonStage stage = stage(SKIP);
        byte[] good = bytes(COMPACT);
        byte[] bad = bytes("[{\"__name__\":\"m\",\"value\":\"x\",\"timestamp\":1}, {\"a\":");
        for (int k = 0; k < 3; k++) {
            StageRun g = StageRun.run(stage, good);
            assertThat(g.samples).hasSize(1);
            assertThat(g.returned).isEqualTo(1);
            StageRun r = StageRun.run(stage, bad);
            assertThat(r.error).isNotNull();
            assertThat(r.error.category()).isEqualTo(JSON_SYNTAX);
        }
    }

    @Test
    void visitorExceptionsPropagateUnchanged() {
        IllegalStateException boom = new IllegalStateException("boom");
        byte[] json = bytes(COMPACT);
        Throwable t = catchThrowable(() -> stage(FAIL).parse(json, 0, json.length, v -> {
            throw boom;
        }));
        assertThat(t).isSameAs(boom);
    }

    @Test
    void errorsHaveTheJsonRegion() {
        PromsnapException e = fails("[x]", JSON_SYNTAX);
        assertThat(e.region()).isEqualTo(PromsnapException.Region.JSON);
        assertThat(e.offset()).isEqualTo(1);
        assertThat(e.sampleIndex()).isEqualTo(0);
    }

    // ------------------------------------------------------------------ same labels as the previous sample

    /** Name and labels of a delivered sample, in order, as the visitor saw them. */
    private static List<String> series(io.promsnap.SampleView s) {
        List<String> out = new ArrayList<>();
        out.add(s.name().toString());
        for (int i = 0; i < s.labelCount(); i++) {
            out.add(s.labelKey(i).toString());
            out.add(s.labelValue(i).toString());
        }
        return out;
    }

    /**
     * Elements for the sameLabelsAsPrevious cases: a few label sets (one of them spelled with escapes that
     * unescape to another's bytes), repeated, interleaved, in compact and spaced spellings, with values and
     * timestamps that change, and (when {@code bad}) elements that SKIP drops.
     */
    private static String sameLabelsPayload(long seed, int n, boolean bad) {
        return sameLabelsPayload(seed, n, bad, new ArrayList<>());
    }

    /** {@code sets}: per element, which label set it has (set 5 unescapes to set 0), or -1 for a bad one. */
    private static String sameLabelsPayload(long seed, int n, boolean bad, List<Integer> setOf) {
        java.util.Random rnd = new java.util.Random(seed);
        String[] sets = {
            "\"__name__\":\"http_requests_total\",\"job\":\"api\",\"code\":\"200\"",
            "\"__name__\":\"http_requests_total\",\"job\":\"api\",\"code\":\"500\"",
            "\"__name__\":\"http_requests_total\",\"job\":\"api\",\"code\":\"5000\"",
            "\"__name__\":\"http_requests_total\",\"code\":\"200\",\"job\":\"api\"",
            "\"__name__\":\"http_requests_totals\",\"job\":\"api\",\"code\":\"200\"",
            "\"__name__\":\"http_requests_total\",\"job\":\"a\\u0070i\",\"code\":\"2\\u00300\"",
            "\"__name__\":\"up\",\"job\":\"api\"",
            "\"__name__\":\"up\",\"job\":\"api\",\"x\":\"\"",
        };
        StringBuilder sb = new StringBuilder("[");
        int set = 0;
        for (int k = 0; k < n; k++) {
            if (k > 0) {
                sb.append(',');
            }
            if (bad && rnd.nextInt(8) == 0) {
                sb.append("{").append(sets[set]).append(",\"value\":\"oops\",\"timestamp\":\"1\"}");
                setOf.add(-1);
                continue;
            }
            if (rnd.nextInt(3) == 0) {
                set = rnd.nextInt(sets.length);
            }
            setOf.add(set == 5 ? 0 : set);
            String value = rnd.nextInt(3) == 0 ? "\"" + rnd.nextInt(100000) + ".5\"" : "\"1.0\"";
            String ts = "\"" + (1698732988354L + 15000L * rnd.nextInt(3)) + "\"";
            String body = sets[set] + ",\"value\":" + value + ",\"timestamp\":" + ts;
            sb.append('{').append(rnd.nextInt(6) == 0 ? body.replace(",", " , ").replace(":", ": ") : body).append('}');
        }
        return sb.append(']').toString();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void sameLabelsAsPreviousIsExactForAVisitorThatAsksEverySample(long seed) {
        for (DecoderConfig config : List.of(FAIL, SKIP)) {
            JsonStage stage = stage(config);
            boolean bad = config == SKIP;
            for (int payload = 0; payload < 3; payload++) {
                List<Integer> setOf = new ArrayList<>();
                byte[] json = bytes(sameLabelsPayload(seed * 10 + (payload % 2), 400, bad, setOf));
                List<Long> indexes = new ArrayList<>();
                List<List<String>> seen = new ArrayList<>();
                List<Boolean> answers = new ArrayList<>();
                stage.parse(json, 0, json.length, new io.promsnap.SampleVisitor() {
                    @Override
                    public void onSample(io.promsnap.SampleView s) {
                        answers.add(s.sameLabelsAsPrevious());
                        assertThat(s.sameLabelsAsPrevious()).as("asked twice").isEqualTo(answers.get(answers.size() - 1));
                        indexes.add(s.index());
                        seen.add(series(s));
                    }

                    @Override
                    public void onSkipped(PromsnapException reason) {
                    }
                });
                int same = 0;
                for (int k = 0; k < seen.size(); k++) {
                    boolean expected = k > 0 && indexes.get(k - 1) == indexes.get(k) - 1
                            && seen.get(k - 1).equals(seen.get(k));
                    assertThat(answers.get(k)).as("%s payload %d sample %d (index %d): %s after %s", stage.name(), payload,
                            k, indexes.get(k), seen.get(k), k > 0 ? seen.get(k - 1) : "nothing").isEqualTo(expected);
                    int i = indexes.get(k).intValue();
                    boolean fromModel = i > 0 && setOf.get(i - 1) >= 0 && setOf.get(i - 1).equals(setOf.get(i));
                    assertThat(answers.get(k)).as("%s payload %d index %d, from the payload's label sets", stage.name(),
                            payload, i).isEqualTo(fromModel);
                    same += expected ? 1 : 0;
                }
                assertThat(answers.get(0)).as("a payload's first sample").isFalse();
                assertThat(same).as("the payload has repeats and changes").isBetween(20, seen.size() - 20);
            }
        }
    }

    @Test
    void sameLabelsAsPreviousIsOnlyTrueForEqualLabelsWhenAskedNowAndThen() {
        JsonStage stage = stage(FAIL);
        byte[] json = bytes(sameLabelsPayload(7, 600, false));
        List<List<String>> seen = new ArrayList<>();
        int[] trues = new int[1];
        stage.parse(json, 0, json.length, s -> {
            seen.add(series(s));
            if (s.index() % 3 != 1 && s.sameLabelsAsPrevious()) {
                trues[0]++;
                assertThat(seen.get(seen.size() - 1)).as("sample %d", s.index()).isEqualTo(seen.get(seen.size() - 2));
            }
        });
        assertThat(trues[0]).isPositive();
    }

    @Test
    void sameLabelsAsPreviousIsFalseForAPayloadsFirstSample() {
        JsonStage stage = stage(FAIL);
        byte[] json = bytes("[" + COMPACT.substring(1, COMPACT.length() - 1) + "," + COMPACT.substring(1));
        for (int k = 0; k < 3; k++) {
            List<Boolean> answers = new ArrayList<>();
            stage.parse(json, 0, json.length, s -> answers.add(s.sameLabelsAsPrevious()));
            assertThat(answers).containsExactly(false, true);
        }
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
    void compactSeed() {
        assertThat(one(COMPACT)).isEqualTo(new Sample("up", Map.of("job", "x"), 675.0, 1698732988354L));
    }

    @Test
    void emptyArrays() {
        assertThat(ok("[]").samples).isEmpty();
        assertThat(ok(" \t\r\n[ \n\t ]\r\n ").samples).isEmpty();
        assertThat(ok(" \t\r\n[ \n ]\r\n ").samples).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"NaN,NaN", "nan,NaN", "NAN,NaN", "+NaN,NaN", "-NaN,NaN", "nAn,NaN",
        "+Inf,Infinity", "Inf,Infinity", "inf,Infinity", "INF,Infinity", "Infinity,Infinity", "+Infinity,Infinity",
        "infinity,Infinity", "+infinity,Infinity", "INFINITY,Infinity", "+iNfInItY,Infinity",
        "-Inf,-Infinity", "-inf,-Infinity", "-INF,-Infinity", "-Infinity,-Infinity", "-infinity,-Infinity",
        "-INFINITY,-Infinity", "-iNfInItY,-Infinity"})
    void specialValueSpellings(String text, String expected) {
        for (String ts : new String[] {"1", "\"1\""}) {
            assertThat(Double.valueOf(one(sample("m", "\"" + text + "\"", ts)).value())).as(text)
                    .isEqualTo(Double.valueOf(expected));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"675.0", "0", "-0", "0.0", "-0.0", "1", "-1", "+1", "+1.5", "1.5E9", "1.5e9", "1.5e+09",
        "1e+06", "1e-06", "1E-5", "1.0E-5", ".5", "-.5", "+.5e1", "5.", "1.", "-.5e-3", "0.1", "0.30000000000000004",
        "1.7976931348623157E308", "1.8e308", "1e309", "-1e309", "4.9E-324", "4.9e-324", "5e-324", "2e-324", "1e-400",
        "123456789012345678901234567890", "3.14159265358979323846264338327950288419716939937510",
        "3.141592653589793238462643383279", "0.000000000000000000000000000000000000000000001234567890123456789",
        "0.000000000000000000000000000001", "9007199254740993", "18446744073709551615", "12345678901234567",
        "1234567890123456.7", "1698732988354", "2.2250738585072011e-308", "2.2250738585072014E-308", "00012",
        "1e0", "1E+0", "1e0000000000000000000000001"})
    void quotedDecimalsEqualDoubleParseDoubleBitForBit(String v) {
        for (String ts : new String[] {"1", "\"1\""}) {
            double d = one(sample("m", "\"" + v + "\"", ts)).value();
            assertThat(Double.doubleToRawLongBits(d)).as(v).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(v)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"675", "675.0", "-0", "-0.0", "0", "1", "-1", "1.5", "1e5", "1E+5", "1.5E9", "1e+06", "1E-5",
        "-1.0e-5", "-1.5e-3", "0.1e1", "1.7976931348623157E308", "1.7976931348623157e308", "1e400", "-1e400", "4.9E-324",
        "123456789012345678901234567890", "3.14159265358979323846264338327950288419716939937510", "9007199254740993"})
    void numberTokenValuesEqualDoubleParseDoubleBitForBit(String v) {
        for (String ts : new String[] {"1", "\"1\""}) {
            double d = one(sample("m", v, ts)).value();
            assertThat(Double.doubleToRawLongBits(d)).as(v).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(v)));
        }
    }

    @Test
    void minusZeroIsNegativeZero() {
        assertThat(Double.doubleToRawLongBits(one(sample("m", "\"-0\"", "1")).value()))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(Double.doubleToRawLongBits(one(sample("m", "-0", "1")).value()))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\" 1\"", "\"1 \"", "\"0x1p3\"", "\"1.0d\"", "\"1.0f\"", "\"1f\"", "\"1_000\"",
        "\"--1\"", "\"+-1\"", "\"++1\"", "\"e5\"", "\"1e\"", "\"1e+\"", "\".\"", "\"-\"", "\"+\"", "\"Infinit\"",
        "\"Infinityy\"", "\"NaNa\"", "\"NaNN\"", "\"in\"", "\"1.2.3\"", "\"1,5\"", "\"١\"",
        "null", "true", "false", "{}", "[]", "[1]", "[1,2]", "{\"a\":1}", "{\"a\":\"b\"}"})
    void badValuesAreSchemaErrors(String v) {
        for (String ts : new String[] {"1", "\"1\""}) {
            String json = "[" + sample("m", v, ts) + "]";
            PromsnapException e = fails(json, SCHEMA);
            assertThat(e.sampleIndex()).isEqualTo(0);
            assertThat(e.offset()).isEqualTo(json.indexOf("\"value\":") + 8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"01", "-", "1.", "1.e5", ".5", "+1", "1e", "1e+", "-01", "-a", "NaN", "Infinity", "-Infinity",
        "0x10", "1.5.3", "1.5.5", "--1", "1ee5", "1e5e5", "tru", "nul", "fals", "truex", "nullnull", "True", "1x",
        "12\"", "1\""})
    void malformedTokensAreSyntaxErrors(String v) {
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
    @CsvSource({"123456789012345678,123456789012345678", "1234567890123456789,1234567890123456789",
        "999999999999999999,999999999999999999", "1,1", "1698732988354,1698732988354", "0,0", "-5,-5", "+7,7", "0001,1",
        "9223372036854775807,9223372036854775807", "-9223372036854775808,-9223372036854775808"})
    void timestampDigitRuns(String text, long expected) {
        // (the scanner reads up to 18 digits without overflow checks; longer runs take the checked path)
        assertThat(one("[{\"__name__\":\"m\",\"value\":1,\"timestamp\":\"" + text + "\"}]").timestampMillis())
                .isEqualTo(expected);
        if (!text.startsWith("+") && !text.startsWith("0") || text.equals("0")) {
            assertThat(one("[{\"__name__\":\"m\",\"value\":1,\"timestamp\":" + text + "}]").timestampMillis())
                    .isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "\"1.5\"", "1e3", "\"1e3\"", "1E3", "1.0", "\"\"", "\"+\"", "\"-\"", "\" 1\"", "\"1 \"",
        "\"12 \"", "\"12a\"", "9223372036854775808", "\"9223372036854775808\"", "-9223372036854775809",
        "\"-9223372036854775809\"", "99999999999999999999999", "\"99999999999999999999\"", "\"0x10\"", "null", "true",
        "false", "{}", "[]", "[1]", "{\"a\":1}", "\"2023-10-31T06:16:28Z\""})
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
    void whitespaceEverywhereBeforeACompactSample() {
        String ws = " \t\n\r ";
        String json = ws + "[" + ws + "{" + ws + "\"__name__\"" + ws + ":" + ws + "\"up\"" + ws + "," + ws + "\"job\""
                + ws + ":" + ws + "\"x\"" + ws + "," + ws + "\"value\"" + ws + ":" + ws + "1.5" + ws + "," + ws
                + "\"timestamp\"" + ws + ":" + ws + "12" + ws + "}" + ws + "," + ws
                + COMPACT.substring(1, COMPACT.length() - 1) + ws + "]" + ws;
        assertThat(ok(json).samples).containsExactly(new Sample("up", Map.of("job", "x"), 1.5, 12L),
                new Sample("up", Map.of("job", "x"), 675.0, 1698732988354L));
    }

    @Test
    void everyEscape() {
        Sample s = one("[{\"__name__\":\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\",\"k\":\"\\u0000\\u001f\\u0041\\u00e9\\u00E9"
                + "\\u20ac\\uFFFF\\uD83D\\uDE00\\ud83d\\ude00x\",\"value\":\"1\",\"timestamp\":\"2\"}]");
        assertThat(s.name()).isEqualTo("a\"b\\c/d\be\ff\ng\rh\ti");
        assertThat(s.labels().get("k")).isEqualTo("\u0000\u001fA\u00e9\u00e9\u20ac\uffff\ud83d\ude00\ud83d\ude00x");
        Sample t = one(withLabel("\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\\u20AC\\uD83D\\uDE00\\u0000\\ud834\\udd1e\\uFFFF"));
        assertThat(t.labels().get("l")).isEqualTo("\"\\/\b\f\n\r\tAé€\uD83D\uDE00\u0000\uD834\uDD1E\uFFFF");
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
        assertThat(one("[{\"\\u005f_name__\":\"m\",\"valu\\u0065\":\"2\",\"\\u0074imestamp\":\"3\",\"k\\\"\":\"v\"}]"))
                .isEqualTo(new Sample("m", Map.of("k\"", "v"), 2.0, 3L));
        // an escaped duplicate is a duplicate
        fails("[{\"__name__\":\"m\",\"job\":\"x\",\"j\\u006fb\":\"y\",\"value\":\"7\",\"timestamp\":\"9\"}]", SCHEMA);
    }

    @Test
    void rawMultiByteUtf8() {
        Sample s = one(sample("指标", "1", "2", "名前", "値😀", "é", "ü\u2028\u00a0"));
        assertThat(s.name()).isEqualTo("指标");
        assertThat(new ArrayList<>(s.labels().entrySet())).containsExactly(Map.entry("名前", "値😀"),
                Map.entry("é", "ü\u2028\u00a0"));
        String v = "日本語 ümlaut 😀 €";
        Sample t = one("[{\"__name__\":\"名前\",\"ключ\":\"" + v + "\",\"value\":\"1\",\"timestamp\":\"2\"}]");
        assertThat(t.name()).isEqualTo("名前");
        assertThat(t.labels()).containsExactly(Map.entry("ключ", v));
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
    void seventyLabelsWithLongValues() {
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
        List<Sample> s = ok("[" + doc.substring(1, doc.length() - 1) + "," + doc.substring(1)).samples;
        assertThat(s).hasSize(2);
        for (Sample x : s) {
            assertThat(x.name()).isEqualTo("mé");
            assertThat(x.labels()).containsExactlyEntriesOf(expected);
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
    @ValueSource(strings = {"1", "\"x\"", "true", "false", "null", "{}", "{\"__name__\":\"m\"}", "-1.5", "\"\""})
    void topLevelNotAnArraySaysSo(String json) {
        PromsnapException e = fails(" " + json + " ", SCHEMA);
        assertThat(e.reason()).isEqualTo("top level is not an array");
        assertThat(e.offset()).isEqualTo(1);
        assertThat(e.sampleIndex()).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", " \t\r\n", "\n\t\r ", "]", "}", ",", ":", "x", "tru", "truex", "true1", "nul", "'a'",
        "NaN", "-", "01", "1]", "1,", "1x", "[", "[ ", "[{", "/* c */ []", "# c\n[]"})
    void malformedTopLevelIsSyntax(String json) {
        for (DecoderConfig c : List.of(FAIL, SKIP)) {
            PromsnapException e = fails(json, c, JSON_SYNTAX);
            if (json.isBlank()) {
                assertThat(e.sampleIndex()).isEqualTo(-1);
            }
        }
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

    @ParameterizedTest
    @ValueSource(strings = {"1", "\"x\"", "true", "false", "null", "[]", "[{}]", "-1.5", "\"\""})
    void elementNotAnObjectFailsUnderBothPolicies(String element) {
        String json = "[" + COMPACT.substring(1, COMPACT.length() - 1) + ", " + element + "]";
        for (DecoderConfig c : List.of(FAIL, SKIP)) {
            PromsnapException e = fails(json, c, SCHEMA);
            assertThat(e.reason()).isEqualTo("element is not an object");
            assertThat(e.sampleIndex()).isEqualTo(1);
            assertThat(e.offset()).isEqualTo(COMPACT.length() - 2 + 3);
        }
    }

    @Test
    void hundredThousandNestedBracketsFailFastAtTheSecondBracket() {
        byte[] json = "[".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
        for (DecoderConfig c : List.of(FAIL, SKIP)) {
            StageRun r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> run(json, c));
            assertThat(r.error.category()).isEqualTo(SCHEMA);
            assertThat(r.error.offset()).isEqualTo(1);
            assertThat(r.error.sampleIndex()).isEqualTo(0);
        }
        byte[] closed = ("[" + "[".repeat(100_000) + "]".repeat(100_000) + "]").getBytes(StandardCharsets.US_ASCII);
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(10), () -> run(closed, FAIL)).error.category())
                .isEqualTo(SCHEMA);
    }

    @Test
    void deeplyNestedLabelValueIsSkippedIterativelyUnderSkip() {
        int depth = 100_000;
        String nested = "[".repeat(depth) + "{\"a\":[1,\"x\",{}]}" + "]".repeat(depth);
        String json = "[" + sample("bad", "1", "2").replace("}", ",\"lbl\":" + nested + "}") + "," + sample("good", "3", "4")
                + "]";
        StageRun r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run(json, SKIP));
        assertThat(r.error).isNull();
        assertThat(r.samples).extracting(Sample::name).containsExactly("good");
        assertThat(r.skipped).hasSize(1);
        assertThat(r.skipped.get(0).reason()).contains("label value is not a string");
        // nested object values too, and a syntax error deep inside the skipped value still fails
        String broken = "[" + sample("bad", "1", "2").replace("}", ",\"lbl\":" + "{\"a\":".repeat(50_000) + "1 2"
                + "}".repeat(50_000) + "}") + "]";
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run(broken, SKIP)).error.category())
                .isEqualTo(JSON_SYNTAX);
        // a deep value that the input ends inside is a syntax error, not a skipped sample
        String head = "[{\"__name__\":\"m\",\"a\":";
        byte[] deep = bytes(head + "[".repeat(100_000));
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run(deep, SKIP)).error.category())
                .isEqualTo(JSON_SYNTAX);
        // and a deep complete value before the special keys is skipped with its sample
        String deepValue = "[".repeat(50_000) + "{\"x\":[1,\"s\",{}]}" + "]".repeat(50_000);
        StageRun d = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run("[{\"__name__\":\"m\",\"a\":" + deepValue
                + ",\"value\":1,\"timestamp\":1}," + COMPACT.substring(1), SKIP));
        assertThat(d.samples).hasSize(1);
        assertThat(d.skipped).hasSize(1);
    }

    /** The deep inputs above on this stage alone (no peers, no harness): all of them, under both policies, within 5 s. */
    @Test
    void deepNestingIsFastOnThisStageAlone() {
        byte[][] inputs = {
            bytes("[".repeat(100_000)),
            bytes("[{\"__name__\":\"m\",\"a\":" + "[".repeat(100_000)),
            bytes("[{\"__name__\":\"m\",\"a\":" + "[".repeat(50_000) + "{\"x\":[1,\"s\",{}]}" + "]".repeat(50_000)
                    + ",\"value\":1,\"timestamp\":1}," + COMPACT.substring(1)),
        };
        long t0 = System.nanoTime();
        for (DecoderConfig c : List.of(FAIL, SKIP)) {
            for (byte[] json : inputs) {
                JsonStage stage = stage(c);
                catchThrowable(() -> stage.parse(json, 0, json.length, v -> { }, false));
            }
        }
        assertThat(System.nanoTime() - t0).isLessThan(5_000_000_000L);
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
    void schemaErrorsInTheSecondSample(String element, String reason) {
        PromsnapException e = fails("[" + COMPACT.substring(1, COMPACT.length() - 1) + "," + element + "]", SCHEMA);
        assertThat(e.reason()).startsWith(reason);
        assertThat(e.sampleIndex()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"a\":\"b\"}", "[]", "[\"a\"]", "null", "1", "-1.5e3", "-2.5", "true", "false"})
    void nonStringLabelValuesAndNames(String v) {
        String json = "[" + sample("m", "1", "2").replace("}", ",\"job\":" + v + "}") + "]";
        PromsnapException e = fails(json, SCHEMA);
        assertThat(e.reason()).isEqualTo("label value is not a string");
        assertThat(e.offset()).isEqualTo(json.lastIndexOf(v));
        String first = "[{\"__name__\":\"m\",\"job\":" + v + ",\"value\":1,\"timestamp\":1}]";
        e = fails(first, SCHEMA);
        assertThat(e.reason()).isEqualTo("label value is not a string");
        assertThat(e.offset()).isEqualTo(23);
        assertThat(e.sampleIndex()).isZero();
        String name = "[{\"__name__\":" + v + ",\"value\":\"1\",\"timestamp\":\"2\"}]";
        assertThat(fails(name, SCHEMA).reason()).isEqualTo("__name__ is not a string");
        fails("[{\"__name__\":" + v + ",\"value\":1,\"timestamp\":1}]", SCHEMA);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\q", "\\x41", "\\'", "\\U0041", "\\u12G4", "\\u12g4", "\\u004", "\\u", "\\ ", "\\0", "\\a",
        "\\v", "\\uD800", "\\uDC00", "\\uDBFF\\u0041", "\\uD800x", "\\uD800\\uD800\\uDC00", "\\uDC00\\uD800",
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
            for (DecoderConfig c : List.of(FAIL, SKIP)) {
                PromsnapException e = fails(json, c, JSON_SYNTAX);
                assertThat(e.sampleIndex()).isEqualTo(0);
                if (bad.startsWith("\\uD") && bad.length() != 10 || bad.equals("\\uDC00\\uD800")) {
                    assertThat(e.reason()).as(json).contains("surrogate");
                }
            }
        }
        // also inside a sample that is being dropped, and inside a skipped nested value
        fails("[" + sample("m", "null", "2", "job", bad) + "]", SKIP, JSON_SYNTAX);
        fails("[" + sample("m", "1", "2", "job", "x").replace("\"x\"", "[{\"k\":\"" + bad + "\"}]") + "]", SKIP,
                JSON_SYNTAX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[] |x", "[]|]", "[]|,", "[]|{}", "[] |{}", "[] |\"a\"", "[]|[]", "[] \n|1", "[]|1", "[]|\u00a0",
        "[]|\u2028", "[] |tru", "[{\"__name__\":\"m\",\"value\":\"1\",\"timestamp\":\"2\"}] |x"})
    void trailingDataIsSyntax(String marked) {
        String json = marked.replace("|", "");
        for (DecoderConfig c : List.of(FAIL, SKIP)) {
            PromsnapException e = fails(json, c, JSON_SYNTAX);
            assertThat(e.sampleIndex()).isEqualTo(-1);
            assertThat(e.reason()).contains("trailing data");
            assertThat(e.offset()).isEqualTo(marked.getBytes(StandardCharsets.UTF_8).length
                    - marked.substring(marked.indexOf('|')).getBytes(StandardCharsets.UTF_8).length);
        }
    }

    /** Under skip, so that a schema error read first (e.g. the empty sample of {@code [{},]}) is not what fails. */
    @ParameterizedTest
    @ValueSource(strings = {"[\u000b]", "[\u000c]", "[\u00a0]", "[\u2028]", "[\u3000]", "[\u1680]", "[\u2003{}]",
        "[{\"a\"\u3000:\"b\"}]", "[{},]", "[{}{}]", "[{},,{}]", "[,{}]", "[{\"a\":\"b\",}]", "[{\"a\":\"b\" \"c\":\"d\"}]",
        "[{\"a\" \"b\"}]", "[{\"a\"}]", "[{a:\"b\"}]", "[{'a':\"b\"}]", "[{\"a\":'b'}]", "[{\"a\":\"b\"]", "[{]",
        "[{\"a\":\"b\"}}", "[{\"a\":}]", "[{\"a\":,}]", "[{\"a\":[1,]}]", "[{\"a\":{\"b\"}}]", "[{\"a\":[}]}]"})
    void structuralSyntaxErrors(String json) {
        fails(json, SKIP, JSON_SYNTAX);
    }

    /** Broken before any schema error, so a syntax error under both policies. */
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
    void syntaxErrorsBeforeAnySchemaError(String json) {
        fails(json, FAIL, JSON_SYNTAX);
        fails(json, SKIP, JSON_SYNTAX);
    }

    @Test
    void syntaxErrorsAreNotSkipped() {
        fails("[{\"__name__\":\"m\",\"a\":1,\"b\":\"\\x\",\"value\":1,\"timestamp\":1}]", SKIP, JSON_SYNTAX);
        fails("[{\"__name__\":\"m\",\"a\":{\"x\":[1,2}},\"value\":1,\"timestamp\":1}]", SKIP, JSON_SYNTAX);
        fails("[{\"__name__\":\"m\",\"value\":\"bad\",\"x\":tru}]", SKIP, JSON_SYNTAX);
        // and the same payload reports the schema error first under fail: it comes first in reading order
        fails("[{\"__name__\":\"m\",\"value\":\"bad\",\"x\":tru}]", FAIL, SCHEMA);
    }

    @Test
    void truncatedJsonAtEveryLengthIsSyntax() {
        String full = "[" + sample("m", "\"1.5\"", "-12", "job", "a\\u00e9\\\"b", "x", "名") + ", "
                + sample("n", "-0.5e-3", "\"7\"") + "]";
        byte[] b = full.getBytes(StandardCharsets.UTF_8);
        for (int n = 1; n < b.length; n++) {
            byte[] prefix = Arrays.copyOf(b, n);
            StageRun r = run(prefix, SKIP);
            assertThat(r.error).as("prefix %d", n).isNotNull();
            assertThat(r.error.category()).as("prefix %d: %s", n, r.error).isEqualTo(JSON_SYNTAX);
        }
    }

    /** Called directly, without the UTF-8 pass: a cut inside a multi-byte character is still a syntax error. */
    @Test
    void truncationAtEveryByteIsASyntaxErrorEvenWithoutTheUtf8Pass() {
        String doc = "[{\"__name__\":\"up\",\"jo\\u00e9b\":\"x\\uD83D\\uDE00\\\"\",\"value\":\"675.0\",\"timestamp\":\"1698732988354\"},\n"
                + " {\"__name__\" : \"ü😀\", \"value\" : -1.5e3 , \"timestamp\":-12, \"n\":\"null\"} ]";
        byte[] full = bytes(doc);
        assertThat(ok(doc).samples).hasSize(2);
        for (DecoderConfig c : List.of(FAIL, SKIP)) {
            for (int n = 0; n < full.length - 1; n++) {
                byte[] cut = Arrays.copyOf(full, n);
                JsonStage stage = stage(c);
                PromsnapException e = catchThrowableOfType(PromsnapException.class,
                        () -> stage.parse(cut, 0, cut.length, v -> { }));
                assertThat(e).as("cut at %d", n).isNotNull();
                assertThat(e.category()).as("cut at %d: %s", n, e.getMessage()).isEqualTo(JSON_SYNTAX);
            }
        }
    }

    // ------------------------------------------------------------------ selection

    /** Samples of two families, some labels absent, value and timestamp spelled both ways, keys in several orders. */
    static final String FAMILIES = "[" + String.join(",",
            sample("node_cpu_seconds_total", "\"1.5\"", "\"1\"", "job", "node", "mode", "idle"),
            sample("node_cpu_seconds_total", "\"2.5\"", "2", "job", "node", "mode", "user"),
            sample("http_requests_total", "3", "\"3\"", "job", "api", "code", "200"),
            "{\"value\":\"4\",\"job\":\"api\",\"timestamp\":\"4\",\"__name__\":\"http_requests_total\",\"code\":\"500\"}",
            sample("up", "\"1\"", "\"5\""),
            sample("node_load1", "\"-Inf\"", "6", "job", "node", "le", ""),
            sample("node_cpu_seconds_total", "\"1E400\"", "\"7\"", "job", "node", "mode", "idle")) + "]";

    /**
     * Families that alternate, in the compact spelling a stage may parse from a remembered layout (the scanner's
     * templates): whether a sample is selected is decided by its own name, never by the sample before it.
     */
    @Test
    void selectionDecidesEverySampleByItsOwnName() {
        StringBuilder json = new StringBuilder("[");
        String[] names = {"node_load1", "up", "node_load1", "node_load1", "up", "up", "node_load1", "up", "node_load1"};
        for (int k = 0; k < names.length; k++) {
            json.append(k == 0 ? "" : ",").append(sample(names[k], "\"" + k + "\"", "\"" + (1000 + k) + "\"",
                    "job", "node", "instance", "h" + (k % 2)));
        }
        String payload = json.append(']').toString();
        StageRun all = ok(payload);
        for (String text : List.of("node_load1", "up", "{instance=\"h1\"}", "{__name__=\"up\",instance=\"h0\"}")) {
            Selector sel = Selector.parse(text);
            StageRun r = run(payload, FAIL.withSelector(sel));
            List<Sample> expected = all.samples.stream().filter(sel::matches).toList();
            assertThat(expected).isNotEmpty();
            assertThat(r.samples).as(text).isEqualTo(expected);
        }
    }

    /**
     * A sample the selector rejects has its value and timestamp checked, not parsed; nothing learnt from it may
     * reach a selected sample. 600 rejected names, then 600 selected ones of the same layout and value text:
     * in a stage that keeps per-name templates in a table (the scanner: 512 slots), many selected names share a
     * slot with a rejected one, whose template once carried the unparsed value 0.0 to them.
     */
    @Test
    void aRejectedSampleLeavesNothingBehindForASelectedOne() {
        StringBuilder json = new StringBuilder("[");
        for (String prefix : List.of("rejected_", "selected_")) {
            for (int k = 0; k < 600; k++) {
                json.append(json.length() == 1 ? "" : ",")
                        .append(sample(prefix + k + "_total", "\"5\"", "\"1700000000000\"", "job", "node", "instance", "h"));
            }
        }
        String payload = json.append(']').toString();
        Selector sel = Selector.parse("{__name__=~\"selected_.*\"}");
        StageRun all = ok(payload);
        StageRun r = run(payload, FAIL.withSelector(sel));
        assertThat(r.error).as("%s", r).isNull();
        List<Sample> expected = all.samples.stream().filter(sel::matches).toList();
        assertThat(expected).hasSize(600).allSatisfy(x -> assertThat(x.value()).isEqualTo(5.0));
        assertThat(r.samples).isEqualTo(expected);
    }

    /**
     * With a selector a stage delivers exactly the samples the selector matches, in order, equal byte for byte
     * to an unselected decode's, and returns their number; every stage agrees ({@link StageRun#agree}).
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "node_cpu_seconds_total",
        "{__name__=~\"node_.*\",mode!=\"idle\"}",
        "{job=\"api\"}",
        "{code=~\"5..\"}",
        "{code=\"\"}",           // absent label = empty: every sample without 'code'
        "{code!=\"\"}",          // present
        "{le=\"\",__name__!~\"node_cpu.*\"}",
        "{__name__=~\"node_cpu_seconds_total|up\",job!~\"n.*\"}",
        "{__name__=~\"node\"}",  // anchored: no name is just 'node'
        "{__name__=~\".*\"}",
    })
    void selectionDeliversExactlyTheMatchingSamples(String text) {
        Selector sel = Selector.parse(text);
        StageRun all = ok(FAMILIES);
        for (DecoderConfig base : List.of(FAIL, SKIP)) {
            StageRun r = run(FAMILIES, base.withSelector(sel));
            assertThat(r.error).as("%s", r).isNull();
            List<Sample> expected = all.samples.stream().filter(sel::matches).toList();
            assertThat(r.samples).as(text).isEqualTo(expected);
            assertThat(r.returned).isEqualTo(expected.size());
            assertThat(r.skipped).isEmpty();
        }
    }

    /**
     * A sample the selector rejects is still validated: every payload fails (or skips) with the same category,
     * offset, sample index and message as without a selector, whichever samples the selector keeps.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"__name__\":\"other\",\"value\":\"oops\",\"timestamp\":\"1\"}",                 // bad value
        "{\"__name__\":\"other\",\"value\":\"1.5e\",\"timestamp\":\"1\"}",                 // bad value, long path
        "{\"__name__\":\"other\",\"value\":\"12345678901234567890\",\"timestamp\":\"1\"}", // fine, but not on the fast check
        "{\"__name__\":\"other\",\"value\":\"1\",\"timestamp\":\"1.5\"}",                  // bad timestamp
        "{\"__name__\":\"other\",\"j\":\"1\",\"j\":\"2\",\"value\":\"1\",\"timestamp\":\"1\"}", // duplicate label
        "{\"__name__\":\"other\",\"value\":\"1\",\"value\":\"1\",\"timestamp\":\"1\"}",    // duplicate value
        "{\"__name__\":\"other\",\"value\":\"1\"}",                                        // missing timestamp
        "{\"__name__\":\"other\",\"l\":5,\"value\":\"1\",\"timestamp\":\"1\"}",            // label not a string
        "{\"__name__\":\"other\",\"l\":\"a\\qb\",\"value\":\"1\",\"timestamp\":\"1\"}",    // bad escape
        "{\"__name__\":\"other\",\"l\":\"x\" \"value\":\"1\",\"timestamp\":\"1\"}",        // missing comma
        "{\"__name__\":\"other\",\"value\":01,\"timestamp\":\"1\"}",                       // bad number token
        "{\"__name__\":\"other\",\"value\":\"1\",\"timestamp\":\"1\"",                     // truncated
        "{\"value\":\"oops\",\"__name__\":\"other\",\"timestamp\":\"1\"}",                 // bad value before the name
    })
    void selectionKeepsEveryErrorIdentical(String bad) {
        String good = COMPACT.substring(1, COMPACT.length() - 1);
        String json = "[" + good + "," + bad + (bad.endsWith("\"1\"") ? "" : "," + good + "]");
        for (String text : List.of("up", "other", "{job=\"x\"}", "{job!=\"x\"}", "{__name__=~\"o.*\",l=\"\"}")) {
            Selector sel = Selector.parse(text);
            for (DecoderConfig base : List.of(FAIL, SKIP)) {
                StageRun plain = run(json, base);
                StageRun selected = run(json, base.withSelector(sel));
                assertThat(describe(selected.error)).as("%s with %s", text, base.errorPolicy()).isEqualTo(describe(plain.error));
                assertThat(selected.skipped.stream().map(AbstractJsonStageSuite::describe).toList())
                        .isEqualTo(plain.skipped.stream().map(AbstractJsonStageSuite::describe).toList());
                assertThat(selected.samples).isEqualTo(plain.samples.stream().filter(sel::matches).toList());
            }
        }
    }

    /** Everything of an error a user sees: category, region, offset, sample index, message. */
    static String describe(PromsnapException e) {
        return e == null ? "none" : e.category() + " " + e.region() + "@" + e.offset() + "#" + e.sampleIndex() + " "
                + e.getMessage();
    }

    /** The selector sees names and values with escapes resolved, and compares bytes: non-ASCII and escapes. */
    @Test
    void selectionComparesUnescapedUtf8() {
        String json = "[" + String.join(",",
                sample("m\\u00e9tric", "1", "1", "city", "Z\\u00fcrich"),
                sample("métric", "2", "2", "city", "Zürich"),
                sample("metric", "3", "3", "city", "Zurich")) + "]";
        StageRun r = run(json, FAIL.withSelector(Selector.parse("{__name__=\"métric\",city=~\"Z.rich\"}")));
        assertThat(r.samples).extracting(Sample::value).containsExactly(1.0, 2.0);
        StageRun eq = run(json, FAIL.withSelector(Selector.parse("{city=\"Zürich\"}")));
        assertThat(eq.samples).extracting(Sample::value).containsExactly(1.0, 2.0);
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
        StageRun r = run(json, SKIP);
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
    void skipPolicyDropsOnlyTheBadSampleBetweenGoodOnes() {
        String good = COMPACT.substring(1, COMPACT.length() - 1);
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
        StageRun r = run(sb.toString(), SKIP);
        Sample expected = one(COMPACT);
        assertThat(r.samples).hasSize(bad.length + 1).allMatch(s -> s.equals(expected));
        assertThat(r.skipped).hasSize(bad.length).allMatch(e -> e.category() == SCHEMA);
        for (int k = 0; k < bad.length; k++) {
            assertThat(r.skipped.get(k).sampleIndex()).isEqualTo(2L * k + 1);
        }
        // under fail, the first one is thrown
        assertThat(fails(sb.toString(), SCHEMA).sampleIndex()).isEqualTo(1);
    }

    @Test
    void limits() {
        DecoderConfig twoLabels = FAIL.withLimits(DecodeLimits.builder().maxLabelsPerSample(2).build());
        assertThat(run("[" + sample("m", "1", "2", "a", "1", "b", "2") + "]", twoLabels).error).isNull();
        String three = "[" + sample("m", "1", "2", "a", "1", "b", "2", "c", "3") + "]";
        PromsnapException e = fails(three, twoLabels.withErrorPolicy(ErrorPolicy.SKIP), LIMIT);
        assertThat(e.offset()).isEqualTo(three.indexOf("\"c\""));

        DecoderConfig tenBytes = FAIL.withLimits(DecodeLimits.builder().maxStringBytes(10).build());
        assertThat(run("[" + sample("m", "1", "2", "k", "0123456789") + "]", tenBytes).error).isNull();
        assertThat(run("[" + sample("m", "1", "2", "k", "\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9") + "]", tenBytes).error)
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
        assertThat(run("[" + s + "," + s + "]", twoSamples).samples).hasSize(2);
        e = fails("[" + s + "," + s + "," + s + "]", twoSamples, LIMIT);
        assertThat(e.sampleIndex()).isEqualTo(2);
        assertThat(fails("[" + s + "," + s + ",5]", twoSamples, LIMIT).sampleIndex()).isEqualTo(2);
    }

    @Test
    void limitsOnCompactAndQuotedSpellings() {
        // keys count too, so the smallest useful string limit is 9 ("timestamp")
        DecodeLimits l = DecodeLimits.builder().maxLabelsPerSample(2).maxStringBytes(9).maxSamplesPerPayload(2).build();
        DecoderConfig c = FAIL.withLimits(l);
        String s = "{\"__name__\":\"m\",\"a\":\"123456789\",\"b\":\"x\",\"value\":1,\"timestamp\":1}";
        assertThat(run("[" + s + "," + s + "]", c).samples).hasSize(2);
        assertLimit("[" + s + "," + s + "," + s + "]", c, 2);
        assertLimit("[{\"__name__\":\"m\",\"a\":\"1\",\"b\":\"2\",\"c\":\"3\",\"value\":1,\"timestamp\":1}]", c, 0);
        assertLimit("[{\"__name__\":\"m\",\"a\":\"1234567890\",\"value\":1,\"timestamp\":1}]", c, 0);
        assertLimit("[{\"__name__\":\"m\",\"abcdefghij\":\"1\",\"value\":1,\"timestamp\":1}]", c, 0);
        assertLimit("[{\"__name__\":\"mmmmmmmmmm\",\"value\":1,\"timestamp\":1}]", c, 0);
        assertLimit("[{\"__name__\":\"m\",\"value\":\"1.00000000\",\"timestamp\":1}]", c, 0);
        // the limit applies to the unescaped length: 9 bytes from escapes pass, 10 fail
        assertThat(run("[{\"__name__\":\"\\u0041\\u0041\\u0041\\u0041\\u0041\\u00e9\\u00e9\",\"value\":1,"
                + "\"timestamp\":1}]", c).samples.get(0).name()).isEqualTo("AAAAAéé");
        assertLimit("[{\"__name__\":\"\\u0041\\u0041\\u0041\\u00e9\\u00e9\\u00e9\\u0041\",\"value\":1,\"timestamp\":1}]", c, 0);
        // quoted (compact) spellings are held to the same limits
        assertLimit("[{\"__name__\":\"m\",\"value\":\"1\",\"timestamp\":\"1698732988\"}]", c, 0);
        assertThat(run("[{\"__name__\":\"m\",\"value\":\"1\",\"timestamp\":\"169873298\"}]", c)
                .samples.get(0).timestampMillis()).isEqualTo(169873298L);
        assertLimit("[{\"__name__\":\"m\",\"a\":\"1\",\"b\":\"2\",\"c\":\"3\",\"value\":\"1\",\"timestamp\":\"1\"}]", c, 0);
        // limits are never skipped
        fails("[{\"__name__\":\"m\",\"a\":\"1\",\"b\":\"2\",\"c\":\"3\",\"value\":1,\"timestamp\":1}]",
                c.withErrorPolicy(ErrorPolicy.SKIP), LIMIT);
    }

    private void assertLimit(String json, DecoderConfig c, long index) {
        PromsnapException e = fails(json, c, LIMIT);
        assertThat(e.sampleIndex()).isEqualTo(index);
    }
}
