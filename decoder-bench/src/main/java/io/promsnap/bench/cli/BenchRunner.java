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

    /**
     * Measurement settings. {@code settleMillis}: before JMH's own warm-up, each fork runs its row until the
     * JIT has been idle for a while, at most this long ({@link io.promsnap.bench.Settle}); 0 turns it off.
     */
    public record Settings(int forks, int warmupIterations, TimeValue warmupTime, int iterations, TimeValue time,
                           long settleMillis) {
        public Settings(int forks, int warmupIterations, TimeValue warmupTime, int iterations, TimeValue time) {
            this(forks, warmupIterations, warmupTime, iterations, time, 0);
        }

        /**
         * A JIT-settled warm-up (typically 1–3 s, at most 5), one 0.4 s JMH warm-up iteration and eight 0.4 s
         * measurements (eight, so that the 99.9% t interval is under 2 standard deviations of one iteration):
         * about 8 s per row with the fork, 23 rows on one corpus in about 3 minutes on 2 cores.
         */
        public static final Settings QUICK = new Settings(1, 1, TimeValue.milliseconds(400), 8, TimeValue.milliseconds(400),
                5_000);
        /** Two forks (JIT decisions differ between forks), longer warm-up and measurement. */
        public static final Settings CAREFUL = new Settings(2, 4, TimeValue.seconds(1), 5, TimeValue.seconds(2), 10_000);

        public Settings withForks(int f) {
            return new Settings(f, warmupIterations, warmupTime, iterations, time, settleMillis);
        }

        double secondsPerRow() {
            return forks * (warmupIterations * warmupTime.convertTo(java.util.concurrent.TimeUnit.MILLISECONDS)
                    + iterations * time.convertTo(java.util.concurrent.TimeUnit.MILLISECONDS)) / 1000.0
                    + forks * (1.5 + Math.min(settleMillis, 2_000) / 1000.0);
        }
    }

    /**
     * The forks' heap: fixed (no resizing mid-run), a young generation large enough that the allocating rows
     * (batch API, seed-naive, naive pairs: up to about 2 GB/s) collect a few times per iteration rather than
     * promote and pause, and pre-touched so that the first iterations do not pay for page faults.
     */
    public static final List<String> HEAP_ARGS = List.of("-Xms1g", "-Xmx1g", "-Xmn600m", "-XX:+AlwaysPreTouch");

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
        if (plan.settings().settleMillis() > 0) {
            args.add("-Dpromsnap.bench.settle=" + plan.settings().settleMillis());
        }
        args.add("-Dpromsnap.bench.gcEachIteration=true");
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
                // each iteration starts on a collected heap (no pause carried over from the last), by one
                // System.gc() per iteration in the fork (Settle.beforeIteration) rather than JMH's -gc, which waits
                .shouldDoGC(false)
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
