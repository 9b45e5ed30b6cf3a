package io.promsnap.bench.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The interleaved gate's sign rule, on per-round scores measured on the project's loaded 2-core machine. */
class InterleavedGateSignRuleTest {

    static double[] logRatios(double[] baseline, double[] candidate) {
        double[] l = new double[baseline.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = Math.log(candidate[i] / baseline[i]);
        }
        return l;
    }

    @Test
    void injectedTwentyPercentSlowdownIsARegression() {
        // gate run il-slow-1 (candidate -Dpromsnap.bench.slowdown=0.2), aircompressor+scanner, MB/s per round;
        // the t interval was [0.305, 1.304]: "within noise"
        double[] base = {105.1, 73.6, 74.3, 99.9, 89.1, 98.2};
        double[] cand = {51.1, 55.0, 60.0, 71.5, 56.4, 28.4};
        assertThat(InterleavedGate.everyRoundSlower(logRatios(base, cand), 10)).isTrue();
    }

    @Test
    void identicalBuildsOnANoisyMachineAreNot() {
        // gate run il-same-2 (identical jars), snappy-java+jackson: slower in 5 of 6 rounds, median ratio 0.96
        double[] base = {55.5, 59.7, 53.7, 58.9, 58.6, 57.2};
        double[] cand = {45.7, 57.3, 58.3, 55.1, 58.3, 55.1};
        assertThat(InterleavedGate.everyRoundSlower(logRatios(base, cand), 10)).isFalse();
    }

    @Test
    void aSmallConsistentSlowdownBelowTheThresholdIsNot() {
        double[] base = {100, 100, 100, 100, 100, 100};
        double[] cand = {97, 96, 98, 95, 97, 96};
        assertThat(InterleavedGate.everyRoundSlower(logRatios(base, cand), 10)).isFalse();
    }

    @Test
    void tooFewRoundsNeverTrigger() {
        double[] base = {100, 100, 100, 100, 100};
        double[] cand = {50, 50, 50, 50, 50};
        assertThat(InterleavedGate.everyRoundSlower(logRatios(base, cand), 10)).isFalse();
    }
}
