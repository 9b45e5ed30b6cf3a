package io.promsnap.bench.cli;

import io.promsnap.bench.results.Report;
import io.promsnap.bench.results.Results;
import io.promsnap.bench.results.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13's busy-machine run: {@code seed-naive 77.4 ± 342.6 MB/s} must not become "10.17× seed". Ratios
 * carry their interval, unstable rows (error above a third of the score) are marked and never used for a
 * ratio claim, and the recommendation says when nothing could be ranked.
 */
class NoiseHonestyTest {
    @TempDir
    Path dir;

    static Row row(String name, double score, double error) {
        return new Row("typical", name, Row.Kind.ofRow(name), score, error, Results.UNIT_JMH, 0, new double[0]);
    }

    static final Results.CorpusSize SIZE = new Results.CorpusSize(20_000, 7_300_000, 800_000);

    @Test
    void ratiosCarryTheIntervalPropagatedFromBothRows() {
        Row a = row("snappy-java+scanner", 100, 10); // ±10%
        Row b = row("seed-naive", 25, 2.5);           // ±10%
        double[] r = a.ratioTo(b);
        assertThat(r[0]).isEqualTo(4.0);
        assertThat(r[1]).isCloseTo(4 * (1 - Math.sqrt(0.02)), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r[2]).isCloseTo(4 * (1 + Math.sqrt(0.02)), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(a.ratioText(b)).isEqualTo("4.00× [3.43, 4.57]");
        Row noisy = row("seed-naive", 77.4, 342.6);
        assertThat(noisy.unstable()).isTrue();
        assertThat(row("x+y", 90, 29.9).unstable()).isFalse();
        assertThat(row("x+y", 90, 30.1).unstable()).isTrue();
        assertThat(a.ratioText(noisy)).isEqualTo("- (seed-naive unstable)");
    }

    @Test
    void theTableMarksUnstableRowsAndClaimsNoRatioFromThem() {
        Results r = new Results(List.of(row("snappy-java+scanner", 108, 4), row("aircompressor+jackson", 40, 20),
                row("seed-naive", 10.6, 47)), Map.of());
        StringWriter s = new StringWriter();
        BenchCommand.printTable(r, Map.of("typical", SIZE), new PrintWriter(s));
        String out = s.toString();
        assertThat(out).containsPattern("seed-naive .* UNSTABLE")
                .containsPattern("aircompressor\\+jackson .* UNSTABLE")
                .containsPattern("snappy-java\\+scanner .* - \\(seed-naive unstable\\)")
                .contains("no ratio is claimed from it")
                .doesNotContain("10.19");
        assertThat(out.lines().filter(l -> l.startsWith("snappy-java+scanner")).findFirst().orElseThrow())
                .doesNotContain("UNSTABLE");
    }

    @Test
    void theRecommendationRanksOnlyStableRowsAndSaysWhenItCannotRank() {
        List<Row> rows = List.of(row("snappy-java+scanner", 500, 250), row("aircompressor+scanner", 300, 10),
                row("aircompressor+jackson", 100, 5));
        RecommendCommand.Ranking k = RecommendCommand.rank(rows, n -> n.startsWith("aircompressor"));
        assertThat(k.pick().name()).isEqualTo("aircompressor+scanner");
        assertThat(k.unstable()).containsExactly("snappy-java+scanner");
        assertThat(k.why()).contains("snappy-java+scanner too noisy to rank");

        RecommendCommand.Ranking none = RecommendCommand.rank(List.of(row("snappy-java+scanner", 500, 250),
                row("aircompressor+scanner", 300, 200)), n -> true);
        assertThat(none.pick()).isNull();
        assertThat(none.why()).contains("too noisy to rank");

        RecommendCommand.Ranking tie = RecommendCommand.rank(List.of(row("aircompressor+scanner", 300, 20),
                row("aircompressor+dsl-json", 290, 20)), n -> true);
        assertThat(tie.pick().name()).isEqualTo("aircompressor+scanner");
        assertThat(tie.why()).contains("cannot rank the two");
    }

    @Test
    void reportChartsAreNamedAfterTheCorpusNotItsPathAndUnstableRowsAreMarked() throws Exception {
        String corpus = dir.resolve("demo/out/captured").toAbsolutePath().toString();
        Results r = new Results(List.of(
                new Row(corpus, "snappy-java+scanner", Row.Kind.DECODER, 300, 10, Results.UNIT_JMH, 2_000, new double[0]),
                new Row(corpus, "seed-naive", Row.Kind.REFERENCE, 40, 30, Results.UNIT_JMH, 5.7e7, new double[0])),
                Map.of());
        Path out = dir.resolve("report");
        Report.write(out, r, Map.of(corpus, SIZE), "t");
        try (Stream<Path> s = Files.list(out)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("allocation-captured.png", "report.md", "throughput-captured.png");
        }
        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("| seed-naive ⚠ unstable |").contains("- (seed-naive unstable)")
                .contains("![throughput](throughput-captured.png)")
                .doesNotContain("× seed-naive samples/s");
    }
}
