package io.promsnap.bench;

import io.promsnap.DecoderRegistry;
import io.promsnap.PayloadDecoder;
import io.promsnap.Sample;
import io.promsnap.bench.corpus.Corpus;
import io.promsnap.bench.corpus.CorpusGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every benchmark workload, on every bundled corpus, must consume exactly the corpus's samples and
 * produce the checksum computed from the corpus generator's model (never from a decoder's output), so
 * a benchmark that skips work, decodes wrongly or computes nothing fails the build. No JMH run.
 */
class BenchmarkCorrectnessTest {
    record Expected(long samples, Map<Checksum.Kind, Long> checksums, List<List<Sample>> model, List<byte[]> json) {
    }

    static final Map<String, Expected> EXPECTED = new HashMap<>();
    static final Map<String, Corpus> CORPORA = new HashMap<>();

    @BeforeAll
    static void computeExpectedFromTheModel() {
        for (CorpusGenerator.Spec spec : CorpusGenerator.SPECS) {
            List<List<Sample>> model = new ArrayList<>();
            List<byte[]> json = new ArrayList<>();
            long n = 0;
            for (CorpusGenerator.Payload p : CorpusGenerator.generate(spec)) {
                model.add(p.samples());
                json.add(p.json());
                n += p.samples().size();
            }
            Map<Checksum.Kind, Long> sums = new LinkedHashMap<>();
            for (Checksum.Kind k : Checksum.Kind.values()) {
                sums.put(k, Checksum.expected(k, model, json));
            }
            EXPECTED.put(spec.name(), new Expected(n, sums, model, json));
            CORPORA.put(spec.name(), Corpus.load(spec.name()));
        }
    }

    static List<String> rows() {
        DecoderRegistry r = DecoderRegistry.getDefault();
        List<String> rows = new ArrayList<>();
        for (String d : Workloads.decoders(r)) {
            rows.add(d);
            rows.add(d + Workloads.BATCH_SUFFIX);
        }
        rows.addAll(Workloads.references(r, true));
        return rows;
    }

