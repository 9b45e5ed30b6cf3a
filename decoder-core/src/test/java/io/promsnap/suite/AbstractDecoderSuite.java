package io.promsnap.suite;

import io.promsnap.ContainerFormat;
import io.promsnap.DecodeLimits;
import io.promsnap.DecodedBatch;
import io.promsnap.DecoderConfig;
import io.promsnap.DecoderFactory;
import io.promsnap.ErrorCategory;
import io.promsnap.ErrorPolicy;
import io.promsnap.PayloadDecoder;
import io.promsnap.PromsnapException;
import io.promsnap.Sample;
import io.promsnap.SampleView;
import io.promsnap.SampleVisitor;
import io.promsnap.testing.Payloads;
import io.promsnap.testing.Payloads.Style;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The one suite every decoder runs. A decoder gets it by registration ({@code RegisteredDecodersTest}
 * runs it for every factory the registry finds); a third party can also extend it for its own factory.
 * Expected results come from {@link Payloads}' model, never from another decoder.
 */
public abstract class AbstractDecoderSuite {
    protected abstract DecoderFactory factory();

    protected PayloadDecoder decoder;

    @BeforeEach
    void createDecoder() {
        decoder = factory().create(DecoderConfig.defaults());
    }

    protected PayloadDecoder decoder(DecoderConfig config) {
        return factory().create(config);
    }

    public static final String SEED_JSON = "[ { \"__name__\": \"apiserver_admission_controller_admission_duration_seconds_bucket\","
            + " \"instance\": \"*****\", \"pod\": \"*****\", \"namespace\": \"default\", \"service\": \"kubernetes\","
            + " \"job\": \"apiserver\", \"endpoint\": \"http-metrics\", \"operation\": \"UPDATE\", \"type\": \"validate\","
            + " \"rejected\": \"false\", \"name\": \"*****\", \"le\": \"2.5\", \"value\": \"675.0\","
            + " \"timestamp\": \"1698732988354\" } ]";

    static byte[] raw(String json) {
        return Payloads.raw(json);
    }

    List<Sample> decode(String json) {
        return decoder.decodeBatch(raw(json)).samples();
    }

    Sample single(String json) {
        List<Sample> s = decode(json);
        assertThat(s).hasSize(1);
        return s.get(0);
    }

    PromsnapException error(byte[] payload) {
        return error(decoder, payload);
    }

    static PromsnapException error(PayloadDecoder d, byte[] payload) {
        try {
            DecodedBatch b = d.decodeBatch(payload);
            throw new AssertionError(d.name() + " accepted a bad payload and returned " + b.samples());
        } catch (PromsnapException e) {
            assertThat(e.getMessage()).isNotBlank();
            return e;
        }
    }

    PromsnapException jsonError(String json) {
        return error(raw(json));
    }

    static String sample(String fields) {
        return "[{" + fields + "}]";
    }

    static String ok(String extra) {
        return "\"__name__\":\"m\",\"value\":\"1\",\"timestamp\":\"2\"" + extra;
    }

    // ------------------------------------------------------------------ accepted input

