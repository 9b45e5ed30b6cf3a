package io.promsnap.loadgen.encode;

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
