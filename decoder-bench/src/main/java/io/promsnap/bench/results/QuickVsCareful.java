package io.promsnap.bench.results;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether a quick run tells the same story as a careful one (issue 16): per row, the quick score must lie
 * within the careful interval widened by 15% of the careful score, and the quick run's own 99.9% error must
 * be at most 15% of its score. Prints a Markdown table for docs/benchmarks.md.
 * {@code java -cp promsnap.jar io.promsnap.bench.results.QuickVsCareful quick.json careful.json}
 */
public final class QuickVsCareful {
    static final double TOLERANCE = 0.15;

    private QuickVsCareful() {
    }

    public record Line(String corpus, String name, Row careful, Row quick, boolean agrees, boolean tight) {
    }

    public static List<Line> compare(Results quick, Results careful) {
        List<Line> out = new ArrayList<>();
        for (Row c : careful.rows()) {
            Row q = quick.find(c.corpus(), c.name());
            if (q == null) {
                out.add(new Line(c.corpus(), c.name(), c, null, false, false));
                continue;
            }
            boolean agrees = Math.abs(q.score() - c.score()) <= c.error() + TOLERANCE * c.score();
            boolean tight = q.relativeError() <= TOLERANCE;
            out.add(new Line(c.corpus(), c.name(), c, q, agrees, tight));
        }
        return out;
    }

    public static String markdown(List<Line> lines) {
        return markdown(lines, corpus -> 0);
    }

    /** With {@code jsonMbPerOp} (MB of JSON one JMH operation decodes on a corpus, 0 if unknown) JMH scores show as MB/s. */
    public static String markdown(List<Line> lines, java.util.function.ToDoubleFunction<String> jsonMbPerOp) {
        StringBuilder sb = new StringBuilder();
        sb.append("| corpus | row | careful | quick | quick / careful | within careful ± 15% | quick error ≤ 15% |\n");
        sb.append("|---|---|---:|---:|---:|---|---|\n");
        int ok = 0;
        for (Line l : lines) {
            if (l.quick() == null) {
                sb.append(String.format(Locale.ROOT, "| %s | %s | %s | – | – | missing | – |%n", l.corpus(), l.name(),
                        score(l.careful(), jsonMbPerOp.applyAsDouble(l.corpus()))));
                continue;
            }
            ok += l.agrees() && l.tight() ? 1 : 0;
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f | %s | %s |%n", l.corpus(), l.name(),
                    score(l.careful(), jsonMbPerOp.applyAsDouble(l.corpus())),
                    score(l.quick(), jsonMbPerOp.applyAsDouble(l.corpus())), l.quick().score() / l.careful().score(),
                    l.agrees() ? "yes" : "**no**",
                    String.format(Locale.ROOT, "%s (%.0f%%)", l.tight() ? "yes" : "**no**", 100 * l.quick().relativeError())));
        }
        sb.append(String.format(Locale.ROOT, "%n%d of %d rows agree and are tight.%n", ok, lines.size()));
        return sb.toString();
    }

    private static String score(Row r, double mbPerOp) {
        double v = r.score();
        double e = r.error();
        String unit = " MB/s";
        if (r.unit().equals(Results.UNIT_JMH)) {
            if (mbPerOp > 0) {
                v *= mbPerOp;
                e *= mbPerOp;
            } else {
                unit = " ops/s";
            }
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f ± %.0f%s" : "%.2f ± %.2f%s", v, e, unit);
    }

    /** MB of JSON per operation on a bundled corpus or an existing directory; 0 otherwise. */
    static double jsonMbPerOp(String corpus) {
        try {
            if (io.promsnap.bench.corpus.Corpus.isBundled(corpus) || java.nio.file.Files.isDirectory(Path.of(corpus))) {
                return io.promsnap.bench.corpus.Corpus.load(corpus).jsonBytes() / 1e6;
            }
        } catch (RuntimeException e) {
            // unknown here: scores stay in ops/s
        }
        return 0;
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: QuickVsCareful QUICK.json CAREFUL.json (JMH result JSON or promsnap summaries)");
            System.exit(2);
        }
        try {
            List<Line> lines = compare(Results.read(Path.of(args[0])), Results.read(Path.of(args[1])));
            System.out.print(markdown(lines, QuickVsCareful::jsonMbPerOp));
            System.exit(lines.stream().allMatch(l -> l.agrees() && l.tight()) ? 0 : 1);
        } catch (MalformedResultsException e) {
            System.err.println("QuickVsCareful: " + e.getMessage());
            System.exit(2);
        }
    }
}
