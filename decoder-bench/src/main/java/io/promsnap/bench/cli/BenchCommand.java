package io.promsnap.bench.cli;

import io.promsnap.DecoderRegistry;
import io.promsnap.bench.Workloads;
import io.promsnap.bench.corpus.Corpus;
import io.promsnap.bench.results.Environment;
import io.promsnap.bench.results.Report;
import io.promsnap.bench.results.Results;
import io.promsnap.bench.results.Row;
import io.promsnap.cli.options.Converters;
import io.promsnap.cli.options.JvmOption;
import picocli.CommandLine.Mixin;
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
import java.util.concurrent.Callable;

/** {@code promsnap bench}: the JMH benchmarks in forked JVMs, with a progress display. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark every decoder (visitor and convenience API) against the reference rows "
                + "(seed-naive, decompress-only, parse-only, naive library pairs) with JMH in forked JVMs.",
            "Default: a careful run on every bundled corpus (about 45 minutes on 2 cores). --quick: the typical "
                + "corpus, every row warmed until its JIT settles, short iterations, about 3 minutes."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--decoder", defaultValue = "all", paramLabel = "NAME|all", converter = Converters.DecoderNamesOrAll.class,
            description = "Decoder(s) to benchmark, comma-separated, or 'all' (every available decoder). Default: all.")
    String decoder;

    @Option(names = "--corpus", paramLabel = "NAME|DIR", split = ",", converter = CorpusConverter.class,
            description = "Bundled corpus (small, typical, large, typical-air) or a directory of payload files; "
                    + "repeatable. Default: typical with --quick, every bundled corpus otherwise.")
    List<String> corpora;

    @Option(names = "--quick", description = "1 fork, a warm-up until the row's JIT settles (at most 5 s), 8×0.4 s "
            + "measurement: about 3 minutes for every decoder and reference on the typical corpus.")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "Write JMH's own result JSON here.")
    Path json;

    @Option(names = "--summary", paramLabel = "FILE",
            description = "Write {\"corpus\":…,\"results\":[{\"decoder\",\"mbPerSec\",\"samplesPerSec\",\"allocBytesPerSample\",\"error\"}]}.")
    Path summary;

    @Option(names = "--report", paramLabel = "DIR", description = "Write report.md and PNG charts here.")
    Path report;

    @Mixin
    JvmOption jvmOption = new JvmOption();

    @Mixin
    io.promsnap.cli.options.MatchOption match = new io.promsnap.cli.options.MatchOption();

    @Option(names = "--jvm-arg", paramLabel = "ARG", description = "Extra argument for the forked JVMs; repeatable.")
    List<String> jvmArgs = new ArrayList<>();

    @Option(names = "--no-references", description = "Only the decoder rows.")
    boolean noReferences;

    @Option(names = "--no-batch", description = "Skip the convenience-API (decodeBatch) rows.")
    boolean noBatch;

    @Option(names = "--forks", converter = Converters.PositiveInt.class, description = "Override the number of forks (1 or more).")
    Integer forks;

    @Option(names = "--verbose", description = "Show JMH's full output instead of the condensed progress.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<String> names = corpora == null || corpora.isEmpty()
                ? (quick ? List.of("typical") : Corpus.bundledNames()) : corpora;
        Loaded loaded = load(names);
        List<String> decoders = decoders(decoder);
        List<String> refs = noReferences ? List.of() : Workloads.references(DecoderRegistry.getDefault(), loaded.allRaw());
        BenchRunner.Settings s = quick ? BenchRunner.Settings.QUICK : BenchRunner.Settings.CAREFUL;
        if (forks != null) {
            s = s.withForks(forks);
        }
        Path jsonFile = json != null ? json : Files.createTempFile("promsnap-bench", ".json");
        if (jsonFile.toAbsolutePath().getParent() != null) {
            Files.createDirectories(jsonFile.toAbsolutePath().getParent());
        }
        List<String> args = new ArrayList<>(BenchRunner.HEAP_ARGS);
        args.addAll(jvmArgs);
        BenchRunner.Plan plan = new BenchRunner.Plan(decoders, refs, loaded.params(), !noBatch, s, jvmOption.path(), args,
                jsonFile.toAbsolutePath());
        BenchRunner.run(plan, loaded.sizes(), out, verbose, match.selector());
        Results results = Results.read(jsonFile);
        printTable(results, loaded.sizes(), out);
        if (summary != null) {
            results.writeSummary(summary, loaded.sizes());
            out.println("summary: " + summary);
        }
        if (report != null) {
            Report.write(report, results, loaded.sizes(), "promsnap decoder benchmark");
            out.println("report: " + report.resolve("report.md"));
        }
        if (json != null) {
            out.println("JMH JSON: " + json);
        } else {
            Files.deleteIfExists(jsonFile);
        }
        out.flush();
        long failed = BenchRunner.benchmarks(plan, match.selector()) - results.rows().size();
        if (failed > 0) {
            spec.commandLine().getErr().println("promsnap bench: " + failed + " benchmark(s) failed; see the output above");
            return 1;
        }
        return 0;
    }

    /** Corpora loaded once in this JVM for their sizes; JMH gets absolute paths for directories. */
    record Loaded(List<String> params, Map<String, Results.CorpusSize> sizes, boolean allRaw) {
    }

    static Loaded load(List<String> names) {
        List<String> params = new ArrayList<>();
        Map<String, Results.CorpusSize> sizes = new LinkedHashMap<>();
        boolean raw = true;
        for (String n : names) {
            String param = Corpus.isBundled(n) ? n : Path.of(n).toAbsolutePath().normalize().toString();
            if (param.contains(",")) {
                throw new IllegalArgumentException("a corpus path must not contain ',': " + param);
            }
            Corpus c = Corpus.load(param);
            params.add(param);
            sizes.put(param, new Results.CorpusSize(c.samples(), c.jsonBytes(), c.compressedBytes()));
            raw &= c.allRaw();
        }
        return new Loaded(params, sizes, raw);
    }

    static List<String> decoders(String spec) {
        DecoderRegistry r = DecoderRegistry.getDefault();
        if (spec.equals("all")) {
            List<String> all = Workloads.decoders(r);
            if (all.isEmpty()) {
                throw new IllegalStateException("no decoder is available here; see 'promsnap decoders'");
            }
            return all;
        }
        List<String> out = new ArrayList<>();
        for (String n : spec.split(",")) {
            r.create(n.trim(), io.promsnap.DecoderConfig.defaults()).close(); // fails early with the reason
            out.add(n.trim());
        }
        return out;
    }

    static void printTable(Results results, Map<String, Results.CorpusSize> sizes, PrintWriter out) {
        boolean anyUnstable = false;
        for (String corpus : results.corpora()) {
            Row seed = results.find(corpus, "seed-naive");
            out.printf("%nCorpus %s%n", corpus);
            out.printf("%-36s %10s %8s %12s %12s %10s  %-22s%n", "ROW", "JSON MB/s", "±", "comp. MB/s", "samples/s",
                    "B/sample", "× seed-naive [interval]");
            List<Row> rows = new ArrayList<>(results.rows().stream().filter(r -> r.corpus().equals(corpus)).toList());
            rows.sort(Comparator.comparingDouble(Row::score).reversed());
            for (Row r : rows) {
                Results.Rates x = Results.rates(r, sizes.get(corpus));
                anyUnstable |= r.unstable();
                out.printf("%-36s %10.1f %8.1f %12.1f %11.2fM %10s  %s%s%n", r.name(), x.mbPerSec(), x.mbError(),
                        x.compressedMbPerSec(), x.samplesPerSec() / 1e6,
                        Double.isNaN(x.allocBytesPerSample()) ? "-" : String.format("%.1f", x.allocBytesPerSample()),
                        seed == null ? "-" : r == seed ? "1" : r.ratioText(seed), r.unstable() ? "  UNSTABLE" : "");
            }
        }
        if (anyUnstable) {
            out.printf("%nUNSTABLE: the row's 99.9%% error exceeds a third of its score (JMH could not settle: a busy "
                    + "machine, GC pauses or too short a warm-up); it is shown but no ratio is claimed from it.%n");
        }
        Map<String, String> env = new LinkedHashMap<>(results.environment());
        env.remove("jvmArgs");
        out.println();
        out.println("JVM: " + env + "; machine: " + Environment.machine());
        out.flush();
    }
}
