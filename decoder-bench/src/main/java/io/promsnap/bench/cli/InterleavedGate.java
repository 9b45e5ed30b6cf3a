package io.promsnap.bench.cli;

import io.promsnap.bench.DecoderBenchmark;
import io.promsnap.bench.results.Gate;
import io.promsnap.bench.results.MalformedResultsException;
import io.promsnap.bench.results.Results;
import io.promsnap.bench.results.Row;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs baseline and candidate builds in the same invocation, one JMH fork at a time, alternating which
 * side goes first each round (ABBA...), so that a shared CI machine's drift hits both sides alike. Each
 * round gives one ratio per decoder; the verdict uses the geometric mean of the ratios and its 99%
 * Student-t interval over the rounds (paired, so slow drift cancels).
 */
final class InterleavedGate {
    /** Two-sided 99% Student-t quantiles for 1..30 degrees of freedom. */
    private static final double[] T99 = {63.657, 9.925, 5.841, 4.604, 4.032, 3.707, 3.499, 3.355, 3.250, 3.169, 3.106,
        3.055, 3.012, 2.977, 2.947, 2.921, 2.898, 2.878, 2.861, 2.845, 2.831, 2.819, 2.807, 2.797, 2.787, 2.779, 2.771,
        2.763, 2.756, 2.750};

    private final String java;
    /** {@link ForkJvm#extraArgs} of {@link #java}, asked once. */
    private final List<String> forkExtra;
    private final String[] cp;
    private final List<List<String>> jvmArgs;
    private final List<String> decoders;
    private final String corpus;
    private final int rounds;
    private final Path workDir;

    InterleavedGate(String jvm, String baselineCp, String candidateCp, List<String> baselineArgs,
                    List<String> candidateArgs, List<String> decoders, String corpus, int rounds, Path workDir) {
        if (rounds < 2) {
            throw new MalformedResultsException("--rounds must be at least 2 (an interval needs two ratios)");
        }
        this.java = jvm != null ? jvm : Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.forkExtra = ForkJvm.extraArgs(jvm);
        this.cp = new String[] {baselineCp, candidateCp};
        this.jvmArgs = List.of(baselineArgs, candidateArgs);
        this.decoders = decoders;
        this.corpus = corpus;
        this.rounds = rounds;
        this.workDir = workDir;
    }

    Gate.Outcome run(PrintWriter out, Gate.Thresholds thresholds) throws IOException, InterruptedException {
        double maxRegressionPct = thresholds.maxRegressionPct();
        Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("promsnap-gate");
        // scores[side][decoder] = one mean per round
        List<Map<String, List<Double>>> scores = List.of(new LinkedHashMap<>(), new LinkedHashMap<>());
        // allocs[side][decoder] = B/op per round (-prof gc)
        List<Map<String, List<Double>>> allocs = List.of(new LinkedHashMap<>(), new LinkedHashMap<>());
        Map<String, String> env0 = new LinkedHashMap<>();
        Map<String, String> env1 = new LinkedHashMap<>();
        String[] sideName = {"baseline", "candidate"};
        for (int round = 0; round < rounds; round++) {
            int[] order = round % 2 == 0 ? new int[] {0, 1} : new int[] {1, 0};
            for (int side : order) {
                Path json = dir.resolve(String.format("round%02d-%s.json", round + 1, sideName[side]));
                out.printf("round %d/%d %-9s ", round + 1, rounds, sideName[side]);
                out.flush();
                fork(side, json);
                Results r = Results.read(json);
                (side == 0 ? env0 : env1).putAll(r.environment());
                for (Row row : r.rows()) {
                    scores.get(side).computeIfAbsent(row.name(), k -> new ArrayList<>()).add(row.score());
                    allocs.get(side).computeIfAbsent(row.name(), k -> new ArrayList<>()).add(row.allocPerOp());
                    out.printf(" %s=%.1f", row.name(), row.score());
                }
                out.println();
                out.flush();
            }
        }
        if (workDir == null) {
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
        List<Gate.Line> lines = new ArrayList<>();
        List<Gate.Line> allocation = new ArrayList<>();
        long samples = GateCommand.samplesPerOp(corpus);
        boolean regression = false;
        for (String d : decoders) {
            List<Double> b = scores.get(0).get(d);
            List<Double> c = scores.get(1).get(d);
            if (b == null || c == null || b.size() != rounds || c.size() != rounds) {
                lines.add(new Gate.Line(corpus, d, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        Gate.Verdict.MISSING));
                continue;
            }
            double[] logs = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                logs[i] = Math.log(c.get(i) / b.get(i));
            }
            double mean = 0;
            for (double v : logs) {
                mean += v;
            }
            mean /= rounds;
            double var = 0;
            for (double v : logs) {
                var += (v - mean) * (v - mean);
            }
            double sd = Math.sqrt(var / (rounds - 1));
            double half = T99[Math.min(rounds - 1, T99.length) - 1] * sd / Math.sqrt(rounds);
            double ratio = Math.exp(mean);
            double low = Math.exp(mean - half);
            double high = Math.exp(mean + half);
            Gate.Verdict v = Gate.verdict(ratio, low, high, maxRegressionPct);
            if (v != Gate.Verdict.REGRESSION && everyRoundSlower(logs, maxRegressionPct)) {
                v = Gate.Verdict.REGRESSION;
            }
            regression |= v == Gate.Verdict.REGRESSION;
            lines.add(new Gate.Line(corpus, d, mean(b), mean(c), ratio, low, high, v));
            Gate.Line a = samples <= 0
                    ? Gate.allocation(corpus, d, Double.NaN, 0, Double.NaN, 0, thresholds)
                    : Gate.allocation(corpus, d, mean(allocs.get(0).get(d)) / samples, halfWidth(allocs.get(0).get(d)) / samples,
                            mean(allocs.get(1).get(d)) / samples, halfWidth(allocs.get(1).get(d)) / samples, thresholds);
            regression |= a.verdict() == Gate.Verdict.REGRESSION;
            allocation.add(a);
        }
        lines.addAll(allocation);
        env0.put("rounds", Integer.toString(rounds));
        env1.put("rounds", Integer.toString(rounds));
        return new Gate.Outcome(lines, regression, null, thresholds, "interleaved", env0, env1);
    }

