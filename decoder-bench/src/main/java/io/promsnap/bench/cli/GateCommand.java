package io.promsnap.bench.cli;

import io.promsnap.DecoderRegistry;
import io.promsnap.bench.Workloads;
import io.promsnap.bench.corpus.Corpus;
import io.promsnap.bench.results.Gate;
import io.promsnap.bench.results.GateMarkdown;
import io.promsnap.bench.results.History;
import io.promsnap.bench.results.MalformedResultsException;
import io.promsnap.bench.results.Results;
import io.promsnap.cli.options.Converters;
import io.promsnap.cli.options.JvmOption;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code promsnap gate}: fails a CI build on a real throughput regression and not on noise. Exit codes:
 * 0 passed, 1 regression, 2 malformed input or usage error.
 */
@Command(name = "gate", mixinStandardHelpOptions = true,
        description = {"Compare a candidate's benchmark results with a baseline's, decoder by decoder, using their "
                + "confidence intervals; exit 1 on a regression, 2 on malformed files.",
            "Files: --baseline FILE|DIR... --current FILE (JMH result JSON, promsnap summaries or history entries); "
                + "several baselines or a history directory pool into one baseline (each row's median, its interval "
                + "widened by the spread between the runs).",
            "History: --record DIR --current FILE appends the run with its commit and environment to DIR.",
            "Same invocation: --baseline-jar A --candidate-jar B [--rounds N] runs both in interleaved forks, "
                + "so that machine drift hits both sides alike."},
        exitCodeOnInvalidInput = 2)
