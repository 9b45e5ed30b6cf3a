package io.promsnap.traffic.encode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ValueFormatTest {

    @Test
    void javaSpellingIsDoubleToString() {
        double[] fixed = {0, -0.0, 1, -1, 675, 675.5, 9_999_999, 10_000_000, 1.5e9, 1e-5, 0.001, Double.MIN_VALUE,
            Double.MAX_VALUE, -Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            123456789012345678.0, 4294967296.0};
        for (double v : fixed) {
            assertThat(ValueFormat.toString(ValueSpelling.JAVA, v)).isEqualTo(Double.toString(v));
        }
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            double v = i % 2 == 0 ? Double.longBitsToDouble(r.nextLong()) : Math.rint(r.nextDouble() * 2e7) - 1e7;
            assertThat(ValueFormat.toString(ValueSpelling.JAVA, v)).isEqualTo(Double.toString(v));
        }
    }

    @Test
    void goSpellingIsStrconvFormatFloatG() {
        // expected values are what Go's strconv.FormatFloat(v, 'g', -1, 64) prints
        Object[][] cases = {
            {675.0, "675"}, {0.0, "0"}, {-0.0, "-0"}, {1.0, "1"}, {-2.5, "-2.5"}, {1.5e9, "1.5e+09"},
            {1e6, "1e+06"}, {999999.0, "999999"}, {123456.7, "123456.7"}, {1234567.0, "1.234567e+06"},
            {0.0001, "0.0001"}, {0.00001, "1e-05"}, {0.00012345, "0.00012345"}, {1.5e-7, "1.5e-07"},
            {1e21, "1e+21"}, {1e100, "1e+100"}, {5e-324, "5e-324"}, {1.7976931348623157e308, "1.7976931348623157e+308"},
            {0.1, "0.1"}, {100.25, "100.25"}, {16496328704.0, "1.6496328704e+10"},
            {Double.NaN, "NaN"}, {Double.POSITIVE_INFINITY, "+Inf"}, {Double.NEGATIVE_INFINITY, "-Inf"},
        };
        for (Object[] c : cases) {
            assertThat(ValueFormat.toString(ValueSpelling.GO, (Double) c[0])).as("%s", c[0]).isEqualTo(c[1]);
        }
    }

    @Test
    void goSpellingMatchesTheExactReferenceOnEdgeCases() {
        Object[][] cases = {
            {0.30000000000000004, "0.30000000000000004"}, {0.1 + 0.7, "0.7999999999999999"}, {1.0 / 3, "0.3333333333333333"},
            {2.0 / 3, "0.6666666666666666"}, {100.0 / 3, "33.333333333333336"}, {123456.789, "123456.789"},
            {999999.5, "999999.5"}, {9_007_199_254_740_992.0, "9.007199254740992e+15"},
            {9_007_199_254_740_993.0 + 2, "9.007199254740994e+15"}, {1e15, "1e+15"}, {1e21, "1e+21"}, {1e22, "1e+22"},
            {1e23, "1e+23"}, {2e23, "2e+23"}, {5e-7, "5e-07"}, {1e-6, "1e-06"}, {1.25e-5, "1.25e-05"},
            {282879384806159000.0, "2.82879384806159e+17"}, {0.5, "0.5"}, {0.25, "0.25"}, {1.5, "1.5"},
            {4.35, "4.35"}, {2.675, "2.675"}, {1152921504606846976.0, "1.152921504606847e+18"},
            {Math.nextUp(0.1), "0.10000000000000002"}, {Math.nextDown(0.1), "0.09999999999999999"},
            {Double.MIN_NORMAL, "2.2250738585072014e-308"}, {4.9e-324, "5e-324"}, {-123.456, "-123.456"},
            {1698732988.354, "1.698732988354e+09"}, {0.000123, "0.000123"},
        };
        for (Object[] c : cases) {
            double v = (Double) c[0];
            assertThat(GoFloatReference.format(v)).as("reference %s", c[0]).isEqualTo(c[1]);
            assertThat(ValueFormat.toString(ValueSpelling.GO, v)).as("%s", c[0]).isEqualTo(c[1]);
        }
    }

    @Test
    void goSpellingEqualsTheExactReferenceOnEveryKindOfValue() {
        SplittableRandom r = new SplittableRandom(13);
        for (int i = 0; i < 300_000; i++) {
            double v;
            switch (i % 6) {
                case 0 -> v = Double.longBitsToDouble(r.nextLong()); // any double, mostly the exact path
                case 1 -> v = Math.pow(10, r.nextDouble(-7, 16)); // full precision, the fma path
                case 2 -> v = Math.rint(r.nextDouble(0, 1e6) * 1000) / 1000; // gauges rounded to 1/scale
                case 3 -> v = (double) r.nextLong(1L << 54); // integers around 2^53
                case 4 -> v = Math.scalb(1.0, r.nextInt(-60, 80)) * (r.nextBoolean() ? 1 : Math.nextUp(1.0)); // powers of two
                default -> { // neighbours of short decimals, where shortest and nearest are closest to the edge
                    double d = Math.rint(r.nextDouble(0, 1e4)) / POW[r.nextInt(POW.length)];
                    v = r.nextBoolean() ? Math.nextUp(d) : Math.nextDown(d);
                }
            }
            if (r.nextInt(4) == 0) {
                v = -v;
            }
            if (!Double.isFinite(v)) {
                continue;
            }
            assertThat(ValueFormat.toString(ValueSpelling.GO, v)).as("%s", v).isEqualTo(GoFloatReference.format(v));
        }
    }

    private static final double[] POW = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7};

    @Test
    void goSpellingReadsBackExactly() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 200_000; i++) {
            double v = Double.longBitsToDouble(r.nextLong());
            if (!Double.isFinite(v)) {
                continue;
            }
            String s = ValueFormat.toString(ValueSpelling.GO, v);
            assertThat(Double.doubleToRawLongBits(Double.parseDouble(s))).as(s).isEqualTo(Double.doubleToRawLongBits(v));
            assertThat(s).doesNotContain("E").doesNotEndWith(".");
        }
    }

    @Test
    void longs() {
        long[] values = {0, 1, -1, 9, 10, 1698732988354L, Long.MAX_VALUE, Long.MIN_VALUE};
        for (long v : values) {
            byte[] b = new byte[ValueFormat.MAX_LENGTH];
            int n = ValueFormat.appendLong(b, 0, v);
            assertThat(new String(b, 0, n)).isEqualTo(Long.toString(v));
        }
    }
}