    @Test
    void seedExample() {
        Sample s = single(SEED_JSON);
        assertThat(s.name()).isEqualTo("apiserver_admission_controller_admission_duration_seconds_bucket");
        assertThat(s.value()).isEqualTo(675.0);
        assertThat(s.timestampMillis()).isEqualTo(1698732988354L);
        assertThat(s.labels()).containsExactly(
                Map.entry("instance", "*****"), Map.entry("pod", "*****"), Map.entry("namespace", "default"),
                Map.entry("service", "kubernetes"), Map.entry("job", "apiserver"), Map.entry("endpoint", "http-metrics"),
                Map.entry("operation", "UPDATE"), Map.entry("type", "validate"), Map.entry("rejected", "false"),
                Map.entry("name", "*****"), Map.entry("le", "2.5"));
        assertThat(decoder.lastReport().samples()).isEqualTo(1);
        assertThat(decoder.lastReport().jsonBytes()).isEqualTo(SEED_JSON.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void emptyArray() {
        assertThat(decode("[]")).isEmpty();
        assertThat(decode(" \n[ \t]\r\n ")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "675.0|675.0", "NaN|NaN", "nan|NaN", "-NaN|NaN", "+Inf|Infinity", "-Inf|-Infinity", "Inf|Infinity",
        "inf|Infinity", "INF|Infinity", "Infinity|Infinity", "-Infinity|-Infinity", "+infinity|Infinity",
        "iNfInItY|Infinity", "1.5E9|1.5E9", "1e+06|1000000.0", "1e-05|1.0E-5", "-0|-0.0", "-0.0|-0.0", "0|0.0",
        "+1.5|1.5", ".5|0.5", "5.|5.0", "1.7976931348623157E308|1.7976931348623157E308", "4.9E-324|4.9E-324",
        "1e400|Infinity", "1e-400|0.0", "123456789012345678901234567890|1.2345678901234568E29",
        "0.1000000000000000055511151231257827021181583404541015625|0.1",
        "2.2250738585072011e-308|2.225073858507201E-308",
    })
    void valueSpellingsAsStrings(String spelling, String expected) {
        Sample s = single(sample("\"__name__\":\"m\",\"value\":\"" + spelling + "\",\"timestamp\":\"1\""));
        assertThat(Double.doubleToLongBits(s.value())).as(spelling)
                .isEqualTo(Double.doubleToLongBits(Double.parseDouble(expected)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"675.0", "0", "-0", "1e+06", "1.5E9", "-2.5e-3", "123456789012345678901234567890",
        "1E400", "0.30000000000000004"})
    void valueNumbersMatchDoubleParseDouble(String token) {
        Sample s = single(sample("\"__name__\":\"m\",\"value\":" + token + ",\"timestamp\":1"));
        assertThat(Double.doubleToLongBits(s.value())).isEqualTo(Double.doubleToLongBits(Double.parseDouble(token)));
    }

    @Test
    void randomDoublesRoundTripBitForBit() {
        SplittableRandom r = new SplittableRandom(42);
        StringBuilder sb = new StringBuilder("[");
        List<Double> expected = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            double v = Double.longBitsToDouble(r.nextLong());
            if (Double.isNaN(v)) {
                continue;
            }
            String text = switch (i % 3) {
                case 0 -> Double.toString(v);
                case 1 -> Payloads.spell(v, true);
                default -> new java.math.BigDecimal(v).toString(); // exact, long digit strings
            };
            expected.add(Double.parseDouble(text));
            sb.append(expected.size() > 1 ? "," : "").append("{\"__name__\":\"m\",\"value\":\"").append(text)
                    .append("\",\"timestamp\":\"0\"}");
        }
        List<Sample> got = decode(sb.append(']').toString());
        assertThat(got).hasSize(expected.size());
        for (int i = 0; i < got.size(); i++) {
            assertThat(Double.doubleToLongBits(got.get(i).value())).as("sample %d", i)
                    .isEqualTo(Double.doubleToLongBits(expected.get(i)));
        }
    }

    @ParameterizedTest
    @CsvSource({"\"1698732988354\",1698732988354", "1698732988354,1698732988354", "\"-5\",-5", "-5,-5", "0,0",
        "\"+7\",7", "\"9223372036854775807\",9223372036854775807", "-9223372036854775808,-9223372036854775808"})
    void timestamps(String token, long expected) {
        Sample s = single(sample("\"__name__\":\"m\",\"value\":\"1\",\"timestamp\":" + token));
        assertThat(s.timestampMillis()).isEqualTo(expected);
    }

    @Test
    void anyKeyOrderAndWhitespace() {
        String json = "\r\n[\t{ \"value\" :\t1.5 ,\n\"a\":\"x\",  \"timestamp\" : \"7\" , \"__name__\" :\"m\" ,\"b\" : \"y\" }\n,"
                + "{\"timestamp\":8,\"b\":\"2\",\"__name__\":\"n\",\"a\":\"1\",\"value\":\"2\"} ] \n\t ";
        List<Sample> s = decode(json);
        assertThat(s).containsExactly(
                new Sample("m", labels("a", "x", "b", "y"), 1.5, 7),
                new Sample("n", labels("b", "2", "a", "1"), 2, 8));
        assertThat(s.get(1).labels().keySet()).containsExactly("b", "a");
    }

    @Test
    void escapesAndUnicode() {
        String json = sample("\"__name__\":\"m\\u00e9tric\",\"quote\":\"a\\\"b\\\\c\\/d\",\"ctl\":\"\\b\\f\\n\\r\\t\\u0000\\u001F\","
                + "\"astral\":\"\\uD83D\\ude00 😀\",\"raw\":\"节点 ü ∑ \uD83D\uDE00\",\"k\\u0065y\":\"v\","
                + "\"value\":\"\\u0031.5\",\"timestamp\":\"1\\u0032\"");
        Sample s = single(json);
        assertThat(s.name()).isEqualTo("métric");
        assertThat(s.labels()).containsExactly(Map.entry("quote", "a\"b\\c/d"),
                Map.entry("ctl", "\b\f\n\r\t\u0000\u001f"), Map.entry("astral", "😀 😀"),
                Map.entry("raw", "节点 ü ∑ 😀"), Map.entry("key", "v"));
        assertThat(s.value()).isEqualTo(1.5);
        assertThat(s.timestampMillis()).isEqualTo(12);
    }

    @Test
    void wideAndLongLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < 70; i++) {
            labels.put("label_" + i, "v".repeat(i));
        }
        labels.put("long", "x".repeat(20_000) + "é");
        Sample expected = new Sample("wide", labels, 3, 4);
        byte[] payload = Payloads.raw(Payloads.json(List.of(expected), Style.SEED));
        assertThat(decoder.decodeBatch(payload).samples()).containsExactly(expected);
    }

