package io.promsnap.bench.cli;

import io.promsnap.bench.results.Results;
import io.promsnap.bench.results.Row;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The recommendation's "within noise": the printed margin's interval contains zero, nothing looser. */
class RecommendMarginTest {
    private static Row row(double score, double error) {
        return new Row("c", "d", Row.Kind.DECODER, score, error, Results.UNIT_JMH, 0, new double[0]);
    }

    @Test
    void marginsOutsideTheirIntervalAreNotNoise() {
        Row pick = row(662, 153); // ±23%
        // the demo's case: -40.8% ± 22.6% overlapped by raw intervals, but the margin excludes zero
        assertThat(RecommendCommand.withinNoise(row(392, 119), pick)).isFalse();
        assertThat(RecommendCommand.withinNoise(row(671.5, 205.5), pick)).isTrue(); // +1.4% ± 38.9%
        assertThat(RecommendCommand.withinNoise(row(700, 7), row(695, 7))).isTrue();
        assertThat(RecommendCommand.withinNoise(row(700, 7), row(600, 6))).isFalse();
        assertThat(RecommendCommand.withinNoise(row(600, 6), row(700, 7))).isFalse();
    }
}