public final class GateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--baseline", paramLabel = "FILE|DIR", arity = "1..*",
            description = "Baseline results (JMH JSON, summary or history entry); several files, or a directory "
                    + "(a --record history: its newest --history files), are pooled into one baseline.")
    List<Path> baseline;

    @Option(names = "--history", paramLabel = "N", defaultValue = "10", converter = Converters.PositiveInt.class,
            description = "From a baseline directory, use the newest N runs (default ${DEFAULT-VALUE}).")
    int history;

    @Option(names = "--record", paramLabel = "DIR",
            description = "Append --current to the history in DIR (with its commit, the time and this machine), "
                    + "after comparing it when --baseline is given too.")
    Path record;

    @Option(names = "--commit", paramLabel = "SHA",
            description = "The commit recorded with --record (default: $GITHUB_SHA, $CI_COMMIT_SHA, or git rev-parse HEAD).")
    String commit;

    /** How a two-file comparison scores a row of one run. */
    enum Score { auto, mean, best }

    /** {@code --score auto} scores by best iterations from this many pooled baseline runs on. */
    static final int BEST_FROM_RUNS = 3;

    @Option(names = "--score", paramLabel = "auto|mean|best", defaultValue = "auto",
            description = "Two-file mode: score each row of a run by the mean of its iterations (JMH's score) or by "
                    + "its best iteration, which interference on a shared machine moves far less; the interval then "
                    + "comes from the spread between the pooled baseline runs alone. auto (default): best when the "
                    + "baseline pools " + BEST_FROM_RUNS + " or more JMH result files measured like the candidate (same "
                    + "forks, iterations and iteration time), mean otherwise.")
    Score score;

    @Option(names = "--current", paramLabel = "FILE", description = "Candidate results (same format).")
    Path current;

    @Option(names = "--max-regression", paramLabel = "PCT", defaultValue = "10", converter = Converters.Percent.class,
            description = "Largest slowdown tolerated, in percent (default ${DEFAULT-VALUE}).")
    double maxRegression;

    @Option(names = "--max-alloc-increase", paramLabel = "BYTES", defaultValue = "1",
            description = "Allocation: more bytes per sample than this fail a row whose baseline allocates little "
                    + "(default ${DEFAULT-VALUE}; the larger of this and --max-alloc-increase-pct applies).")
    double maxAllocIncrease;

    @Option(names = "--max-alloc-increase-pct", paramLabel = "PCT", defaultValue = "10",
            description = "Allocation: a relative increase above this fails a row that allocates by design "
                    + "(default ${DEFAULT-VALUE}).")
    double maxAllocIncreasePct;

    @Option(names = "--markdown", paramLabel = "FILE",
            description = "Also write the outcome as Markdown (headline, direction-aware tables, both environments): "
                    + "append it to $GITHUB_STEP_SUMMARY or post it as a pull-request comment.")
    Path markdown;

    @Option(names = "--normalize", paramLabel = "ROW",
            description = "Divide every score by this reference row of the same file first "
                    + "(e.g. decompress-only:snappy-java) to cancel a uniformly faster or slower machine.")
    String normalize;

    @Option(names = {"--baseline-jar", "--baseline-cp"}, paramLabel = "JAR|CLASSPATH",
            description = "Same-invocation mode: the baseline build (a promsnap jar or a class path with decoder-bench).")
    String baselineCp;

    @Option(names = {"--candidate-jar", "--candidate-cp"}, paramLabel = "JAR|CLASSPATH",
            description = "Same-invocation mode: the candidate build.")
    String candidateCp;

    @Option(names = "--rounds", defaultValue = "6", converter = Converters.PositiveInt.class, description = "Same-invocation mode: forks per side, interleaved "
            + "(default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--decoder", paramLabel = "NAMES", split = ",", converter = Converters.DecoderName.class,
            description = "Same-invocation mode: decoders to compare (default: every decoder available here; both "
                    + "sides must know them).")
    List<String> decoders;

    @Option(names = "--corpus", defaultValue = "typical", converter = CorpusConverter.class, description = "Same-invocation mode: corpus (default ${DEFAULT-VALUE}).")
    String corpus;

    @Option(names = "--baseline-jvm-arg", paramLabel = "ARG", description = "Same-invocation mode: extra JVM argument "
            + "for the baseline side; repeatable.")
    List<String> baselineJvmArgs = new ArrayList<>();

    @Option(names = "--candidate-jvm-arg", paramLabel = "ARG", description = "Same-invocation mode: extra JVM argument "
            + "for the candidate side; repeatable (e.g. -Dpromsnap.bench.slowdown=0.2 to test the gate).")
    List<String> candidateJvmArgs = new ArrayList<>();

    @picocli.CommandLine.Mixin
    JvmOption jvmOption = new JvmOption();

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Same-invocation mode: keep each fork's JMH JSON here.")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (maxRegression <= 0 || maxRegression >= 100) {
            err.println("promsnap gate: --max-regression must be between 0 and 100 (percent)");
            return 2;
        }
        if (!(maxAllocIncrease >= 0) || !(maxAllocIncreasePct >= 0) || Double.isInfinite(maxAllocIncrease)
                || Double.isInfinite(maxAllocIncreasePct)) {
            err.println("promsnap gate: --max-alloc-increase and --max-alloc-increase-pct must be 0 or more");
            return 2;
        }
        Gate.Thresholds thresholds = new Gate.Thresholds(maxRegression, maxAllocIncrease, maxAllocIncreasePct);
        boolean files = baseline != null || current != null;
        boolean jars = baselineCp != null || candidateCp != null;
        if (files == jars) {
            err.println("promsnap gate: give either --baseline FILE --current FILE, or --baseline-jar and --candidate-jar");
            return 2;
        }
        if (record != null && (jars || current == null)) {
            err.println("promsnap gate: --record needs --current FILE (the run to append)");
            return 2;
        }
        try {
            if (files) {
                if (current == null || (baseline == null && record == null)) {
                    err.println("promsnap gate: both --baseline and --current are needed");
                    return 2;
                }
                int exit = 0;
                if (baseline != null) {
                    List<Path> baselineFiles = History.files(baseline, history);
                    List<Results> runs = History.read(baselineFiles);
                    Results candidate = Results.read(current);
                    List<Integer> best = useBest(runs, candidate, out);
                    if (best != null) {
                        baselineFiles = best.stream().map(baselineFiles::get).toList();
                        runs = best.stream().map(runs::get).map(Results::bestIterations).toList();
                        candidate = candidate.bestIterations();
                    }
                    Gate.Outcome o = Gate.compare(History.pool(runs), candidate, thresholds, normalize,
                            GateCommand::samplesPerOp);
                    if (baselineFiles.size() > 1) {
                        out.println("baseline: median of " + baselineFiles.size() + " runs ("
                                + baselineFiles.get(0).getFileName() + " ... " + baselineFiles.get(baselineFiles.size() - 1)
                                .getFileName() + ")");
                    }
                    exit = finish(o, out);
                }
                if (record != null) {
                    Path entry = History.record(record, current, commit != null ? commit : commitOfThisCheckout(),
                            java.time.Instant.now());
                    out.println("recorded: " + entry);
                    out.flush();
                }
                return exit;
            }
            if (baselineCp == null || candidateCp == null) {
                err.println("promsnap gate: both --baseline-jar and --candidate-jar are needed");
                return 2;
            }
            InterleavedGate g = new InterleavedGate(jvmOption.path(), baselineCp, candidateCp, baselineJvmArgs, candidateJvmArgs,
                    decoders == null ? Workloads.decoders(DecoderRegistry.getDefault()) : decoders, corpus, rounds, workDir);
            Gate.Outcome o = g.run(out, thresholds);
            return finish(o, out);
        } catch (MalformedResultsException e) {
            err.println("promsnap gate: " + e.getMessage());
            err.flush();
            return 2;
        }
    }

    /**
     * Which baseline runs to score by best iterations, or null to score by means: asked for, or (auto) a
     * baseline of {@value #BEST_FROM_RUNS}+ runs with per-iteration data. Only runs measured like the
     * candidate (same forks, iterations and iteration time) count: a history recorded before the bench flags
     * changed still serves once enough new runs are in it, the older ones left out (and said so). Best
     * iterations need a pooled baseline: one run has no error for them.
     */
    private List<Integer> useBest(List<Results> runs, Results candidate, PrintWriter out) {
        if (score == Score.mean) {
            return null;
        }
        String want = candidate.runLength();
        List<Integer> same = java.util.stream.IntStream.range(0, runs.size())
                .filter(i -> sameLength(want, runs.get(i)))
                .boxed().toList();
        String leftOut = same.size() == runs.size() ? null
                : "scoring by best iterations of the " + same.size() + " of " + runs.size() + " baseline runs measured "
                        + "like the candidate (" + want + "); the others are left out";
        switch (score) {
            case best -> {
                if (runs.size() < 2) {
                    throw new MalformedResultsException("--score best needs a baseline of several runs (a --record "
                            + "history or several files): one run's best iteration has no interval of its own");
                }
                if (same.size() < 2) {
                    throw new MalformedResultsException("--score best compares runs of the same length only: "
                            + lengthMismatch(runs, candidate) + " (bench the candidate with the baseline's flags, or "
                            + "use --score mean until the history holds two runs of the new length)");
                }
                if (leftOut != null) {
                    out.println(leftOut);
                }
                return same; // a file without iterations is refused by bestIterations(), naming the row
            }
            default -> {
                if (same.size() >= BEST_FROM_RUNS && allHaveIterations(same.stream().map(runs::get).toList(), candidate)) {
                    if (leftOut != null) {
                        out.println(leftOut);
                    }
                    return same;
                }
                if (same.size() < runs.size() && runs.size() >= BEST_FROM_RUNS && allHaveIterations(runs, candidate)) {
                    out.println("scoring by run means: " + lengthMismatch(runs, candidate) + ", and best iterations "
                            + "compare only runs of the same length (" + BEST_FROM_RUNS + " are needed)");
                }
                return null;
            }
        }
    }

    /** Measured like a candidate of length {@code want}; a file that does not say its length counts as the same. */
    private static boolean sameLength(String want, Results run) {
        return want == null || run.runLength() == null || want.equals(run.runLength());
    }

    private static boolean allHaveIterations(List<Results> runs, Results candidate) {
        return java.util.stream.Stream.concat(runs.stream(), java.util.stream.Stream.of(candidate))
                .allMatch(r -> r.rows().stream().allMatch(row -> Double.isFinite(row.best())));
    }

    /**
     * Null when the candidate and every baseline run measured as many iterations of the same length (or a file
     * does not say), else what differs: the best of 24 iterations beats the best of 8 of the same build, so
     * a longer candidate would hide a slowdown and a shorter one raise false alarms.
     */
    private static String lengthMismatch(List<Results> runs, Results candidate) {
        String want = candidate.runLength();
        if (want == null) {
            return null;
        }
        List<String> other = runs.stream().filter(r -> !sameLength(want, r)).map(Results::runLength).toList();
        if (other.isEmpty()) {
            return null;
        }
        return "the candidate measured " + want + " per row, " + other.size() + " of the " + runs.size()
                + " baseline runs another length (" + other.get(0) + ")";
    }

    private int finish(Gate.Outcome o, PrintWriter out) throws java.io.IOException {
        Gate.print(o, out);
        if (markdown != null) {
            Path parent = markdown.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(markdown, GateMarkdown.render(o), java.nio.charset.StandardCharsets.UTF_8);
            out.println("markdown: " + markdown);
            out.flush();
        }
        return o.regression() ? 1 : 0;
    }

    /** The CI's commit variable, else git's HEAD here, else "unknown". */
    static String commitOfThisCheckout() {
        for (String v : new String[] {"GITHUB_SHA", "CI_COMMIT_SHA"}) {
            String c = System.getenv(v);
            if (c != null && !c.isBlank()) {
                return c.trim();
            }
        }
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            String sha = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            if (p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0 && sha.matches("[0-9a-f]{7,64}")) {
                return sha;
            }
            p.destroyForcibly();
        } catch (java.io.IOException e) {
            // no git here
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "unknown";
    }

    /**
     * Samples per JMH operation on a corpus: a bundled corpus, or a directory that exists here (the gate
     * usually runs where the benchmark ran); 0 when unknown, and allocation is then not compared.
     */
    static long samplesPerOp(String corpus) {
        try {
            if (Corpus.isBundled(corpus) || Files.isDirectory(Path.of(corpus))) {
                return Corpus.load(corpus).samples();
            }
        } catch (RuntimeException e) {
            // not loadable here: allocation is shown as not measured
        }
        return 0;
    }

    /** For tests and the cli's Main. */
    public static CommandLine commandLine() {
        return new CommandLine(new GateCommand());
    }
}