    @ParameterizedTest
    @EnumSource(ContainerFormat.class)
    void containerFormats(ContainerFormat configured) {
        List<Sample> model = Payloads.realistic(7, 300);
        byte[] json = Payloads.json(model, Style.SEED);
        PayloadDecoder d = decoder(DecoderConfig.defaults().withContainerFormat(configured));
        Map<ContainerFormat, byte[]> payloads = Map.of(ContainerFormat.RAW, Payloads.raw(json),
                ContainerFormat.FRAMED, Payloads.framed(json), ContainerFormat.XERIAL, Payloads.xerial(json));
        for (Map.Entry<ContainerFormat, byte[]> e : payloads.entrySet()) {
            boolean accepted = configured == ContainerFormat.AUTO || configured == e.getKey();
            if (accepted) {
                assertThat(d.decodeBatch(e.getValue()).samples()).as("%s as %s", e.getKey(), configured).isEqualTo(model);
            } else {
                assertThat(error(d, e.getValue()).category()).as("%s as %s", e.getKey(), configured)
                        .isIn(ErrorCategory.COMPRESSION, ErrorCategory.JSON_SYNTAX, ErrorCategory.SCHEMA, ErrorCategory.LIMIT);
            }
        }
    }

    @Test
    void uncompressedJsonIsNeverGuessed() {
        PayloadDecoder d = decoder(DecoderConfig.defaults().withContainerFormat(ContainerFormat.AUTO));
        byte[] plain = SEED_JSON.getBytes(StandardCharsets.UTF_8);
        assertThat(error(d, plain).category()).isEqualTo(ErrorCategory.COMPRESSION);
    }

