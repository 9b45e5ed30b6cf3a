package io.promsnap.bench.results;

/**
 * One benchmark row of one run: a decoder (visitor or batch API) or a reference, on one corpus.
 * {@code score} is in {@link #unit} (corpora per second from JMH JSON, MB/s of JSON from a summary);
 * ratios between rows of the same unit are what the gate and the report use.
 *
 * @param error        half-width of the 99.9% confidence interval JMH reports (0 when unknown)
 * @param allocPerOp   bytes allocated per operation ({@code -prof gc} normalised), NaN when not measured
 * @param perFork      mean score of each fork, for the interleaved gate; may be empty
 * @param allocError   half-width of the 99.9% interval of {@code allocPerOp} (0 when unknown)
 * @param best         the best measurement iteration of the run (JMH JSON's raw data), NaN when unknown; see
 *                     {@link Results#bestIterations()}
 */
public record Row(String corpus, String name, Kind kind, double score, double error, String unit, double allocPerOp,
                  double[] perFork, double allocError, double best) {

    public Row(String corpus, String name, Kind kind, double score, double error, String unit, double allocPerOp,
               double[] perFork, double allocError) {
        this(corpus, name, kind, score, error, unit, allocPerOp, perFork, allocError, Double.NaN);
    }

    public Row(String corpus, String name, Kind kind, double score, double error, String unit, double allocPerOp,
               double[] perFork) {
        this(corpus, name, kind, score, error, unit, allocPerOp, perFork, 0);
    }

    /**
     * A row whose 99.9% error is more than a third of its score: JMH could not settle on a number (too
     * short a warm-up, GC pauses, a busy machine). Such a row is shown but never used for a ratio claim.
     */
    public static final double UNSTABLE_RELATIVE_ERROR = 1.0 / 3;

    public boolean unstable() {
        return relativeError() > UNSTABLE_RELATIVE_ERROR;
    }

    public enum Kind {
        DECODER, BATCH, REFERENCE;

        public static Kind ofRow(String name) {
            if (name.endsWith(" (batch)")) {
                return BATCH;
            }
            return name.contains("+") && !name.contains(":") ? DECODER : REFERENCE;
        }
    }

    /** {@code corpus|name}: how rows of two files are matched. */
    public String key() {
        return corpus + "|" + name;
    }

    public double relativeError() {
        return score > 0 && error > 0 && Double.isFinite(error) ? error / score : 0;
    }

    /**
     * {@code this.score / other.score} with its interval, the two relative errors combined:
     * {@code {ratio, low, high}}.
     */
    public double[] ratioTo(Row other) {
        double r = score / other.score;
        double rel = Math.hypot(relativeError(), other.relativeError());
        return new double[] {r, r * (1 - rel), r * (1 + rel)};
    }

    /**
     * The ratio as printed everywhere: {@code 3.21× [2.80, 3.62]}, or why no ratio is claimed when either row
     * is {@link #unstable()}.
     */
    public String ratioText(Row other) {
        if (unstable() || other.unstable()) {
            return "- (" + (unstable() ? name : other.name) + " unstable)";
        }
        double[] r = ratioTo(other);
        return String.format(java.util.Locale.ROOT, "%.2f× [%.2f, %.2f]", r[0], Math.max(0, r[1]), r[2]);
    }
}
