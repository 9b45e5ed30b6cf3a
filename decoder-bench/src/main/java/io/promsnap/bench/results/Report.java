package io.promsnap.bench.results;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A Markdown report with PNG charts: per corpus, a table of every row (MB/s of JSON and of compressed
 * input, samples/s, allocation per sample, × seed-naive), the project's performance goals checked as
 * ratios within the run, and the environment.
 */
public final class Report {
    private Report() {
    }

    public static void write(Path dir, Results results, Map<String, Results.CorpusSize> sizes, String title)
            throws IOException {
        Files.createDirectories(dir);
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title).append("\n\n");
        md.append("Generated ").append(ZonedDateTime.now().withNano(0)).append(". Throughput with JMH's 99.9% ")
                .append("confidence half-width; allocation from `-prof gc` (`gc.alloc.rate.norm`) divided by the ")
                .append("samples of one operation. Ratios compare rows of this one run.\n\n");
        for (String corpus : results.corpora()) {
            Results.CorpusSize size = sizes.get(corpus);
            List<Row> rows = new ArrayList<>(results.rows().stream().filter(r -> r.corpus().equals(corpus)).toList());
            rows.sort(Comparator.comparingDouble(Row::score).reversed());
            md.append("## Corpus `").append(corpus).append("`\n\n");
            if (size != null) {
                md.append(String.format("%,d samples, %,d B of JSON (%.0f B/sample), %,d B compressed (ratio %.2f) per "
                        + "operation.%n%n", size.samples(), size.jsonBytes(), (double) size.jsonBytes() / size.samples(),
                        size.compressedBytes(), (double) size.jsonBytes() / size.compressedBytes()));
            }
            Row seed = results.find(corpus, "seed-naive");
            md.append("| row | JSON MB/s | ± | compressed MB/s | samples/s | B allocated / sample | × seed-naive [interval] |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|\n");
            String safe = chartName(corpus);
            boolean unstable = false;
            for (Row r : rows) {
                Results.Rates x = Results.rates(r, size);
                unstable |= r.unstable();
                md.append(String.format("| %s%s | %,.0f | %,.0f | %,.0f | %,.2f M | %s | %s |%n", r.name(),
                        r.unstable() ? " ⚠ unstable" : "", x.mbPerSec(),
                        x.mbError(), x.compressedMbPerSec(), x.samplesPerSec() / 1e6,
                        Double.isNaN(x.allocBytesPerSample()) ? "-" : String.format("%,.1f", x.allocBytesPerSample()),
                        seed == null ? "-" : r == seed ? "1" : r.ratioText(seed)));
            }
            md.append('\n');
            if (unstable) {
                md.append("⚠ unstable: the row's 99.9% error exceeds a third of its score, so no ratio or goal is "
                        + "claimed from it. Rerun on a quieter machine, or without `--quick`.\n\n");
            }
            md.append(goals(results, corpus, size));
            chart(dir.resolve("throughput-" + safe + ".png"), rows, size, corpus, true);
            chart(dir.resolve("allocation-" + safe + ".png"), rows, size, corpus, false);
            md.append("\n![throughput](throughput-").append(safe).append(".png)\n\n![allocation](allocation-")
                    .append(safe).append(".png)\n\n");
        }
        md.append("## Environment\n\n| | |\n|---|---|\n");
        Environment.machine().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        results.environment().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        String forkArgs = results.environment().getOrDefault("jvmArgs", "");
        md.append("| scanner special-byte search, UTF-8 pass | ").append(forkArgs.contains("jdk.incubator.vector")
                && !forkArgs.contains("promsnap.vector=false")
                ? "Vector API (jdk.incubator.vector in the forks; SWAR if vectors are narrower than 256 bits)"
                : "SWAR, eight bytes per step (no jdk.incubator.vector in the forks)").append(" |\n");
        Environment.libraries().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        Files.writeString(dir.resolve("report.md"), md.toString(), StandardCharsets.UTF_8);
    }

    /** A row a ratio may be claimed from, or null. */
    private static Row stable(Row r) {
        return r == null || r.unstable() ? null : r;
    }

    /** The performance goals, as ratios within this run (stable rows only). */
    static String goals(Results results, String corpus, Results.CorpusSize size) {
        StringBuilder sb = new StringBuilder("**Goals** (ratios within this run):\n\n");
        List<Row> all = results.rows().stream()
                .filter(r -> r.corpus().equals(corpus) && r.kind() == Row.Kind.DECODER).toList();
        List<Row> decoders = all.stream().filter(r -> !r.unstable()).toList();
        if (decoders.size() < all.size()) {
            sb.append("- not claimed (unstable): ").append(String.join(", ",
                    all.stream().filter(Row::unstable).map(r -> "`" + r.name() + "`").toList())).append('\n');
        }
        Row seed = stable(results.find(corpus, "seed-naive"));
        Row best = decoders.stream().max(Comparator.comparingDouble(Row::score)).orElse(null);
        if (best != null && seed != null) {
            double x = best.score() / seed.score();
            sb.append(String.format("- best decoder `%s` = %s seed-naive samples/s (goal ≥ 5): %s%n", best.name(),
                    best.ratioText(seed), x >= 5 ? "met" : "NOT met"));
        }
        if (best != null) {
            Row dec = stable(results.find(corpus, "decompress-only:" + decompressor(best.name())));
            if (dec != null) {
                double x = best.score() / dec.score();
                sb.append(String.format("- `%s` = %.2f× its own decompress-only rate (goal ≥ 0.45): %s%n", best.name(), x,
                        x >= 0.45 ? "met" : "NOT met"));
            }
        }
        for (Row d : decoders) {
            Row dec = stable(results.find(corpus, "decompress-only:" + decompressor(d.name())));
            Row parse = stable(results.find(corpus, "parse-only:" + json(d.name())));
            Row naive = stable(results.find(corpus, "naive:" + d.name()));
            StringBuilder line = new StringBuilder();
            if (dec != null && parse != null) {
                double predicted = 1 / (1 / dec.score() + 1 / parse.score());
                double x = d.score() / predicted;
                line.append(String.format("%.2f× the decompress-only + parse-only prediction (goal ≥ 0.90: %s)", x,
                        x >= 0.9 ? "met" : "NOT met"));
                Row validate = stable(results.find(corpus, "validate-only:utf8"));
                if (validate != null) {
                    // every decoder also runs the shared UTF-8/control pass, on purpose (docs/format.md):
                    // the part of the gap that is that pass and not the adapter
                    double withValidation = 1 / (1 / dec.score() + 1 / parse.score() + 1 / validate.score());
                    line.append(String.format(" (%.2f× with the shared validate-only pass added)", d.score() / withValidation));
                }
            }
            if (naive != null) {
                double x = d.score() / naive.score();
                line.append(line.length() > 0 ? "; " : "").append(String.format("%.2f× the naive pair (goal > 1: %s)", x,
                        x > 1 ? "met" : "NOT met"));
            }
            double alloc = size == null ? Double.NaN : Results.rates(d, size).allocBytesPerSample();
            if (!Double.isNaN(alloc)) {
                line.append(line.length() > 0 ? "; " : "").append(String.format("visitor allocates %.2f B/sample "
                        + "(goal ≤ 1: %s)", alloc, alloc <= 1 ? "met" : "NOT met"));
            }
            if (line.length() > 0) {
                sb.append("- `").append(d.name()).append("`: ").append(line).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * The chart files' name part for a corpus: a bundled corpus's name, or a directory's last element
     * (not its whole path), made safe for a file name.
     */
    static String chartName(String corpus) {
        String last = corpus;
        int slash = Math.max(corpus.lastIndexOf('/'), corpus.lastIndexOf('\\'));
        if (slash >= 0 && slash < corpus.length() - 1) {
            last = corpus.substring(slash + 1);
        }
        String safe = last.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() ? "corpus" : safe;
    }

    static String decompressor(String decoder) {
        int plus = decoder.indexOf('+');
        return plus < 0 ? decoder : decoder.substring(0, plus);
    }

    static String json(String decoder) {
        int plus = decoder.indexOf('+');
        return plus < 0 ? decoder : decoder.substring(plus + 1);
    }

    /**
     * A bar chart, one colour per kind of row (decoders, batch API, references). The validation-only row
     * is left out of the throughput chart: it runs at several GB/s and would flatten every other bar.
     */
    private static void chart(Path file, List<Row> rows, Results.CorpusSize size, String corpus, boolean throughput)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> names = new ArrayList<>();
        List<Row> kept = new ArrayList<>();
        for (Row r : rows) {
            Results.Rates x = Results.rates(r, size);
            double v = throughput ? x.mbPerSec() : x.allocBytesPerSample();
            if (Double.isNaN(v) || (throughput && r.name().startsWith("validate-only"))) {
                continue;
            }
            names.add(r.name());
            kept.add(r);
        }
        if (names.isEmpty()) {
            return;
        }
        CategoryChart chart = new CategoryChartBuilder().width(1200).height(760)
                .title((throughput ? "Throughput, MB/s of JSON (bars: 99.9% CI)" : "Allocated bytes per sample (-prof gc)")
                        + " - " + corpus)
                .xAxisTitle("").yAxisTitle(throughput ? "MB/s of JSON" : "bytes / sample").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisLabelRotation(60);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setLabelsVisible(false);
        chart.getStyler().setOverlapped(true);
        for (Row.Kind kind : Row.Kind.values()) {
            List<Double> values = new ArrayList<>();
            List<Double> errors = new ArrayList<>();
            boolean any = false;
            for (Row r : kept) {
                Results.Rates x = Results.rates(r, size);
                boolean mine = r.kind() == kind;
                any |= mine;
                double v = throughput ? x.mbPerSec() : x.allocBytesPerSample();
                values.add(mine ? v : 0.0);
                errors.add(mine && throughput ? Math.min(x.mbError(), v) : 0.0);
            }
            if (!any) {
                continue;
            }
            String label = switch (kind) {
                case DECODER -> "decoders (visitor API)";
                case BATCH -> "decoders (decodeBatch)";
                case REFERENCE -> "references";
            };
            if (throughput) {
                chart.addSeries(label, names, values, errors);
            } else {
                chart.addSeries(label, names, values);
            }
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