    /** Below this many rounds the sign rule is off: 2^-rounds must be small. */
    static final int SIGN_RULE_MIN_ROUNDS = 6;

    /**
     * The sign rule, for loaded machines where one disturbed round widens the t interval past 1: the
     * candidate was slower in every one of at least {@value #SIGN_RULE_MIN_ROUNDS} paired rounds (by chance
     * with probability 2^-rounds, 1.6% at six) and the median ratio is below the threshold. Measured on
     * the project's shared 2-core machine it caught injected 20% slowdowns that the t interval called
     * noise, with no false alarm on identical builds (docs/ci-gate.md).
     */
    static boolean everyRoundSlower(double[] logRatios, double maxRegressionPct) {
        if (logRatios.length < SIGN_RULE_MIN_ROUNDS) {
            return false;
        }
        for (double l : logRatios) {
            if (!(l < 0)) {
                return false;
            }
        }
        double[] sorted = logRatios.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return Math.exp(median) < 1 - maxRegressionPct / 100;
    }

    /** The 99% Student-t half-width of the mean of {@code xs}. */
    private static double halfWidth(List<Double> xs) {
        int n = xs.size();
        if (n < 2) {
            return 0;
        }
        double m = mean(xs);
        double var = 0;
        for (double x : xs) {
            var += (x - m) * (x - m);
        }
        return T99[Math.min(n - 1, T99.length) - 1] * Math.sqrt(var / (n - 1)) / Math.sqrt(n);
    }

    private static double mean(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private void fork(int side, Path json) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmArgs.get(side));
        cmd.add("-cp");
        cmd.add(cp[side]);
        cmd.add("org.openjdk.jmh.Main");
        cmd.add("^" + Pattern.quote(DecoderBenchmark.class.getName()) + "\\.visitor$");
        cmd.addAll(List.of("-f", "1", "-wi", "3", "-w", "1s", "-i", "4", "-r", "1s", "-tu", "s", "-bm", "thrpt"));
        cmd.addAll(List.of("-p", "decoder=" + String.join(",", decoders), "-p", "corpus=" + corpus));
        cmd.addAll(List.of("-prof", "gc")); // the allocation half of the gate
        cmd.addAll(List.of("-rf", "json", "-rff", json.toString()));
        List<String> forkArgs = new ArrayList<>(BenchRunner.HEAP_ARGS);
        forkArgs.addAll(forkExtra); // the same for both sides
        forkArgs.addAll(jvmArgs.get(side));
        cmd.addAll(List.of("-jvmArgsAppend", String.join(" ", forkArgs)));
        Path log = json.resolveSibling(json.getFileName() + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = p.waitFor();
        if (exit != 0 || !Files.exists(json)) {
            String tail = Files.exists(log) ? String.join("\n", lastLines(Files.readAllLines(log), 20)) : "";
            throw new MalformedResultsException("the " + (side == 0 ? "baseline" : "candidate") + " run failed (exit "
                    + exit + "): " + String.join(" ", cmd) + "\n" + tail);
        }
        if (workDir == null) {
            Files.deleteIfExists(log);
        }
    }

    private static List<String> lastLines(List<String> lines, int n) {
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }
}