    @Test
    void inputShapes() {
        List<Sample> model = Payloads.realistic(11, 200);
        byte[] payload = Payloads.raw(Payloads.json(model, Style.SEED));
        byte[] padded = new byte[payload.length + 17];
        java.util.Arrays.fill(padded, (byte) 0x5a);
        System.arraycopy(payload, 0, padded, 9, payload.length);

        assertThat(decoder.decodeBatch(padded, 9, payload.length).samples()).as("offset slice").isEqualTo(model);

        ByteBuffer heap = ByteBuffer.wrap(padded, 9, payload.length);
        assertThat(decoder.decodeBatch(heap).samples()).as("heap buffer with position").isEqualTo(model);
        assertThat(heap.position()).isEqualTo(9);

        ByteBuffer sliced = ByteBuffer.wrap(padded).position(9).slice().limit(payload.length);
        assertThat(decoder.decodeBatch(sliced).samples()).as("sliced heap buffer").isEqualTo(model);

        ByteBuffer direct = ByteBuffer.allocateDirect(payload.length + 5);
        direct.position(5);
        direct.put(payload);
        direct.position(5);
        assertThat(decoder.decodeBatch(direct).samples()).as("direct buffer").isEqualTo(model);
        assertThat(direct.position()).isEqualTo(5);

        ByteBuffer readOnly = ByteBuffer.wrap(padded, 9, payload.length).asReadOnlyBuffer();
        assertThat(decoder.decodeBatch(readOnly).samples()).as("read-only buffer").isEqualTo(model);
    }

