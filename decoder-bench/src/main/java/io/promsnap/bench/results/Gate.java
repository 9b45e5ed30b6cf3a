package io.promsnap.bench.results;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Compares a candidate run with a baseline, row by row, on two metrics with their confidence intervals.
 * <ul>
 * <li><b>Throughput</b> (higher is better): a row regresses only when the candidate is slower than
 * {@code maxRegressionPct} allows <em>and</em> the slowdown is statistically clear (the whole ratio interval
 * lies below 1): noise on a shared machine must not fail a build, a real slowdown must.</li>
 * <li><b>Allocation</b> (bytes per sample from {@code -prof gc}'s {@code gc.alloc.rate.norm}, lower is better):
 * a row regresses when it allocates more than the larger of {@code allocAbsolute} B/sample and
 * {@code allocPct}% of its baseline more, and the increase is clear of both errors. The absolute allowance
 * governs rows whose baseline is near zero (the visitor decoders: any per-sample allocation fails them); the
 * relative one governs rows that allocate by design (the batch API).</li>
 * </ul>
 * Only decoder rows (visitor and batch API) can fail the gate; reference rows are shown as information
 * (they reveal machine drift between runs).
 */
public final class Gate {

    /** Throughput is higher-is-better, allocation (B/sample) lower-is-better; the outputs label them so. */
    public enum Metric {
        THROUGHPUT, ALLOCATION
    }

    public enum Verdict {
        OK("ok", "ok"), FASTER("faster", "allocates less"), NOISE("slower, within noise", "more, within noise"),
        REGRESSION("REGRESSION", "REGRESSION"), MISSING("missing", "not measured"), INFO("reference", "reference");

        final String label;
        final String allocationLabel;

        Verdict(String label, String allocationLabel) {
            this.label = label;
            this.allocationLabel = allocationLabel;
        }

        public String label(Metric m) {
            return m == Metric.ALLOCATION ? allocationLabel : label;
        }
    }

    /** What fails the gate: a slowdown of more than {@code maxRegressionPct}%, or more allocation (see the class). */
    public record Thresholds(double maxRegressionPct, double allocAbsolute, double allocPct) {
        public static Thresholds of(double maxRegressionPct) {
            return new Thresholds(maxRegressionPct, 1, 10);
        }

        /** The allocation increase tolerated over {@code baseline} B/sample. */
        public double allocAllowance(double baseline) {
            return Math.max(allocAbsolute, baseline * allocPct / 100);
        }
    }

    /**
     * One compared row of one metric. Throughput: {@code baseline}/{@code candidate} are scores and
     * {@code low}/{@code high} bound the ratio candidate / baseline. Allocation: B/sample, and
     * {@code low}/{@code high} bound the difference candidate − baseline in B/sample.
     */
    public record Line(Metric metric, String corpus, String name, double baseline, double candidate, double ratio,
                       double low, double high, Verdict verdict) {
        public Line(String corpus, String name, double baseline, double candidate, double ratio, double low,
                    double high, Verdict verdict) {
            this(Metric.THROUGHPUT, corpus, name, baseline, candidate, ratio, low, high, verdict);
        }

        public double difference() {
            return candidate - baseline;
        }
    }

    /** The compared lines and what the comparison was made of, for the text and Markdown outputs. */
    public record Outcome(List<Line> lines, boolean regression, String normalizedBy, Thresholds thresholds,
                          String mode, Map<String, String> baselineEnvironment, Map<String, String> candidateEnvironment) {
        public Outcome {
            lines = List.copyOf(lines);
            baselineEnvironment = Map.copyOf(baselineEnvironment);
            candidateEnvironment = Map.copyOf(candidateEnvironment);
        }

        public List<Line> regressions() {
            return lines.stream().filter(l -> l.verdict() == Verdict.REGRESSION).toList();
        }
    }

    private Gate() {
    }

    public static Outcome compare(Results baseline, Results candidate, double maxRegressionPct, String normalizeBy) {
        return compare(baseline, candidate, Thresholds.of(maxRegressionPct), normalizeBy, corpus -> 0);
    }

    /**
     * Compares two result files. With {@code normalizeBy} (a reference row such as
     * {@code decompress-only:snappy-java}), every score is first divided by that row's score in the same
     * file, which cancels a machine that is uniformly faster or slower between the two runs.
     * {@code samplesPerOp} gives the samples one JMH operation decodes on a corpus (0 when unknown: then
     * a JMH file's allocation cannot be put per sample and is not compared).
     */
    public static Outcome compare(Results baseline, Results candidate, Thresholds t, String normalizeBy,
                                  ToLongFunction<String> samplesPerOp) {
        List<Line> lines = new ArrayList<>();
        List<Line> allocation = new ArrayList<>();
        boolean regression = false;
        for (Row b : baseline.rows()) {
            Row c = candidate.find(b.corpus(), b.name());
            if (c == null) {
                lines.add(new Line(b.corpus(), b.name(), b.score(), Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        Verdict.MISSING));
                continue;
            }
            if (!b.unit().equals(c.unit())) {
                throw new MalformedResultsException("row " + b.key() + " is in " + b.unit() + " in the baseline but in "
                        + c.unit() + " in the candidate; compare files of the same format");
            }
            double bScore = b.score();
            double cScore = c.score();
            double bRel = b.relativeError();
            double cRel = c.relativeError();
            if (normalizeBy != null) {
                Row bn = baseline.find(b.corpus(), normalizeBy);
                Row cn = candidate.find(b.corpus(), normalizeBy);
                if (bn == null || cn == null) {
                    throw new MalformedResultsException("cannot normalise by '" + normalizeBy + "': no such row for corpus "
                            + b.corpus() + " in " + (bn == null ? "the baseline" : "the candidate"));
                }
                bScore /= bn.score();
                cScore /= cn.score();
                bRel = Math.hypot(bRel, bn.relativeError());
                cRel = Math.hypot(cRel, cn.relativeError());
            }
            if (bScore <= 0) {
                throw new MalformedResultsException("row " + b.key() + " has a zero baseline score");
            }
            double ratio = cScore / bScore;
            double rel = Math.hypot(bRel, cRel);
            double low = Math.max(0, ratio * (1 - rel)); // a ratio is never negative, however wide the errors
            Verdict v = verdict(ratio, low, ratio * (1 + rel), t.maxRegressionPct());
            if (b.kind() == Row.Kind.REFERENCE && v != Verdict.MISSING) {
                v = Verdict.INFO;
            }
            regression |= v == Verdict.REGRESSION;
            lines.add(new Line(b.corpus(), b.name(), bScore, cScore, ratio, low, ratio * (1 + rel), v));
            if (b.kind() != Row.Kind.REFERENCE && (Double.isFinite(b.allocPerOp()) || Double.isFinite(c.allocPerOp()))) {
                long perOp = b.unit().equals(Results.UNIT_SUMMARY) ? 1 : samplesPerOp.applyAsLong(b.corpus());
                Line a = perOp <= 0
                        ? new Line(Metric.ALLOCATION, b.corpus(), b.name(), Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                                Double.NaN, Verdict.MISSING)
                        : allocation(b.corpus(), b.name(), b.allocPerOp() / perOp, b.allocError() / perOp,
                                c.allocPerOp() / perOp, c.allocError() / perOp, t);
                regression |= a.verdict() == Verdict.REGRESSION;
                allocation.add(a);
            }
        }
        for (Row c : candidate.rows()) {
            if (baseline.find(c.corpus(), c.name()) == null) {
                lines.add(new Line(c.corpus(), c.name(), Double.NaN, c.score(), Double.NaN, Double.NaN, Double.NaN,
                        Verdict.MISSING));
            }
        }
        if (lines.stream().noneMatch(l -> l.verdict() != Verdict.MISSING)) {
            throw new MalformedResultsException("the two files have no row in common (compare runs of the same "
                    + "benchmarks and corpora)");
        }
        lines.addAll(allocation);
        return new Outcome(lines, regression, normalizeBy, t, "files", baseline.environment(), candidate.environment());
    }

    /**
     * The allocation verdict of one row, in B/sample with 99.9% half-widths; shared with the interleaved mode.
     * An unmeasured side (NaN) gives {@link Verdict#MISSING}.
     */
    public static Line allocation(String corpus, String name, double base, double baseErr, double cand, double candErr,
                                  Thresholds t) {
        if (!Double.isFinite(base) || !Double.isFinite(cand)) {
            return new Line(Metric.ALLOCATION, corpus, name, base, cand, Double.NaN, Double.NaN, Double.NaN,
                    Verdict.MISSING);
        }
        double diff = cand - base;
        double err = Math.hypot(finiteOrZero(baseErr), finiteOrZero(candErr));
        double allowance = t.allocAllowance(base);
        Verdict v;
        if (diff > allowance) {
            v = diff - err > 0 ? Verdict.REGRESSION : Verdict.NOISE;
        } else if (-diff > allowance && -diff - err > 0) {
            v = Verdict.FASTER;
        } else {
            v = Verdict.OK;
        }
        return new Line(Metric.ALLOCATION, corpus, name, base, cand, base > 0 ? cand / base : Double.NaN, diff - err,
                diff + err, v);
    }

    private static double finiteOrZero(double v) {
        return Double.isFinite(v) ? v : 0;
    }

    /** The throughput rule, shared with the interleaved mode. */
    public static Verdict verdict(double ratio, double low, double high, double maxRegressionPct) {
        double floor = 1 - maxRegressionPct / 100;
        if (ratio < floor) {
            return high < 1 ? Verdict.REGRESSION : Verdict.NOISE;
        }
        if (low > 1 + maxRegressionPct / 100) {
            return Verdict.FASTER;
        }
        return Verdict.OK;
    }

    public static void print(Outcome o, PrintWriter out) {
        Thresholds t = o.thresholds();
        out.printf("%-14s %-38s %14s %14s %8s %19s  %s%n", "CORPUS", "ROW", "BASELINE", "CANDIDATE", "RATIO",
                "INTERVAL", "VERDICT");
        boolean header = false;
        for (Line l : o.lines()) {
            if (l.metric() == Metric.ALLOCATION) {
                if (!header) {
                    out.printf("%n%-14s %-38s %14s %14s %8s %19s  %s%n", "CORPUS", "ALLOCATION (B/sample)", "BASELINE",
                            "CANDIDATE", "CHANGE", "INTERVAL", "VERDICT");
                    header = true;
                }
                boolean known = Double.isFinite(l.baseline()) && Double.isFinite(l.candidate());
                out.printf("%-14s %-38s %14s %14s %8s %19s  %s%n", shorten(l.corpus(), 14), shorten(l.name(), 38),
                        fmt(l.baseline()), fmt(l.candidate()), known ? String.format(Locale.ROOT, "%+.1f", l.difference()) : "-",
                        known ? String.format(Locale.ROOT, "[%+.1f, %+.1f]", l.low(), l.high()) : "-",
                        l.verdict().label(l.metric()));
                continue;
            }
            out.printf("%-14s %-38s %14s %14s %8s %19s  %s%n", shorten(l.corpus(), 14), shorten(l.name(), 38),
                    fmt(l.baseline()), fmt(l.candidate()), Double.isNaN(l.ratio()) ? "-" : String.format(Locale.ROOT, "%.3f", l.ratio()),
                    Double.isNaN(l.low()) ? "-" : String.format(Locale.ROOT, "[%.3f, %.3f]", l.low(), l.high()),
                    l.verdict().label(l.metric()));
        }
        out.printf(Locale.ROOT, "%nA decoder row fails when its ratio is below %.3f and its whole interval is below 1%s,%n"
                        + "or when it allocates more than max(+%s B/sample, +%s%%) over the baseline, clear of both errors.%n"
                        + "%s%n",
                1 - t.maxRegressionPct() / 100, o.normalizedBy() == null ? "" : " (scores normalised by " + o.normalizedBy() + ")",
                num(t.allocAbsolute()), num(t.allocPct()), intervals(o));
        if (o.lines().stream().anyMatch(l -> l.metric() == Metric.ALLOCATION && l.verdict() == Verdict.MISSING)) {
            out.println("Allocation 'not measured': a side ran without -prof gc, or its corpus is not here to count samples per operation.");
        }
        out.println(headline(o));
        out.flush();
    }

    /** What the scores and intervals are, in one sentence (console and Markdown). */
    static String intervals(Outcome o) {
        if (o.mode().equals("interleaved")) {
            return "Intervals: 99% Student-t over the paired interleaved rounds.";
        }
        String runs = o.baselineEnvironment().get("baselineRuns");
        if (Results.SCORE_BEST.equals(o.baselineEnvironment().get(Results.SCORE_KEY))) {
            return "Scores: each run's best measurement iteration (--score best); intervals: the 99.9% prediction "
                    + "interval of one more run from the spread of the " + runs + " pooled baseline runs.";
        }
        return "Intervals: JMH 99.9% confidence" + (runs != null
                ? "; the baseline is the median of " + runs + " runs, its interval widened by their spread." : ".");
    }

    /** One line saying what happened, for the console, a job summary or a pull-request comment. */
    public static String headline(Outcome o) {
        long gated = o.lines().stream().filter(l -> l.verdict() != Verdict.INFO && l.verdict() != Verdict.MISSING
                && l.metric() == Metric.THROUGHPUT).count();
        if (!o.regression()) {
            long faster = o.lines().stream().filter(l -> l.verdict() == Verdict.FASTER).count();
            return String.format(Locale.ROOT, "gate passed: %d decoder row(s), no throughput or allocation regression%s", gated,
                    faster == 0 ? "" : "; " + faster + " clearly better");
        }
        List<String> what = new ArrayList<>();
        for (Line l : o.regressions()) {
            what.add(l.metric() == Metric.THROUGHPUT
                    ? String.format(Locale.ROOT, "%s throughput ×%.3f", l.name(), l.ratio())
                    : String.format(Locale.ROOT, "%s allocation %+.1f B/sample", l.name(), l.difference()));
        }
        return "GATE FAILED: regression: " + String.join("; ", what);
    }

    static String num(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%s", v);
    }

    private static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.4g", v);
    }

    static String shorten(String s, int n) {
        return s.length() <= n ? s : "…" + s.substring(s.length() - n + 1);
    }
}
