package io.promsnap.bench;

import io.promsnap.bench.results.QuickVsCareful;
import io.promsnap.bench.results.Results;
import io.promsnap.bench.results.Row;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class QuickVsCarefulTest {
    static Row row(String name, double score, double error) {
        return new Row("typical", name, Row.Kind.ofRow(name), score, error, Results.UNIT_SUMMARY, 0, new double[0]);
    }

    @Test
    void aQuickRowAgreesWithinTheCarefulIntervalPlusFifteenPercentAndMustBeTight() {
        Results careful = new Results(List.of(row("seed-naive", 218, 5), row("naive:snappy-java+jackson", 313, 60),
                row("snappy-java+scanner", 1000, 20)), Map.of());
        // issue 16's quick run: seed-naive 98.3 ± 145.1, naive 183.4 ± 184.0; a good row at 1100 ± 30
        Results quick = new Results(List.of(row("seed-naive", 98.3, 145.1), row("naive:snappy-java+jackson", 183.4, 184.0),
                row("snappy-java+scanner", 1100, 30)), Map.of());
        List<QuickVsCareful.Line> lines = QuickVsCareful.compare(quick, careful);
        assertThat(lines).extracting(QuickVsCareful.Line::agrees).containsExactly(false, false, true);
        assertThat(lines).extracting(QuickVsCareful.Line::tight).containsExactly(false, false, true);
        String md = QuickVsCareful.markdown(lines);
        assertThat(md).contains("| typical | snappy-java+scanner | 1000 ± 20 MB/s | 1100 ± 30 MB/s | 1.10 | yes | yes (3%) |")
                .contains("| typical | seed-naive | 218 ± 5 MB/s | 98.30 ± 145.10 MB/s | 0.45 | **no** | **no** (148%) |")
                .contains("1 of 3 rows agree and are tight.");
        // 1000 ± 20 careful: 1170 is inside 1000 + 20 + 150, 1171 is not
        assertThat(QuickVsCareful.compare(new Results(List.of(row("snappy-java+scanner", 1170, 10)), Map.of()),
                new Results(List.of(row("snappy-java+scanner", 1000, 20)), Map.of())).get(0).agrees()).isTrue();
        assertThat(QuickVsCareful.compare(new Results(List.of(row("snappy-java+scanner", 1171, 10)), Map.of()),
                new Results(List.of(row("snappy-java+scanner", 1000, 20)), Map.of())).get(0).agrees()).isFalse();
    }

    @Test
    void settleRunsTheWorkloadUntilTheJitIsQuietWithinItsBudget() throws Exception {
        int[] runs = {0};
        Workload w = new Workload("w", Checksum.Kind.BYTES) {
            @Override
            public void run(Checksum sink) {
                runs[0]++;
                sink.samples++;
            }
        };
        long t0 = System.nanoTime();
        long spent = Settle.until(w, new Checksum(), 3_000);
        long wall = (System.nanoTime() - t0) / 1_000_000;
        assertThat(spent).isBetween(Settle.MIN_MILLIS, 3_000 + Settle.SLICE_MILLIS + 500);
        assertThat(wall).isLessThan(6_000);
        assertThat(runs[0]).isPositive();
        assertThat(Settle.until(w, new Checksum(), 0)).isZero();
    }
}
