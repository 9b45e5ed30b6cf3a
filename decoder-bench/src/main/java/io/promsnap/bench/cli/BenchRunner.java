package io.promsnap.bench.cli;

import io.promsnap.bench.DecoderBenchmark;
import io.promsnap.bench.ReferenceBenchmark;
import io.promsnap.bench.results.Results;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs the JMH benchmarks (each in its own forked JVM, as JMH does) with the rows and corpora of a
 * {@link Plan}, writing JMH's result JSON. The parameter values are set here at run time, so every
 * decoder the registry finds, third-party ones included, is benchmarked.
 */
public final class BenchRunner {

    /** Measurement settings. */
    public record Settings(int forks, int warmupIterations, TimeValue warmupTime, int iterations, TimeValue time) {
        /** About 5 s per row with the fork: 23 rows on one corpus in under 3 minutes on 2 cores. */
        public static final Settings QUICK = new Settings(1, 2, TimeValue.milliseconds(500), 5, TimeValue.milliseconds(500));
        /** Two forks (JIT decisions differ between forks), longer warm-up and measurement. */
        public static final Settings CAREFUL = new Settings(2, 4, TimeValue.seconds(1), 5, TimeValue.seconds(2));

        double secondsPerRow() {
            return forks * (warmupIterations * warmupTime.convertTo(java.util.concurrent.TimeUnit.MILLISECONDS)
                    + iterations * time.convertTo(java.util.concurrent.TimeUnit.MILLISECONDS)) / 1000.0 + forks * 1.5;
        }
    }

    /** What to run. Empty {@code references} skips the reference rows; {@code batch} adds the convenience API. */
    public record Plan(List<String> decoders, List<String> references, List<String> corpora, boolean batch,
                       Settings settings, String jvm, List<String> jvmArgs, Path json) {
        int benchmarks() {
            return corpora.size() * (decoders.size() * (batch ? 2 : 1) + references.size());
        }
    }

    private BenchRunner() {
    }

    /** How many benchmarks a run makes: with a selector every decoder row runs twice (without and with it). */
    public static int benchmarks(Plan plan, io.promsnap.Selector match) {
        int selected = match.isAll() ? 0 : plan.corpora().size() * plan.decoders().size() * (plan.batch() ? 2 : 1);
        return plan.benchmarks() + selected;
    }

    /** The forks' JVM arguments: {@link ForkJvm#extraArgs} first, so the user's own may override them. */
    static List<String> forkArgs(Plan plan) {
        List<String> args = new ArrayList<>(ForkJvm.extraArgs(plan.jvm()));
        args.addAll(plan.jvmArgs());
        return args;
    }

    public static void run(Plan plan, Map<String, Results.CorpusSize> sizes, PrintWriter progress, boolean verbose)
            throws RunnerException {
        run(plan, sizes, progress, verbose, io.promsnap.Selector.all());
    }

    /**
     * With a selector ({@code bench --match}): every decoder row runs twice in the same run, without and with
     * it (JMH parameter {@code match}), so the selected rows are measured beside the unselected ones.
     */
    public static void run(Plan plan, Map<String, Results.CorpusSize> sizes, PrintWriter progress, boolean verbose,
                           io.promsnap.Selector match) throws RunnerException {
        List<String> patterns = new ArrayList<>();
        if (!plan.decoders().isEmpty()) {
            patterns.add(Pattern.quote(DecoderBenchmark.class.getName()) + "\\.(visitor" + (plan.batch() ? "|batch" : "")
                    + ")");
        }
        if (!plan.references().isEmpty()) {
            patterns.add(Pattern.quote(ReferenceBenchmark.class.getName()) + "\\.run");
        }
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("nothing to benchmark: no decoder and no reference row selected");
        }
        Settings s = plan.settings();
        ChainedOptionsBuilder ob = new OptionsBuilder()
                .include("^(" + String.join("|", patterns) + ")$")
                .param("corpus", plan.corpora().toArray(String[]::new))
                .forks(s.forks())
                .warmupIterations(s.warmupIterations())
                .warmupTime(s.warmupTime())
                .measurementIterations(s.iterations())
                .measurementTime(s.time())
                .threads(1)
                .shouldFailOnError(false)
                .addProfiler(GCProfiler.class)
                .resultFormat(ResultFormatType.JSON)
                .result(plan.json().toString())
                .jvmArgsAppend(forkArgs(plan).toArray(String[]::new));
        if (!plan.decoders().isEmpty()) {
            ob.param("decoder", plan.decoders().toArray(String[]::new));
            if (!match.isAll()) {
                ob.param("match", "", match.toString());
            }
        }
        if (!plan.references().isEmpty()) {
            ob.param("reference", plan.references().toArray(String[]::new));
        }
        if (plan.jvm() != null) {
            ob.jvm(plan.jvm());
        }
        if (verbose) {
            ob.verbosity(VerboseMode.NORMAL);
            new Runner(ob.build()).run();
        } else {
            new Runner(ob.build(), new ProgressOutput(progress, benchmarks(plan, match), s.secondsPerRow(), sizes)).run();
        }
    }
}