    @TestFactory
    Stream<DynamicTest> everyWorkloadOnEveryCorpusComputesTheModelsChecksum() {
        List<DynamicTest> tests = new ArrayList<>();
        for (CorpusGenerator.Spec spec : CorpusGenerator.SPECS) {
            for (String row : rows()) {
                tests.add(DynamicTest.dynamicTest(row + " on " + spec.name(), () -> {
                    Corpus corpus = CORPORA.get(spec.name());
                    Expected exp = EXPECTED.get(spec.name());
                    Workload w = Workloads.create(row, corpus);
                    Checksum sink = new Checksum();
                    // twice: a workload must not depend on state left by the previous invocation
                    for (int round = 0; round < 2; round++) {
                        sink.reset();
                        w.run(sink);
                        if (w.kind() != Checksum.Kind.RAW_BYTES) {
                            assertThat(sink.samples).as("samples consumed").isEqualTo(exp.samples());
                        }
                        assertThat(sink.result()).as("checksum of kind " + w.kind())
                                .isEqualTo(exp.checksums().get(w.kind()));
                    }
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void everyRegisteredDecoderAndItsJsonStageHasARow() {
        List<String> rows = rows();
        List<io.promsnap.DecoderFactory> available = DecoderRegistry.getDefault().available();
        assertThat(available).isNotEmpty();
        for (io.promsnap.DecoderFactory f : available) {
            assertThat(rows).contains(f.name(), f.name() + Workloads.BATCH_SUFFIX);
            if (f instanceof io.promsnap.spi.StagedDecoderFactory s) {
                assertThat(rows).contains("parse-only:" + s.jsonName());
            }
        }
        assertThat(rows).contains("seed-naive", "decompress-only:snappy-java", "decompress-only:aircompressor",
                "parse-only:jackson", "parse-only:dsl-json", "parse-only:scanner", "naive:snappy-java+jackson",
                "naive:aircompressor+dsl-json");
    }

    @Test
    void theBundledCorporaAreWhatTheGeneratorWritesAndLookRealistic() {
        for (CorpusGenerator.Spec spec : CorpusGenerator.SPECS) {
            Corpus c = CORPORA.get(spec.name());
            assertThat(c.size()).isEqualTo(spec.payloads());
            assertThat(c.samples()).isEqualTo((long) spec.payloads() * spec.samplesPerPayload());
            assertThat(c.allRaw()).isTrue();
            for (int i = 0; i < c.size(); i++) {
                assertThat(c.json(i)).isEqualTo(EXPECTED.get(spec.name()).json().get(i));
            }
            double jsonPerSample = (double) c.jsonBytes() / c.samples();
            double ratio = (double) c.jsonBytes() / c.compressedBytes();
            // the traffic model's natural label sets: about 365 B of JSON per sample, about 9:1 (histogram
            // buckets repeat their labels); a generator that lost labels or repeated one payload falls out
            assertThat(jsonPerSample).as("JSON bytes per sample").isBetween(300.0, 450.0);
            assertThat(ratio).as("compression ratio").isBetween(6.0, 12.0);
        }
    }

    @Test
    void theVisitorPathOfEveryDecoderDeliversTheModelSampleForSample() {
        Corpus corpus = CORPORA.get("small");
        List<List<Sample>> model = EXPECTED.get("small").model();
        for (String d : Workloads.decoders(DecoderRegistry.getDefault())) {
            try (PayloadDecoder decoder = DecoderRegistry.getDefault().create(d, Workloads.config(corpus))) {
                for (int i = 0; i < corpus.size(); i++) {
                    List<Sample> got = new ArrayList<>();
                    decoder.decode(corpus.payload(i), s -> got.add(s.toSample()));
                    assertThat(got).as(d + " payload " + i).isEqualTo(model.get(i));
                }
            }
        }
    }

    /** The selected rows ({@code bench --match}) deliver exactly the model's matching samples, in order. */
    @Test
    void theSelectedVisitorRowsDeliverTheModelsMatchingSamples() {
        Corpus corpus = CORPORA.get("small");
        List<List<Sample>> model = EXPECTED.get("small").model();
        io.promsnap.Selector sel = io.promsnap.Selector.parse(
                "{__name__=~`" + java.util.regex.Pattern.quote(model.get(0).get(0).name()) + "|node_.*`}"); // raw: \\Q
        long kept = 0;
        for (String d : Workloads.decoders(DecoderRegistry.getDefault())) {
            try (PayloadDecoder decoder = DecoderRegistry.getDefault().create(d, Workloads.config(corpus).withSelector(sel))) {
                for (int i = 0; i < corpus.size(); i++) {
                    List<Sample> got = new ArrayList<>();
                    decoder.decode(corpus.payload(i), s -> got.add(s.toSample()));
                    List<Sample> expected = model.get(i).stream().filter(sel::matches).toList();
                    assertThat(got).as(d + " payload " + i).isEqualTo(expected);
                    assertThat(decoder.lastReport().unselectedCount()).isEqualTo(model.get(i).size() - expected.size());
                    kept += expected.size();
                }
            }
        }
        assertThat(kept).isPositive();
    }

    @Test
    void theChecksumNoticesAMissingSampleAChangedLabelAndAChangedValue() {
        List<List<Sample>> model = EXPECTED.get("small").model();
        List<Sample> first = new ArrayList<>(model.get(0));
        long base = Checksum.expected(Checksum.Kind.BYTES, List.of(first), List.of());
        List<Sample> missing = new ArrayList<>(first.subList(1, first.size()));
        assertThat(Checksum.expected(Checksum.Kind.BYTES, List.of(missing), List.of())).isNotEqualTo(base);
        Sample s = first.get(3);
        Map<String, String> labels = new LinkedHashMap<>(s.labels());
        String key = labels.keySet().iterator().next();
        labels.put(key, labels.get(key) + "x");
        List<Sample> changedLabel = new ArrayList<>(first);
        changedLabel.set(3, new Sample(s.name(), labels, s.value(), s.timestampMillis()));
        assertThat(Checksum.expected(Checksum.Kind.BYTES, List.of(changedLabel), List.of())).isNotEqualTo(base);
        List<Sample> changedValue = new ArrayList<>(first);
        changedValue.set(3, new Sample(s.name(), s.labels(), Math.nextUp(s.value()), s.timestampMillis()));
        assertThat(Checksum.expected(Checksum.Kind.BYTES, List.of(changedValue), List.of())).isNotEqualTo(base);
    }
}