    @Test
    void oneDecoderReusedAcrossManyPayloads() {
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 60; i++) {
            List<Sample> model = i % 7 == 3 ? List.of() : Payloads.realistic(i, 1 + r.nextInt(i % 5 == 0 ? 2000 : 50));
            byte[] payload = Payloads.raw(Payloads.json(model, Style.random(r)));
            assertThat(decoder.decodeBatch(payload).samples()).as("payload %d", i).isEqualTo(model);
            if (i % 10 == 4) {
                // a bad payload in between must not poison the next one
                error(Payloads.raw(sample(ok(",\"x\":1"))));
            }
        }
    }

    @Test
    void randomHostileBatchesMatchTheModel() {
        SplittableRandom r = new SplittableRandom(99);
        for (int i = 0; i < 40; i++) {
            List<Sample> model = Payloads.hostile(r.nextLong(), 1 + r.nextInt(40));
            Style style = Style.random(r);
            byte[] json = Payloads.json(model, style);
            assertThat(decoder.decodeBatch(Payloads.raw(json)).samples()).as("batch %d %s", i, style).isEqualTo(model);
        }
    }

    @Test
    void visitorViewsAreValidDuringTheCallbackAndCopyable() {
        List<Sample> model = Payloads.realistic(3, 50);
        byte[] payload = Payloads.raw(Payloads.json(model, Style.SEED));
        List<Sample> copies = new ArrayList<>();
        List<Long> indexes = new ArrayList<>();
        int n = decoder.decode(payload, new SampleVisitor() {
            @Override
            public void onSample(SampleView s) {
                indexes.add(s.index());
                Map<String, String> labels = new LinkedHashMap<>();
                for (int i = 0; i < s.labelCount(); i++) {
                    labels.put(s.labelKey(i).toString(), s.labelValue(i).toString());
                }
                assertThat(s.name().contentEquals(model.get(copies.size()).name())).isTrue();
                copies.add(new Sample(s.name().toString(), labels, s.value(), s.timestampMillis()));
            }
        });
        assertThat(n).isEqualTo(50);
        assertThat(copies).isEqualTo(model);
        assertThat(indexes).first().isEqualTo(0L);
        assertThat(indexes).last().isEqualTo(49L);
    }

    @Test
    void visitorPathAllocatesNothingPerSampleInSteadyState() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<Sample> model = Payloads.realistic(17, 1000);
        byte[] payload = Payloads.raw(Payloads.json(model, Style.SEED));
        long[] sink = new long[1];
        SampleVisitor v = s -> {
            sink[0] += s.name().length() + s.labelCount() + (long) s.value() + s.timestampMillis();
            for (int i = 0; i < s.labelCount(); i++) {
                sink[0] += s.labelKey(i).length() + s.labelValue(i).length();
            }
        };
        for (int i = 0; i < 300; i++) {
            decoder.decode(payload, v);
        }
        long tid = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(tid);
        int rounds = 200;
        for (int i = 0; i < rounds; i++) {
            decoder.decode(payload, v);
        }
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        double perSample = allocated / (double) (rounds * model.size());
        assertThat(perSample).as("bytes allocated per sample (sink %d)", sink[0]).isLessThanOrEqualTo(1.0);
    }

    // ------------------------------------------------------------------ rejected input

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"a\":", "\"x\"", "1", "true", "null"})
    void topLevelNotAnArray(String json) {
        assertThat(jsonError(json).category()).isEqualTo(ErrorCategory.SCHEMA);
    }

    static final String VALID = "{\"__name__\":\"m\",\"value\":\"1\",\"timestamp\":\"2\"}";

    /** Errors are reported in reading order, so each case here is syntactically broken before any schema error. */
    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "[", "[{", "[{\"__name__\"", "[{\"__name__\":\"m\",", "[" + VALID,
        "[" + VALID + ",", "[{\"a\" \"b\"}]", "[{\"a\":\"b\",}]", "[" + VALID + ",]", "[,]", "[{\"a\":\"b\"]", "[{'a':'b'}]",
        "[{\"a\":tru}]", "[{\"a\":nul}]", "[{\"value\":01,\"__name__\":\"m\",\"timestamp\":1}]",
        "[{\"value\":1.,\"__name__\":\"m\",\"timestamp\":1}]", "[{\"value\":-,\"__name__\":\"m\",\"timestamp\":1}]",
        "[{\"value\":NaN,\"__name__\":\"m\",\"timestamp\":1}]", "[{\"value\":+1,\"__name__\":\"m\",\"timestamp\":1}]",
        "[] x", "[][]", "[]]", "null\u280D", "[true\u00e9]", "[{\"__name__\":\"m\",\"a\":null\u4E2D}]", "[{\"__name__\":\"m\",\"value\":\"1\",\"timestamp\":\"2\"}] {}"})
    void jsonSyntaxErrors(String json) {
        assertThat(jsonError(json).category()).as(json).isEqualTo(ErrorCategory.JSON_SYNTAX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\x", "\\u12", "\\u12G4", "\\uD800", "\\uDC00", "\\uD800\\u0041", "\\uD800x", "\\'", "\\U0041"})
    void badEscapes(String esc) {
        PromsnapException e = jsonError(sample(ok(",\"l\":\"a" + esc + "b\"")));
        assertThat(e.category()).as(esc).isEqualTo(ErrorCategory.JSON_SYNTAX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\t", "\n", "\r", "\u0001", "\u001f"})
    void rawControlCharactersInStrings(String c) {
        assertThat(jsonError(sample(ok(",\"l\":\"a" + c + "b\""))).category()).isEqualTo(ErrorCategory.JSON_SYNTAX);
    }

    @Test
    void invalidUtf8() {
        byte[][] bad = {{(byte) 0xC3}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}, {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82}};
        for (byte[] b : bad) {
            byte[] prefix = "[{\"__name__\":\"m\",\"value\":\"1\",\"timestamp\":\"2\",\"l\":\"".getBytes(StandardCharsets.UTF_8);
            byte[] json = new byte[prefix.length + b.length + 3];
            System.arraycopy(prefix, 0, json, 0, prefix.length);
            System.arraycopy(b, 0, json, prefix.length, b.length);
            json[json.length - 3] = '"';
            json[json.length - 2] = '}';
            json[json.length - 1] = ']';
            PromsnapException e = error(Payloads.raw(json));
            assertThat(e.category()).isEqualTo(ErrorCategory.JSON_SYNTAX);
            assertThat(e.region()).isEqualTo(PromsnapException.Region.JSON);
            // the lead byte, or the first byte that cannot continue the sequence
            assertThat(e.offset()).isBetween((long) prefix.length, (long) prefix.length + b.length);
            assertThat(e.sampleIndex()).isEqualTo(0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"value\":\"1\",\"timestamp\":\"2\"", "\"__name__\":\"m\",\"timestamp\":\"2\"", "\"__name__\":\"m\",\"value\":\"1\"",
        "\"__name__\":\"m\",\"__name__\":\"n\",\"value\":\"1\",\"timestamp\":\"2\"",
        "\"__name__\":\"m\",\"value\":\"1\",\"value\":\"1\",\"timestamp\":\"2\"",
        "\"__name__\":\"m\",\"value\":\"1\",\"timestamp\":\"2\",\"timestamp\":\"2\"",
        "\"__name__\":\"m\",\"a\":\"1\",\"value\":\"1\",\"a\":\"2\",\"timestamp\":\"2\"",
        "\"__name__\":\"m\",\"a\":\"1\",\"value\":\"1\",\"\\u0061\":\"2\",\"timestamp\":\"2\"",
        "\"__name__\":1,\"value\":\"1\",\"timestamp\":\"2\"", "\"__name__\":null,\"value\":\"1\",\"timestamp\":\"2\"",
        "\"__name__\":\"m\",\"a\":{},\"value\":\"1\",\"timestamp\":\"2\"",
        "\"__name__\":\"m\",\"a\":[],\"value\":\"1\",\"timestamp\":\"2\"",
        "\"__name__\":\"m\",\"a\":null,\"value\":\"1\",\"timestamp\":\"2\"",
        "\"__name__\":\"m\",\"a\":12,\"value\":\"1\",\"timestamp\":\"2\"",
        "\"__name__\":\"m\",\"a\":true,\"value\":\"1\",\"timestamp\":\"2\"",
        "\"__name__\":\"m\",\"a\":false,\"value\":\"1\",\"timestamp\":\"2\"",
        "\"__name__\":\"m\",\"value\":\"abc\",\"timestamp\":\"2\"", "\"__name__\":\"m\",\"value\":\"\",\"timestamp\":\"2\"",
        "\"__name__\":\"m\",\"value\":\"0x1p3\",\"timestamp\":\"2\"", "\"__name__\":\"m\",\"value\":\"1.0d\",\"timestamp\":\"2\"",
        "\"__name__\":\"m\",\"value\":\" 1\",\"timestamp\":\"2\"", "\"__name__\":\"m\",\"value\":null,\"timestamp\":\"2\"",
        "\"__name__\":\"m\",\"value\":true,\"timestamp\":\"2\"", "\"__name__\":\"m\",\"value\":[1],\"timestamp\":\"2\"",
        "\"__name__\":\"m\",\"value\":\"1\",\"timestamp\":\"1.5\"", "\"__name__\":\"m\",\"value\":\"1\",\"timestamp\":1.5",
        "\"__name__\":\"m\",\"value\":\"1\",\"timestamp\":1e3", "\"__name__\":\"m\",\"value\":\"1\",\"timestamp\":\"1e3\"",
        "\"__name__\":\"m\",\"value\":\"1\",\"timestamp\":\"\"", "\"__name__\":\"m\",\"value\":\"1\",\"timestamp\":null",
        "\"__name__\":\"m\",\"value\":\"1\",\"timestamp\":\"9223372036854775808\"",
        "\"__name__\":\"m\",\"value\":\"1\",\"timestamp\":-9223372036854775809",
        "\"__name__\":\"m\",\"value\":\"1\",\"timestamp\":{\"a\":[1,{\"b\":2}]}",
    })
    void schemaErrors(String fields) {
        PromsnapException e = jsonError("[" + "{" + ok("") + "}," + "{" + fields + "}]");
        assertThat(e.category()).as(fields).isEqualTo(ErrorCategory.SCHEMA);
        assertThat(e.sampleIndex()).as(fields).isEqualTo(1);
        assertThat(e.region()).isEqualTo(PromsnapException.Region.JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "\"s\"", "[]", "null", "true", "[{}]"})
    void nonObjectElementsFailEvenWhenSkipping(String element) {
        String json = "[{" + ok("") + "}," + element + ",{" + ok("") + "}]";
        assertThat(jsonError(json).category()).isEqualTo(ErrorCategory.SCHEMA);
        PayloadDecoder skipping = decoder(DecoderConfig.defaults().withErrorPolicy(ErrorPolicy.SKIP));
        PromsnapException e = error(skipping, raw(json));
        assertThat(e.category()).isEqualTo(ErrorCategory.SCHEMA);
        assertThat(e.sampleIndex()).isEqualTo(1);
    }

    @Test
    void skipPolicyDropsOnlyBadSamplesAndCountsThem() {
        String json = "[{" + ok("") + "},"
                + "{\"__name__\":\"m\",\"value\":\"x\",\"timestamp\":\"2\"},"
                + "{\"__name__\":\"m\",\"a\":{\"deep\":[[[[{}]]]]},\"value\":\"1\",\"timestamp\":\"2\"},"
                + "{\"__name__\":\"m\",\"value\":\"1\"},"
                + "{\"__name__\":\"m\",\"a\":\"1\",\"a\":\"2\",\"value\":\"1\",\"timestamp\":\"2\"},"
                + "{\"__name__\":\"last\",\"value\":\"3\",\"timestamp\":\"4\"}]";
        PayloadDecoder skipping = decoder(DecoderConfig.defaults().withErrorPolicy(ErrorPolicy.SKIP));
        DecodedBatch b = skipping.decodeBatch(raw(json));
        assertThat(b.samples()).extracting(Sample::name).containsExactly("m", "last");
        assertThat(b.skipped()).extracting(PromsnapException::sampleIndex).containsExactly(1L, 2L, 3L, 4L);
        assertThat(b.skipped()).allMatch(e -> e.category() == ErrorCategory.SCHEMA);
        assertThat(skipping.lastReport().skippedCount()).isEqualTo(4);
        assertThat(skipping.lastReport().samples()).isEqualTo(2);
        // syntax errors still fail under skip
        assertThat(error(skipping, raw("[{" + ok("") + "},{\"__name__\":\"m\" \"value\":1}]")).category())
                .isEqualTo(ErrorCategory.JSON_SYNTAX);
    }

    @Test
    void errorsCarrySampleIndexAndOffset() {
        String json = "[{" + ok("") + "},{" + ok("") + "},{\"__name__\":\"m\",\"value\":\"1\",\"timestamp\":\"2\",\"x\":7}]";
        PromsnapException e = jsonError(json);
        assertThat(e.sampleIndex()).isEqualTo(2);
        assertThat(e.offset()).isBetween((long) json.indexOf("\"x\""), (long) json.length());
        assertThat(e.getMessage()).contains("sample 2").contains("byte");
    }

    @Test
    void deepNestingFailsFastWithoutRecursion() {
        byte[] deep = new byte[100_000];
        java.util.Arrays.fill(deep, (byte) '[');
        byte[] payload = Payloads.raw(deep);
        PromsnapException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> error(payload));
        assertThat(e.category()).isIn(ErrorCategory.SCHEMA, ErrorCategory.JSON_SYNTAX);
        // nested inside a label value, with skip: must not recurse either
        String nested = "[{\"__name__\":\"m\",\"value\":\"1\",\"timestamp\":\"2\",\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}]";
        PayloadDecoder skipping = decoder(DecoderConfig.defaults().withErrorPolicy(ErrorPolicy.SKIP));
        DecodedBatch b = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> skipping.decodeBatch(raw(nested)));
        assertThat(b.samples()).isEmpty();
        assertThat(b.skipped()).hasSize(1);
    }

    @Test
    void decompressionBombFailsBeforeAllocating() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[][] bombs = {
            {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f},  // declares 4 GiB - 1, no data
            {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01, 0x00}, // 256 MiB + 1 byte
            {(byte) 0x80, (byte) 0x80, (byte) 0x80, 0x40, 0x00, 0x01, 0x02},  // 128 MiB from 3 bytes
        };
        for (byte[] bomb : bombs) {
            long tid = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(tid);
            PromsnapException e = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> error(bomb));
            long allocated = threads.getThreadAllocatedBytes(tid) - before;
            assertThat(e.category()).isIn(ErrorCategory.LIMIT, ErrorCategory.COMPRESSION);
            assertThat(allocated).as("bytes allocated while refusing a bomb").isLessThan(4 << 20);
        }
        assertThat(error(bombs[0]).category()).isEqualTo(ErrorCategory.LIMIT);
    }

    @Test
    void limitsApplyBeforeAllocating() {
        DecodeLimits small = DecodeLimits.builder().maxDecompressedBytes(1000).maxSamplesPerPayload(3)
                .maxLabelsPerSample(2).maxStringBytes(10).build();
        PayloadDecoder d = decoder(DecoderConfig.defaults().withLimits(small));
        assertThat(error(d, Payloads.raw("[" + " ".repeat(1000) + "]")).category()).isEqualTo(ErrorCategory.LIMIT);
        String four = "[" + String.join(",", java.util.Collections.nCopies(4, "{" + ok("") + "}")) + "]";
        PromsnapException samples = error(d, raw(four));
        assertThat(samples.category()).isEqualTo(ErrorCategory.LIMIT);
        assertThat(samples.sampleIndex()).isEqualTo(3);
        assertThat(error(d, raw(sample(ok(",\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"")))).category()).isEqualTo(ErrorCategory.LIMIT);
        assertThat(error(d, raw(sample(ok(",\"a\":\"12345678901\"")))).category()).isEqualTo(ErrorCategory.LIMIT);
        assertThat(error(d, raw(sample(ok(",\"a\":\"\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\"")))).category())
                .as("limit counts UTF-8 bytes after unescaping").isEqualTo(ErrorCategory.LIMIT);
        assertThat(d.decodeBatch(raw(sample(ok(",\"a\":\"1234567890\",\"b\":\"\"")))).samples()).hasSize(1);
    }

    @Test
    void truncatedAndCorruptCompressedInput() {
        byte[] payload = Payloads.raw(Payloads.json(Payloads.realistic(1, 20), Style.SEED));
        for (int cut = 0; cut < payload.length; cut += Math.max(1, payload.length / 97)) {
            PromsnapException e = error(java.util.Arrays.copyOf(payload, cut));
            assertThat(e.category()).as("cut at %d", cut).isIn(ErrorCategory.COMPRESSION, ErrorCategory.LIMIT);
        }
        assertThat(error(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01}).category())
                .isEqualTo(ErrorCategory.COMPRESSION);
        // declares 10 bytes, a 4-byte literal then a copy with offset 0
        assertThat(error(new byte[] {10, 0x0c, 'a', 'b', 'c', 'd', 0x09, 0x00}).category()).isEqualTo(ErrorCategory.COMPRESSION);
        // copy reaching before the start of the output
        assertThat(error(new byte[] {10, 0x0c, 'a', 'b', 'c', 'd', 0x09, 0x09}).category()).isEqualTo(ErrorCategory.COMPRESSION);
        // declared length longer than the elements produce
        assertThat(error(new byte[] {9, 0x0c, 'a', 'b', 'c', 'd'}).category()).isEqualTo(ErrorCategory.COMPRESSION);
        // declared length shorter than the elements produce
        assertThat(error(new byte[] {3, 0x0c, 'a', 'b', 'c', 'd'}).category()).isEqualTo(ErrorCategory.COMPRESSION);
    }

    static Map<String, String> labels(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
