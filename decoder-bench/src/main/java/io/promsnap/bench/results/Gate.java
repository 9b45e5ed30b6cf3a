package io.promsnap.bench.results;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares a candidate run with a baseline, row by row, on throughput ratios with their confidence
 * intervals. A row regresses only when the candidate is slower than {@code maxRegressionPct} allows
 * <em>and</em> the slowdown is statistically clear (the whole ratio interval lies below 1): noise on a
 * shared machine must not fail a build, a real slowdown must. Only decoder rows (visitor and batch API)
 * can fail the gate; reference rows are shown as information (they reveal machine drift between runs).
 */
public final class Gate {

    public enum Verdict {
        OK("ok"), FASTER("faster"), NOISE("slower, within noise"), REGRESSION("REGRESSION"), MISSING("missing"),
        INFO("reference");

        final String label;

        Verdict(String label) {
            this.label = label;
        }
    }

    /** One compared row; {@code low}/{@code high} bound the ratio candidate / baseline. */
    public record Line(String corpus, String name, double baseline, double candidate, double ratio, double low,
                       double high, Verdict verdict) {
    }

    public record Outcome(List<Line> lines, boolean regression, String normalizedBy) {
    }

    private Gate() {
    }

    /**
     * Compares two result files. With {@code normalizeBy} (a reference row such as
     * {@code decompress-only:snappy-java}), every score is first divided by that row's score in the same
     * file, which cancels a machine that is uniformly faster or slower between the two runs.
     */
    public static Outcome compare(Results baseline, Results candidate, double maxRegressionPct, String normalizeBy) {
        List<Line> lines = new ArrayList<>();
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
            Verdict v = verdict(ratio, ratio * (1 - rel), ratio * (1 + rel), maxRegressionPct);
            if (b.kind() == Row.Kind.REFERENCE && v != Verdict.MISSING) {
                v = Verdict.INFO;
            }
            regression |= v == Verdict.REGRESSION;
            lines.add(new Line(b.corpus(), b.name(), bScore, cScore, ratio, ratio * (1 - rel), ratio * (1 + rel), v));
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
        return new Outcome(lines, regression, normalizeBy);
    }

    /** The rule, shared with the interleaved mode. */
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

    public static void print(Outcome o, double maxRegressionPct, PrintWriter out) {
        out.printf("%-14s %-38s %14s %14s %8s %19s  %s%n", "CORPUS", "ROW", "BASELINE", "CANDIDATE", "RATIO",
                "INTERVAL", "VERDICT");
        for (Line l : o.lines()) {
            out.printf("%-14s %-38s %14s %14s %8s %19s  %s%n", shorten(l.corpus(), 14), shorten(l.name(), 38),
                    fmt(l.baseline()), fmt(l.candidate()), Double.isNaN(l.ratio()) ? "-" : String.format("%.3f", l.ratio()),
                    Double.isNaN(l.low()) ? "-" : String.format("[%.3f, %.3f]", l.low(), l.high()), l.verdict().label);
        }
        out.printf("%nA decoder row fails when its ratio is below %.3f and its whole interval is below 1%s.%nIntervals: JMH 99.9%% confidence (files) or 99%% Student-t over the interleaved rounds.%n",
                1 - maxRegressionPct / 100, o.normalizedBy() == null ? "" : " (scores normalised by " + o.normalizedBy() + ")");
        out.println(o.regression() ? "GATE FAILED: regression" : "gate passed");
        out.flush();
    }

    private static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return v >= 100 ? String.format("%,.0f", v) : String.format("%.4g", v);
    }

    static String shorten(String s, int n) {
        return s.length() <= n ? s : "…" + s.substring(s.length() - n + 1);
    }
}
