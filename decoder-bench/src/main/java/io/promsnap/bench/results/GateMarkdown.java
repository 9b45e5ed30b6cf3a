package io.promsnap.bench.results;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The gate's outcome as GitHub/GitLab-flavoured Markdown: a one-line headline, a direction-aware table per
 * metric (throughput higher is better, allocation lower is better) with each ratio or difference, its
 * interval and the verdict, and the environment of both sides. Self-contained, so it can be appended to
 * {@code $GITHUB_STEP_SUMMARY} or posted as a pull-request or merge-request comment as it is. No
 * timestamps: the same outcome gives the same text.
 */
public final class GateMarkdown {
    private GateMarkdown() {
    }

    public static String render(Gate.Outcome o) {
        Gate.Thresholds t = o.thresholds();
        StringBuilder md = new StringBuilder();
        md.append("### ").append(o.regression() ? "❌ " : "✅ ").append(Gate.headline(o)).append("\n\n");
        String mode = o.mode().equals("interleaved")
                ? "baseline and candidate builds in interleaved forks (" + o.baselineEnvironment().getOrDefault("rounds", "?")
                        + " rounds; 99% Student-t intervals over the paired rounds)"
                : Results.SCORE_BEST.equals(o.baselineEnvironment().get(Results.SCORE_KEY))
                        ? "two result files, each row scored by its run's best measurement iteration (the baseline is the "
                                + "median of " + o.baselineEnvironment().get("baselineRuns") + " runs; 99.9% prediction "
                                + "intervals from their spread)"
                        : "two result files (JMH 99.9% intervals" + (o.baselineEnvironment().containsKey("baselineRuns")
                                ? "; the baseline is the median of " + o.baselineEnvironment().get("baselineRuns")
                                        + " runs, its interval widened by their spread" : "") + ")";
        md.append(String.format(Locale.ROOT, "Compared: %s. A decoder row fails on a throughput ratio below %.3f whose "
                + "whole interval is below 1, or on allocating more than max(+%s B/sample, +%s%%) over the baseline, "
                + "clear of both errors. Reference rows are shown for machine drift and never fail.%s%n%n",
                mode, 1 - t.maxRegressionPct() / 100, Gate.num(t.allocAbsolute()), Gate.num(t.allocPct()),
                o.normalizedBy() == null ? "" : " Scores are normalised by `" + o.normalizedBy() + "` of the same run."));

        md.append("#### Throughput (higher is better)\n\n");
        md.append("| corpus | row | baseline | candidate | ratio | interval | verdict |\n");
        md.append("|---|---|---:|---:|---:|---|---|\n");
        for (Gate.Line l : o.lines()) {
            if (l.metric() != Gate.Metric.THROUGHPUT) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", cell(corpus(l.corpus())),
                    cell(l.name()), num(l.baseline()), num(l.candidate()),
                    Double.isNaN(l.ratio()) ? "–" : bold(l, String.format(Locale.ROOT, "%.3f", l.ratio())),
                    Double.isNaN(l.low()) ? "–" : String.format(Locale.ROOT, "[%.3f, %.3f]", l.low(), l.high()),
                    verdict(l)));
        }
        if (o.lines().stream().anyMatch(l -> l.metric() == Gate.Metric.ALLOCATION)) {
            md.append("\n#### Allocation (bytes per sample, lower is better)\n\n");
            md.append("| corpus | row | baseline | candidate | change | interval | verdict |\n");
            md.append("|---|---|---:|---:|---:|---|---|\n");
            for (Gate.Line l : o.lines()) {
                if (l.metric() != Gate.Metric.ALLOCATION) {
                    continue;
                }
                boolean known = Double.isFinite(l.baseline()) && Double.isFinite(l.candidate());
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", cell(corpus(l.corpus())),
                        cell(l.name()), known ? bytes(l.baseline(), "") : "–", known ? bytes(l.candidate(), "") : "–",
                        known ? bold(l, bytes(l.difference(), "+")) : "–",
                        known ? "[" + bytes(l.low(), "+") + ", " + bytes(l.high(), "+") + "]" : "–", verdict(l)));
            }
        }

        md.append("\n<details><summary>Environment of both sides</summary>\n\n");
        md.append("| | baseline | candidate |\n|---|---|---|\n");
        Set<String> keys = new LinkedHashSet<>(sorted(o.baselineEnvironment().keySet()));
        keys.addAll(sorted(o.candidateEnvironment().keySet()));
        for (String k : keys) {
            md.append("| ").append(cell(k)).append(" | ").append(cell(o.baselineEnvironment().getOrDefault(k, "–")))
                    .append(" | ").append(cell(o.candidateEnvironment().getOrDefault(k, "–"))).append(" |\n");
        }
        md.append("\n</details>\n");
        return md.toString();
    }

    private static List<String> sorted(Set<String> keys) {
        List<String> l = new ArrayList<>(keys);
        l.sort(null);
        return l;
    }

    private static String verdict(Gate.Line l) {
        String label = l.verdict().label(l.metric());
        return switch (l.verdict()) {
            case REGRESSION -> "❌ **" + label + "**";
            case NOISE -> "⚠️ " + label;
            case FASTER -> "🚀 " + label;
            default -> label;
        };
    }

    private static String bold(Gate.Line l, String s) {
        return l.verdict() == Gate.Verdict.REGRESSION ? "**" + s + "**" : s;
    }

    /** A directory corpus by its last path element: the table is read in a browser, not on the runner. */
    private static String corpus(String c) {
        int slash = Math.max(c.lastIndexOf('/'), c.lastIndexOf('\\'));
        return slash >= 0 && slash < c.length() - 1 ? c.substring(slash + 1) : c;
    }

    /** Bytes per sample: two decimals near zero (where the absolute allowance of about 1 B decides), one above. */
    private static String bytes(double v, String sign) {
        return String.format(Locale.ROOT, "%" + sign + (Math.abs(v) < 10 ? ".2f" : ".1f"), v);
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.4g", v);
    }

    /** Table cells must not break the row: pipes escaped, newlines flattened. */
    static String cell(String s) {
        return s.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }
}
