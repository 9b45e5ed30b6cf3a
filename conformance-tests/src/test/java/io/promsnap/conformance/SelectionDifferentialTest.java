package io.promsnap.conformance;

import io.promsnap.DecodeReport;
import io.promsnap.DecoderConfig;
import io.promsnap.DecoderFactory;
import io.promsnap.DecoderRegistry;
import io.promsnap.PayloadDecoder;
import io.promsnap.PromsnapException;
import io.promsnap.Sample;
import io.promsnap.SampleView;
import io.promsnap.SampleVisitor;
import io.promsnap.Selector;
import io.promsnap.conformance.corpus.Corpus;
import io.promsnap.conformance.corpus.CorpusCase;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Selection changes what is delivered, never what is rejected: for random selectors built from the corpus's
 * own names and labels, on every golden case and every decoder, a selected decode delivers exactly the
 * unselected decode's samples that the selector matches, throws the same error (category, region, offset,
 * sample index, message) and skips the same samples for the same reasons; its report adds up.
 */
class SelectionDifferentialTest {
    private static final List<CorpusCase> CASES = Corpus.bundled();
    private static final int SELECTORS = 400;

    static Stream<String> decoders() {
        return DecoderRegistry.getDefault().all().stream().map(DecoderFactory::name);
    }

    /** What one decode did. */
    record Outcome(List<Sample> samples, List<String> skipped, String error, DecodeReport report) {
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decoders")
    @Timeout(120)
    void selectedDecodeIsTheUnselectedOneFiltered(String name) {
        DecoderFactory f = DecoderRegistry.getDefault().get(name);
        Assumptions.assumeTrue(f.availability().available(), () -> name + ": " + f.availability().reason());
        List<Selector> selectors = randomSelectors(new SplittableRandom(name.hashCode()));
        int compared = 0;
        int delivered = 0;
        int filtered = 0;
        for (int k = 0; k < CASES.size(); k++) {
            CorpusCase c = CASES.get(k);
            DecoderConfig base = new DecoderConfig(io.promsnap.DecodeLimits.defaults(), c.policy(), c.format());
            Outcome plain;
            try (PayloadDecoder d = f.create(base)) {
                plain = decode(d, c.payload());
            }
            // several selectors per case, different for each case, all from the same pool
            for (int j = 0; j < 4; j++) {
                Selector sel = selectors.get((k * 4 + j) % selectors.size());
                Outcome selected;
                try (PayloadDecoder d = f.create(base.withSelector(sel))) {
                    selected = decode(d, c.payload());
                }
                String what = name + " on " + c.name() + " with " + sel;
                assertThat(selected.error).as(what).isEqualTo(plain.error);
                assertThat(selected.skipped).as(what).isEqualTo(plain.skipped);
                List<Sample> expected = plain.samples.stream().filter(sel::matches).toList();
                assertThat(selected.samples).as(what).isEqualTo(expected);
                if (plain.error == null) {
                    DecodeReport r = selected.report;
                    assertThat(r.samples()).as(what).isEqualTo(expected.size());
                    assertThat(r.unselectedCount()).as(what).isEqualTo(plain.samples.size() - expected.size());
                    assertThat(r.skippedCount()).as(what).isEqualTo(plain.report.skippedCount());
                }
                compared++;
                delivered += expected.size();
                filtered += plain.samples.size() - expected.size();
            }
        }
        // the selectors must both keep and drop samples, or the comparison proves little
        assertThat(compared).isEqualTo(CASES.size() * 4);
        assertThat(delivered).isPositive();
        assertThat(filtered).isPositive();
    }

    private static Outcome decode(PayloadDecoder d, byte[] payload) {
        List<Sample> samples = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        String error = null;
        try {
            d.decode(payload, new SampleVisitor() {
                @Override
                public void onSample(SampleView s) {
                    samples.add(s.toSample());
                }

                @Override
                public void onSkipped(PromsnapException reason) {
                    skipped.add(describe(reason));
                }
            });
        } catch (PromsnapException e) {
            error = describe(e);
        }
        DecodeReport copy = d.lastReport();
        return new Outcome(samples, skipped, error, copy);
    }

    private static String describe(PromsnapException e) {
        return e.category() + " " + e.region() + "@" + e.offset() + "#" + e.sampleIndex() + " " + e.getMessage();
    }

    /** Matchers from the corpus's own names, label keys and values, so that selectors keep some samples and drop others. */
    private static List<Selector> randomSelectors(SplittableRandom r) {
        TreeSet<String> names = new TreeSet<>();
        TreeSet<String> keys = new TreeSet<>();
        List<String[]> pairs = new ArrayList<>();
        for (CorpusCase c : CASES) {
            if (c.expectsError()) {
                continue;
            }
            DecoderConfig cfg = new DecoderConfig(io.promsnap.DecodeLimits.defaults(), c.policy(), c.format());
            try (PayloadDecoder d = DecoderRegistry.getDefault().create("aircompressor+scanner", cfg)) {
                for (Sample s : d.decodeBatch(c.payload()).samples()) {
                    names.add(s.name());
                    for (Map.Entry<String, String> e : s.labels().entrySet()) {
                        if (e.getKey().matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                            keys.add(e.getKey());
                            pairs.add(new String[] {e.getKey(), e.getValue()});
                        }
                    }
                }
            }
        }
        List<String> nameList = new ArrayList<>(names);
        List<String> keyList = new ArrayList<>(keys);
        List<Selector> out = new ArrayList<>();
        for (int i = 0; i < SELECTORS; i++) {
            List<Selector.Matcher> ms = new ArrayList<>();
            int n = 1 + r.nextInt(3);
            for (int j = 0; j < n; j++) {
                Selector.Op op = Selector.Op.values()[r.nextInt(4)];
                switch (r.nextInt(4)) {
                    case 0 -> { // the name: exact, or a prefix regex
                        String nm = nameList.get(r.nextInt(nameList.size()));
                        String v = op.isRegex() ? java.util.regex.Pattern.quote(nm.substring(0, Math.min(nm.length(),
                                1 + r.nextInt(Math.max(1, nm.length()))))) + ".*" : nm;
                        ms.add(new Selector.Matcher(Selector.NAME_LABEL, op, v));
                    }
                    case 1 -> { // a label with one of its values
                        String[] p = pairs.get(r.nextInt(pairs.size()));
                        ms.add(new Selector.Matcher(p[0], op, op.isRegex() ? java.util.regex.Pattern.quote(p[1]) : p[1]));
                    }
                    case 2 -> // presence or absence
                            ms.add(new Selector.Matcher(keyList.get(r.nextInt(keyList.size())),
                                    r.nextBoolean() ? Selector.Op.EQ : Selector.Op.NE, ""));
                    default -> // a regex on any label
                            ms.add(new Selector.Matcher(keyList.get(r.nextInt(keyList.size())), op,
                                    r.nextBoolean() ? ".+" : "[a-m].*"));
                }
            }
            out.add(Selector.of(ms));
        }
        return out;
    }
}
