package io.promsnap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SelectorTest {
    /** a, b, b with a bad value, c: under SKIP and {@link #NOT_B}, a and c are delivered, one b unselected, one skipped. */
    private static final String ABBC = "[{\"__name__\":\"a\",\"value\":\"1\",\"timestamp\":\"1\"},"
            + "{\"__name__\":\"b\",\"value\":\"2\",\"timestamp\":\"2\"},"
            + "{\"__name__\":\"b\",\"value\":\"x\",\"timestamp\":\"3\"},"
            + "{\"__name__\":\"c\",\"value\":\"3\",\"timestamp\":\"4\"}]";
    private static final DecoderConfig NOT_B = DecoderConfig.defaults().withErrorPolicy(ErrorPolicy.SKIP)
            .withSelector(Selector.parse("{__name__!=\"b\"}"));

    private static Sample s(String name, String... kv) {
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            labels.put(kv[i], kv[i + 1]);
        }
        return new Sample(name, labels, 1, 2);
    }

    @Test
    void promqlSelectorsParseIntoMatchers() {
        Selector sel = Selector.parse("node_cpu_seconds_total{mode!=\"idle\", job=~'n.*' ,cpu!~`1\\d`,}");
        assertThat(sel.matchers()).containsExactly(
                new Selector.Matcher("__name__", Selector.Op.EQ, "node_cpu_seconds_total"),
                new Selector.Matcher("mode", Selector.Op.NE, "idle"),
                new Selector.Matcher("job", Selector.Op.RE, "n.*"),
                new Selector.Matcher("cpu", Selector.Op.NRE, "1\\d"));
        assertThat(Selector.parse(sel.toString())).isEqualTo(sel);
        assertThat(Selector.parse("{__name__=~\"a|b\"}").matchers()).singleElement()
                .satisfies(m -> assertThat(m.isName()).isTrue());
        assertThat(Selector.parse("{l=\"a\\\"b\\\\c\\n\\u00e9\"}").matchers().get(0).value()).isEqualTo("a\"b\\c\né");
        assertThat(Selector.parse("up").and(Selector.parse("{job=\"x\"}")).toString()).isEqualTo("{__name__=\"up\",job=\"x\"}");
        assertThat(Selector.all().isAll()).isTrue();
        assertThat(Selector.all().and(sel)).isSameAs(sel);
    }

    @Test
    void matchingFollowsPromql() {
        Sample a = s("node_cpu", "job", "api", "mode", "idle");
        Sample b = s("node_mem", "job", "db");
        assertThat(Selector.parse("{__name__=~\"node_.*\"}").matches(a)).isTrue();
        assertThat(Selector.parse("{__name__=~\"node\"}").matches(a)).as("anchored").isFalse();
        assertThat(Selector.parse("{__name__=~\"cpu\"}").matches(a)).as("anchored").isFalse();
        assertThat(Selector.parse("{mode=\"\"}").matches(b)).as("absent = empty").isTrue();
        assertThat(Selector.parse("{mode=\"\"}").matches(a)).isFalse();
        assertThat(Selector.parse("{mode!=\"\"}").matches(b)).isFalse();
        assertThat(Selector.parse("{mode=~\"idle|\"}").matches(b)).isTrue();
        assertThat(Selector.parse("{mode!~\"i.*\"}").matches(a)).isFalse();
        assertThat(Selector.parse("{job=\"api\",mode=\"idle\"}").matches(a)).isTrue();
        assertThat(Selector.parse("{job=\"api\",mode=\"user\"}").matches(a)).as("ANDed").isFalse();
        assertThat(Selector.parse("{x=~\".+\"}").matches(s("m", "x", "a\nb"))).as(". matches a newline").isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                      | column 1: empty selector",
        "'{}'                    | has no matcher",
        "'{job}'                 | column 5: expected '=', '!=', '=~' or '!~' after label job",
        "'{job=api}'             | column 6: expected a quoted string",
        "'{job=\"api}'           | column 6: unterminated string",
        "'{job=\"a\" mode=\"b\"}' | column 10: expected ',' or '}' after a matcher",
        "'{job=~\"(\"}'          | column 7: invalid regular expression for job=~",
        "'{1job=\"a\"}'          | column 2: expected a label name, found '1'",
        "'up[5m]'                | column 3: unexpected '['",
        "'{job=\"a\"'            | unclosed '{' opened at column 1",
        "'{l=\"\\q\"}'           | column 5: invalid escape \\q",
    })
    void badSelectorsSayWhatAndWhere(String text, String message) {
        assertThatThrownBy(() -> Selector.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void theDeliveryTasksFilterSyntax() {
        // the example from the vendor's page: one label=regex per line, ANDed
        Selector sel = Selector.parseDeliveryFilter(
                "__name__=AliyunEcs_CPUUtilization|AliyunEcs_memory_usedutilization\nregionId=cn-hangzhou\r\nid=i-2ze0mxp.*\n\n");
        assertThat(sel.matchers()).extracting(Selector.Matcher::op).containsOnly(Selector.Op.RE);
        assertThat(sel.matches(s("AliyunEcs_CPUUtilization", "regionId", "cn-hangzhou", "id", "i-2ze0mxpabc"))).isTrue();
        assertThat(sel.matches(s("AliyunEcs_CPUUtilization", "regionId", "cn-beijing", "id", "i-2ze0mxpabc"))).isFalse();
        assertThat(sel.matches(s("AliyunEcs_CPUUtilization_x", "regionId", "cn-hangzhou", "id", "i-2ze0mxp"))).isFalse();
        assertThat(sel.matches(s("AliyunEcs_memory_usedutilization", "regionId", "cn-hangzhou", "id", "x-i-2ze0mxp")))
                .as("anchored").isFalse();
        assertThat(Selector.parse(sel.toString())).isEqualTo(sel);
        assertThatThrownBy(() -> Selector.parseDeliveryFilter("job=api\nregionId\n"))
                .hasMessageContaining("line 2").hasMessageContaining("expected label=regex");
        assertThatThrownBy(() -> Selector.parseDeliveryFilter("job=api\n\nre gion=x"))
                .hasMessageContaining("line 3").hasMessageContaining("not a label name");
        assertThatThrownBy(() -> Selector.parseDeliveryFilter("id=i-(")).hasMessageContaining("line 1")
                .hasMessageContaining("invalid regular expression");
        assertThatThrownBy(() -> Selector.parseDeliveryFilter(" \n")).hasMessageContaining("no condition");
    }

    @ParameterizedTest
    @ValueSource(strings = {"aircompressor+scanner", "aircompressor+jackson", "aircompressor+dsl-json"})
    void theReportCountsSelectedUnselectedAndSkipped(String decoder) {
        String json = ABBC;
        byte[] payload = io.promsnap.testing.Payloads.raw(json.getBytes(StandardCharsets.UTF_8));
        DecoderConfig c = NOT_B;
        try (PayloadDecoder d = DecoderRegistry.getDefault().create(decoder, c)) {
            List<String> names = new java.util.ArrayList<>();
            int n = d.decode(payload, v -> names.add(v.name().toString()));
            assertThat(names).containsExactly("a", "c");
            assertThat(n).isEqualTo(2);
            DecodeReport r = d.lastReport();
            assertThat(r.samples()).isEqualTo(2);
            assertThat(r.unselectedCount()).isEqualTo(1);
            assertThat(r.skippedCount()).isEqualTo(1);
            assertThat(d.decodeBatch(payload).samples()).extracting(Sample::name).containsExactly("a", "c");
        }
    }

    /**
     * A third party's factory that does not apply selectors (it delivers every sample): the registry filters for
     * it, so --match is never silently ignored. Without the wrapper this delivers a, b, c with unselected 0.
     */
    @Test
    void aFactoryThatDoesNotSelectIsFilteredForIt() {
        DecoderFactory ignoresSelectors = new DecoderFactory() {
            @Override
            public String name() {
                return "test+ignores-selectors";
            }

            @Override
            public PayloadDecoder create(DecoderConfig config) {
                return DecoderRegistry.getDefault().create("aircompressor+jackson", config.withSelector(Selector.all()));
            }
        };
        assertThat(ignoresSelectors.selects()).isFalse();
        assertThat(DecoderRegistry.getDefault().get("aircompressor+scanner").selects()).isTrue();
        String json = ABBC;
        byte[] payload = io.promsnap.testing.Payloads.raw(json.getBytes(StandardCharsets.UTF_8));
        DecoderConfig c = NOT_B;
        try (PayloadDecoder d = DecoderRegistry.newDecoder(ignoresSelectors, c)) {
            List<String> names = new java.util.ArrayList<>();
            List<PromsnapException> skipped = new java.util.ArrayList<>();
            int n = d.decode(payload, new SampleVisitor() {
                @Override
                public void onSample(SampleView v) {
                    names.add(v.name().toString());
                }

                @Override
                public void onSkipped(PromsnapException reason) {
                    skipped.add(reason);
                }
            });
            assertThat(names).containsExactly("a", "c");
            assertThat(n).isEqualTo(2);
            assertThat(skipped).hasSize(1);
            DecodeReport r = d.lastReport();
            assertThat(r.samples()).isEqualTo(2);
            assertThat(r.unselectedCount()).isEqualTo(1);
            assertThat(r.skippedCount()).isEqualTo(1);
            assertThat(r.skipped()).hasSize(1);
            assertThat(r.jsonBytes()).isEqualTo(json.length());
            assertThat(d.decodeBatch(payload).samples()).extracting(Sample::name).containsExactly("a", "c");
            assertThat(d.decodeBatch(java.nio.ByteBuffer.wrap(payload)).samples()).extracting(Sample::name).containsExactly("a", "c");
            // a failed decode still leaves a report of what was delivered before the error
            DecoderConfig fail = c.withErrorPolicy(ErrorPolicy.FAIL);
            try (PayloadDecoder f = DecoderRegistry.newDecoder(ignoresSelectors, fail)) {
                List<String> before = new java.util.ArrayList<>();
                assertThatThrownBy(() -> f.decode(payload, v -> before.add(v.name().toString())))
                        .isInstanceOf(PromsnapException.class);
                assertThat(before).containsExactly("a");
                assertThat(f.lastReport().samples()).isEqualTo(1);
                assertThat(f.lastReport().unselectedCount()).isEqualTo(1);
            }
        }
        // a visitor that throws took nothing: the sample it threw on is not counted delivered, as a built-in
        // selecting decoder counts it
        for (PayloadDecoder d : List.of(DecoderRegistry.newDecoder(ignoresSelectors, c),
                DecoderRegistry.getDefault().create("aircompressor+scanner", c))) {
            try (d) {
                RuntimeException boom = new IllegalStateException("visitor failed on c");
                assertThatThrownBy(() -> d.decode(payload, v -> {
                    if (v.name().toString().equals("c")) {
                        throw boom;
                    }
                })).as(d.toString()).isSameAs(boom);
                assertThat(d.lastReport().samples()).as(d.toString()).isEqualTo(1);
            }
        }
        // no selector: nothing is wrapped
        try (PayloadDecoder d = DecoderRegistry.newDecoder(ignoresSelectors, DecoderConfig.defaults())) {
            assertThat(d.getClass().getSimpleName()).isNotEqualTo("SelectingDecoder");
        }
    }
}
