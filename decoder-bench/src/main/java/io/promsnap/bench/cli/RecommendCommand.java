package io.promsnap.bench.cli;

import io.promsnap.DecoderFactory;
import io.promsnap.DecoderRegistry;
import io.promsnap.PayloadDecoder;
import io.promsnap.PromsnapException;
import io.promsnap.SampleView;
import io.promsnap.Utf8View;
import io.promsnap.bench.Checksum;
import io.promsnap.bench.Workloads;
import io.promsnap.bench.corpus.Corpus;
import io.promsnap.bench.results.Report;
import io.promsnap.bench.results.Results;
import io.promsnap.bench.results.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * {@code promsnap recommend --corpus DIR}: checks that every available decoder decodes the user's own
 * payloads identically, benchmarks them on those payloads, and recommends one with its reasons.
 */
@Command(name = "recommend", mixinStandardHelpOptions = true,
        description = "Benchmark every available decoder on your captured payloads, check they decode them "
                + "identically, and recommend one (throughput, allocation, JNI or pure Java, conformance).")
public final class RecommendCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--corpus", required = true, paramLabel = "DIR|NAME", converter = CorpusConverter.class,
            description = "A directory of payload files (one Kafka message value each), or a bundled corpus name.")
    String corpus;

    @Option(names = "--careful", description = "Longer, two-fork measurement (default: the --quick settings).")
    boolean careful;

    @picocli.CommandLine.Mixin
    io.promsnap.cli.options.JvmOption jvmOption = new io.promsnap.cli.options.JvmOption();

    @Option(names = "--json", paramLabel = "FILE", description = "Keep JMH's result JSON here.")
    Path json;

    @Option(names = "--report", paramLabel = "DIR", description = "Also write report.md and charts here.")
    Path report;

    /** What one decoder made of one payload: a deep hash of every sample, or the error it raised. */
    record Outcome(boolean ok, long samples, long hash, String error) {
        String describe() {
            return ok ? samples + " samples" : error;
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Corpus c = Corpus.load(Corpus.isBundled(corpus) ? corpus : Path.of(corpus).toAbsolutePath().normalize().toString());
        out.println("corpus " + c);
        DecoderRegistry registry = DecoderRegistry.getDefault();
        List<DecoderFactory> factories = registry.available();
        for (DecoderFactory f : registry.all()) {
            if (!f.availability().available()) {
                out.println("not considered (cannot run here): " + f.name() + ": " + f.availability().reason());
            }
        }
        if (factories.isEmpty()) {
            spec.commandLine().getErr().println("promsnap recommend: no decoder can run here");
            return 1;
        }

        // 1. conformance on the user's payloads
        Map<String, List<Outcome>> outcomes = new LinkedHashMap<>();
        for (DecoderFactory f : factories) {
            List<Outcome> list = new ArrayList<>();
            try (PayloadDecoder d = f.create(Workloads.config(c))) {
                for (int i = 0; i < c.size(); i++) {
                    list.add(decode(d, c.payload(i)));
                }
            }
            outcomes.put(f.name(), list);
        }
        List<Outcome> majority = majority(outcomes, c.size());
        List<String> agreeing = new ArrayList<>();
        for (var e : outcomes.entrySet()) {
            if (e.getValue().equals(majority)) {
                agreeing.add(e.getKey());
            } else {
                for (int i = 0; i < c.size(); i++) {
                    if (!e.getValue().get(i).equals(majority.get(i))) {
                        out.printf("DISAGREES: %s on %s: %s, most decoders: %s%n", e.getKey(), c.files().get(i),
                                e.getValue().get(i).describe(), majority.get(i).describe());
                        break;
                    }
                }
            }
        }
        long good = majority.stream().filter(Outcome::ok).count();
        long samples = majority.stream().filter(Outcome::ok).mapToLong(Outcome::samples).sum();
        out.printf("conformance: %d of %d decoders decode all %d payloads identically (%d decode, %,d samples; "
                + "%d rejected by every agreeing decoder)%n", agreeing.size(), factories.size(), c.size(), good, samples,
                c.size() - good);
        for (int i = 0; i < c.size(); i++) {
            if (!majority.get(i).ok()) {
                out.printf("  rejected: %s: %s%n", c.files().get(i), majority.get(i).error());
            }
        }
        if (good == 0) {
            spec.commandLine().getErr().println("promsnap recommend: no payload decodes; nothing to benchmark");
            return 1;
        }

        // 2. benchmark on the payloads that decode (a failing payload would abort every invocation)
        Path benchDir = null;
        String param = Corpus.isBundled(corpus) ? corpus : Path.of(corpus).toAbsolutePath().normalize().toString();
        if (good < c.size()) {
            benchDir = Files.createTempDirectory("promsnap-recommend");
            for (int i = 0; i < c.size(); i++) {
                if (majority.get(i).ok()) {
                    Files.write(benchDir.resolve(c.files().get(i)), c.payload(i));
                }
            }
            param = benchDir.toString();
        }
        BenchCommand.Loaded loaded = BenchCommand.load(List.of(param));
        List<String> refs = new ArrayList<>();
        if (loaded.allRaw()) {
            Corpus bc = Corpus.load(param);
            if (seedNaiveWorks(bc)) {
                refs.add(Workloads.SEED_NAIVE);
            } else {
                out.println("note: the vendor's naive consumer (Double.parseDouble) cannot read these payloads; "
                        + "no seed-naive row");
            }
            refs.add("decompress-only:snappy-java");
            refs.add("decompress-only:aircompressor");
        }
        Path jsonFile = json != null ? json : Files.createTempFile("promsnap-recommend", ".json");
        BenchRunner.Plan plan = new BenchRunner.Plan(agreeing, refs, loaded.params(), false,
                careful ? BenchRunner.Settings.CAREFUL : BenchRunner.Settings.QUICK, jvmOption.path(), BenchRunner.HEAP_ARGS,
                jsonFile.toAbsolutePath());
        BenchRunner.run(plan, loaded.sizes(), out, false);
        Results results = Results.read(jsonFile);
        BenchCommand.printTable(results, loaded.sizes(), out);
        if (report != null) {
            Report.write(report, results, loaded.sizes(), "promsnap recommend: " + corpus);
        }
        if (json == null) {
            Files.deleteIfExists(jsonFile);
        }
        if (benchDir != null) {
            try (var s = Files.list(benchDir)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(benchDir);
        }

        // 3. the recommendation
        String corpusKey = loaded.params().get(0);
        Results.CorpusSize size = loaded.sizes().get(corpusKey);
        List<Row> measured = results.rows().stream()
                .filter(r -> r.kind() == Row.Kind.DECODER && agreeing.contains(r.name())).toList();
        if (measured.isEmpty()) {
            spec.commandLine().getErr().println("promsnap recommend: no decoder benchmark succeeded");
            return 1;
        }
        Ranking ranking = rank(measured, n -> registry.get(n).pureJava());
        out.println();
        if (!ranking.unstable().isEmpty()) {
            out.println("not ranked (UNSTABLE: 99.9% error above a third of the score): " + String.join(", ", ranking.unstable()));
        }
        if (ranking.pick() == null) {
            out.println("RECOMMENDED: none on throughput: " + ranking.why());
            out.println("  - meanwhile: the pure-Java decoders that decode your payloads identically need no native "
                    + "library: " + String.join(", ", agreeing.stream().filter(n -> registry.get(n).pureJava()).toList()));
            out.flush();
            return agreeing.size() == factories.size() ? 0 : 1;
        }
        List<Row> rows = ranking.ranked();
        Row pick = ranking.pick();
        String why = ranking.why();
        Row seed = results.find(corpusKey, Workloads.SEED_NAIVE);
        Results.Rates x = Results.rates(pick, size);
        DecoderFactory pf = registry.get(pick.name());
        out.println("RECOMMENDED: " + pick.name() + " (" + why + ")");
        out.printf("  - throughput: %,.0f ± %,.0f MB/s of JSON, %,.2f M samples/s%s%n", x.mbPerSec(), x.mbError(),
                x.samplesPerSec() / 1e6, seed == null ? "" : seed.unstable()
                        ? " (no ratio to the vendor's naive consumer: its row is unstable)"
                        : ", " + pick.ratioText(seed) + " the vendor's naive consumer");
        out.printf("  - allocation: %s B per sample on the visitor API%n",
                Double.isNaN(x.allocBytesPerSample()) ? "?" : String.format("%.1f", x.allocBytesPerSample()));
        out.println("  - runtime: " + (pf.pureJava() ? "pure Java (runs wherever Java runs)"
                : "JNI (needs snappy-java's native library: fails on a noexec /tmp or an unusual libc)"));
        out.printf("  - conformance: decodes your %d payloads exactly as %d other decoder(s) do%n", c.size(),
                agreeing.size() - 1);
        out.println("runner-up margins (samples/s relative to the recommendation, 99.9% interval):");
        for (Row r : rows) {
            if (r == pick) {
                continue;
            }
            double ratio = r.score() / pick.score();
            double rel = Math.hypot(r.relativeError(), pick.relativeError());
            Results.Rates rx = Results.rates(r, size);
            out.printf("  %-28s %+6.1f%% ± %4.1f%%  %-9s %s B/sample%s%n", r.name(), (ratio - 1) * 100, ratio * rel * 100,
                    registry.get(r.name()).pureJava() ? "pure Java" : "JNI",
                    Double.isNaN(rx.allocBytesPerSample()) ? "?" : String.format("%.1f", rx.allocBytesPerSample()),
                    withinNoise(r, pick) ? "  (within noise)" : "");
        }
        out.flush();
        return agreeing.size() == factories.size() ? 0 : 1;
    }

    /** The decision: the pick (null when nothing can be ranked), why, the rows not ranked, the ranked rows fastest first. */
    record Ranking(Row pick, String why, List<String> unstable, List<Row> ranked) {
    }

    /**
     * Ranks the decoder rows: an unstable row (error above a third of its score) is never ranked, its number
     * could be anything; the fastest stable row wins unless a pure-Java one is within noise of it; when the
     * winner is within noise of the runner-up the reason says the run cannot rank them; with no stable row
     * there is no pick, and the reason says the measurement was too noisy to rank.
     */
    static Ranking rank(List<Row> measured, java.util.function.Predicate<String> pureJava) {
        List<Row> rows = new ArrayList<>(measured.stream().filter(r -> !r.unstable()).toList());
        List<String> unstable = measured.stream().filter(Row::unstable).map(Row::name).toList();
        if (rows.isEmpty()) {
            return new Ranking(null, "the measurement was too noisy to rank the decoders (every decoder row is "
                    + "unstable). Rerun with --careful on a quieter machine.", unstable, rows);
        }
        rows.sort(Comparator.comparingDouble(Row::score).reversed());
        Row fastest = rows.get(0);
        Row pick = fastest;
        String why = "the fastest";
        if (!pureJava.test(fastest.name())) {
            for (Row r : rows) {
                if (pureJava.test(r.name())) {
                    if (withinNoise(r, fastest)) {
                        pick = r;
                        why = "as fast as the fastest (" + fastest.name() + ") within the measurement's noise, and "
                                + "pure Java: no native library to extract into /tmp";
                    }
                    break;
                }
            }
        }
        if (pick == fastest && rows.size() > 1 && withinNoise(rows.get(1), fastest)) {
            why = "the fastest, but within the measurement's noise of " + rows.get(1).name()
                    + ": this run cannot rank the two";
        }
        if (!unstable.isEmpty()) {
            why += "; " + String.join(", ", unstable) + " too noisy to rank";
        }
        return new Ranking(pick, why, unstable, rows);
    }

    /**
     * Whether {@code a}'s margin over or under {@code b} is within the noise: the ratio's interval (the
     * two relative errors combined, as the margins are printed) contains 1. The same test decides the
     * pick and labels the margins, so "-41% ± 23%" is never called noise.
     */
    static boolean withinNoise(Row a, Row b) {
        double ratio = a.score() / b.score();
        return Math.abs(ratio - 1) <= ratio * Math.hypot(a.relativeError(), b.relativeError());
    }

    private static boolean seedNaiveWorks(Corpus c) {
        try {
            Workloads.reference(Workloads.SEED_NAIVE, c).run(new Checksum());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static List<Outcome> majority(Map<String, List<Outcome>> outcomes, int n) {
        Map<List<Outcome>, Integer> votes = new LinkedHashMap<>();
        outcomes.values().forEach(v -> votes.merge(v, 1, Integer::sum));
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /** Decodes one payload into a deep hash of every byte of every string, the value bits and the timestamp. */
    static Outcome decode(PayloadDecoder d, byte[] payload) {
        long[] h = {0xcbf29ce484222325L, 0};
        try {
            d.decode(payload, 0, payload.length, (SampleView s) -> {
                h[1]++;
                h[0] = mix(h[0], s.name());
                for (int i = 0; i < s.labelCount(); i++) {
                    h[0] = mix(mix(h[0], s.labelKey(i)), s.labelValue(i));
                }
                h[0] = (h[0] ^ Double.doubleToRawLongBits(s.value())) * 0x100000001b3L;
                h[0] = (h[0] ^ s.timestampMillis()) * 0x100000001b3L;
            });
            return new Outcome(true, h[1], h[0], null);
        } catch (PromsnapException e) {
            return new Outcome(false, h[1], 0, e.category() + " at byte " + e.offset() + " (sample " + e.sampleIndex()
                    + "): " + e.reason());
        } catch (RuntimeException e) {
            return new Outcome(false, h[1], 0, "unexpected " + e);
        }
    }

    private static long mix(long h, Utf8View v) {
        byte[] a = v.array();
        for (int i = v.offset(), end = v.offset() + v.length(); i < end; i++) {
            h = (h ^ (a[i] & 0xff)) * 0x100000001b3L;
        }
        return (h ^ 0x1ff) * 0x100000001b3L; // a separator that no byte equals
    }

    @Override
    public String toString() {
        return Objects.toString(corpus);
    }
}
