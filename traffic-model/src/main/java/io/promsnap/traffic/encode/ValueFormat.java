package io.promsnap.traffic.encode;

/**
 * Writes numbers as ASCII into a byte array, allocation-free on the common paths (integral values,
 * timestamps). Callers make sure {@link #MAX_LENGTH} bytes are free at {@code pos}.
 */
public final class ValueFormat {
    /** No spelling of a double or long is longer than this. */
    public static final int MAX_LENGTH = 32;

    private static final byte[] NAN = {'N', 'a', 'N'};
    private static final byte[] JAVA_INF = {'I', 'n', 'f', 'i', 'n', 'i', 't', 'y'};
    private static final byte[] JAVA_NEG_INF = {'-', 'I', 'n', 'f', 'i', 'n', 'i', 't', 'y'};
    private static final byte[] GO_INF = {'+', 'I', 'n', 'f'};
    private static final byte[] GO_NEG_INF = {'-', 'I', 'n', 'f'};

    private ValueFormat() {
    }

    /** Appends {@code v} spelled as {@code spelling}; returns the new position. */
    public static int append(ValueSpelling spelling, byte[] buf, int pos, double v) {
        return spelling == ValueSpelling.JAVA ? appendJava(buf, pos, v) : appendGo(buf, pos, v);
    }

    /** Exactly {@code Double.toString(v)}. */
    public static int appendJava(byte[] buf, int pos, double v) {
        if (v != v) {
            return put(buf, pos, NAN);
        }
        if (v == Double.POSITIVE_INFINITY) {
            return put(buf, pos, JAVA_INF);
        }
        if (v == Double.NEGATIVE_INFINITY) {
            return put(buf, pos, JAVA_NEG_INF);
        }
        // Double.toString prints integers below 10^7 as digits + ".0"
        if (Math.abs(v) < 1e7 && v == (long) v && !(v == 0 && 1 / v < 0)) {
            pos = appendLong(buf, pos, (long) v);
            buf[pos++] = '.';
            buf[pos++] = '0';
            return pos;
        }
        return putAscii(buf, pos, Double.toString(v));
    }

    /**
     * Go's {@code strconv.FormatFloat(v, 'g', -1, 64)}: the shortest digits that read back as {@code v}
     * (the closest such when several are equally short), in exponent form when the decimal exponent is
     * below -4 or at least 6 ({@code 1.5e+09}, {@code 1e-05}, at least two exponent digits), otherwise
     * plain ({@code 675}, {@code 0.0001}); {@code +Inf}, {@code -Inf}, {@code NaN}.
     *
     * <p>Fast and allocation-free for the values a generator produces: integers below 2<sup>53</sup>,
     * values with few decimals (gauges rounded to 1/scale) and full-precision values between 10<sup>-6</sup>
     * and 10<sup>15</sup> (see {@link #shortestDigits}). Anything else (huge, tiny, subnormal, exact powers
     * of two where the rounding interval is lopsided, and ties too close to call in double arithmetic)
     * takes an exact {@code BigDecimal} path.
     */
    public static int appendGo(byte[] buf, int pos, double v) {
        if (v != v) {
            return put(buf, pos, NAN);
        }
        if (v == Double.POSITIVE_INFINITY) {
            return put(buf, pos, GO_INF);
        }
        if (v == Double.NEGATIVE_INFINITY) {
            return put(buf, pos, GO_NEG_INF);
        }
        if (v == 0) {
            if (1 / v < 0) {
                buf[pos++] = '-';
            }
            buf[pos++] = '0';
            return pos;
        }
        double a = Math.abs(v);
        if (v < 0) {
            buf[pos++] = '-';
        }
        if (a < 0x1p53 && a == (long) a) {
            // an integer below 2^53: every integer nearby is a double too, so its own digits without
            // trailing zeros are the shortest that read back
            long m = (long) a;
            int dp = digitCount(m);
            while (m % 10 == 0) {
                m /= 10;
            }
            return formatGo(buf, pos, m, dp);
        }
        long packed = shortestDigits(a);
        if (packed != 0) {
            return formatGo(buf, pos, packed >>> 5, (int) (packed & 31) - 8);
        }
        java.math.BigDecimal d = shortestExact(a);
        return formatGo(buf, pos, d.unscaledValue().longValueExact(), d.precision() - d.scale());
    }

    private static final double[] POW10 = new double[23];
    private static final long[] LPOW10 = new long[19];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p; // 10^0..10^22 are exact doubles
            p *= 10;
        }
        long l = 1;
        for (int i = 0; i < LPOW10.length; i++) {
            LPOW10[i] = l;
            l *= 10;
        }
    }

    /**
     * The shortest (then closest) decimal digits of {@code a} (positive, finite, not an integer below
     * 2^53) that read back as {@code a}, packed as {@code digits << 5 | (decimalPointPosition + 8)}
     * with trailing zeros removed (value = 0.d1d2… × 10^dp); 0 when this fast path cannot decide.
     *
     * <p>Why this is exact: a decimal reads back as {@code a} iff it lies in {@code a}'s rounding
     * interval (half an ulp either side, except at powers of two, which are left to the slow path). With
     * {@code k} digits after the point and {@code ulp(a)·10^k ≤ 1/2}, at most one such decimal lies in the
     * interval and it is the one nearest {@code a}; {@code m / 10^k} with {@code m < 2^53} and
     * {@code k ≤ 22} is one correctly rounded division, so {@code m / 10^k == a} is exactly "reads back".
     * For full precision the nearest n-significant-digit integer {@code m} of {@code a·10^j} is found
     * exactly with {@link Math#fma} (which yields the product's rounding error) and tested against the
     * interval; n = 15 is tried first (one candidate at most, so if it works it is the shortest after
     * trailing zeros go), then 16 and 17 (the nearest wins, as in Go).
     */
    static long shortestDigits(double a) {
        if ((Double.doubleToRawLongBits(a) & 0x000F_FFFF_FFFF_FFFFL) == 0) {
            return 0; // power of two: the interval below is half as wide
        }
        double ulp = Math.ulp(a);
        // few decimals: 0.25, 12.5, 3.1415 (gauges rounded to 1/scale)
        for (int k = 1; k <= 8; k++) {
            double p = a * POW10[k];
            if (p >= 0x1p50 || ulp * POW10[k] > 0.5) {
                break;
            }
            double m = Math.rint(p);
            if (m / POW10[k] == a) {
                long lm = (long) m;
                int dp = digitCount(lm) - k;
                while (lm % 10 == 0) {
                    lm /= 10;
                }
                return lm << 5 | (dp + 8);
            }
        }
        if (a < 1e-6 || a >= 1e15) {
            return 0;
        }
        // decimal exponent of the first digit: the estimate from the binary exponent is exact or one low
        int e10 = (int) Math.floor(Math.getExponent(a) * 0.30102999566398120);
        int up = e10 + 1;
        if (up >= 0 ? a >= POW10[up] : atLeastInversePow10(a, -up)) {
            e10 = up;
        }
        for (int n = 15; n <= 17; n++) {
            int j = n - 1 - e10;
            if (j < 0 || j > 22) {
                return 0;
            }
            double s = POW10[j];
            double p = a * s;
            double err = Math.fma(a, s, -p); // a·s = p + err exactly
            double big = Math.rint(p);
            // a·s - big: exact above 2^52 (p is an integer, ulp(p) up to 16 so |err| may exceed 1/2),
            // below it off by a rounding far below the guards
            double frac = (p - big) + err;
            double step = Math.rint(frac);
            double dist = Math.abs(frac - step); // |a·s - m|
            if (Math.abs(dist - 0.5) < 1e-6) {
                return 0; // too close to a tie between two candidates
            }
            long m = (long) big + (long) step;
            double half = ulp * s * 0.5; // exact: a power of two times 10^j
            if (Math.abs(dist - half) < 1e-6 * half) {
                return 0; // on the interval's edge: rounding-to-even decides, leave it to the exact path
            }
            if (dist < half) {
                // m may be 10^n when rounding carried; the decimal is m × 10^-j either way
                int dp = digitCount(m) - j;
                while (m % 10 == 0) {
                    m /= 10;
                }
                return m << 5 | (dp + 8);
            }
            // no n-digit decimal reads back: try n + 1
        }
        return 0;
    }

    /** {@code a >= 10^-k} exactly, for {@code 0 <= k <= 22}. */
    private static boolean atLeastInversePow10(double a, int k) {
        double p = a * POW10[k];
        return p > 1 || (p == 1 && Math.fma(a, POW10[k], -1) >= 0);
    }

    /** The exact, slow path: the shortest, then closest, decimal that reads back as {@code a}. */
    static java.math.BigDecimal shortestExact(double a) {
        java.math.BigDecimal exact = new java.math.BigDecimal(a);
        for (int p = 1; p <= 17; p++) {
            java.math.BigDecimal r = exact.round(new java.math.MathContext(p, java.math.RoundingMode.HALF_EVEN));
            if (r.doubleValue() == a) {
                return r.stripTrailingZeros();
            }
            // at a power of two the interval is lopsided: the nearest may miss while its neighbour hits
            java.math.BigDecimal unit = java.math.BigDecimal.ONE.scaleByPowerOfTen(r.precision() - r.scale() - p);
            for (java.math.BigDecimal c : new java.math.BigDecimal[] {r.add(unit), r.subtract(unit)}) {
                if (c.signum() > 0 && c.precision() <= p && c.doubleValue() == a) {
                    return c.stripTrailingZeros();
                }
            }
        }
        throw new AssertionError("17 digits always read back: " + a);
    }

    /**
     * Writes digits {@code m} (no trailing zeros) with decimal point position {@code dp} (value =
     * 0.m × 10^dp) the way Go's {@code %g} with shortest precision does.
     */
    private static int formatGo(byte[] buf, int pos, long m, int dp) {
        int nd = digitCount(m);
        int exp = dp - 1;
        if (exp < -4 || exp >= 6) {
            // d.ddde±XX
            int end = pos + nd + (nd > 1 ? 1 : 0);
            for (int i = end - 1; i > pos; i--) {
                if (i == pos + 1 && nd > 1) {
                    buf[i] = '.';
                    continue;
                }
                buf[i] = (byte) ('0' + m % 10);
                m /= 10;
            }
            buf[pos] = (byte) ('0' + m);
            pos = end;
            buf[pos++] = 'e';
            buf[pos++] = (byte) (exp < 0 ? '-' : '+');
            int ax = Math.abs(exp);
            if (ax < 10) {
                buf[pos++] = '0';
            }
            return appendLong(buf, pos, ax);
        }
        if (dp <= 0) {
            buf[pos++] = '0';
            buf[pos++] = '.';
            for (int i = dp; i < 0; i++) {
                buf[pos++] = '0';
            }
            return appendLong(buf, pos, m);
        }
        if (dp >= nd) {
            pos = appendLong(buf, pos, m);
            for (int i = nd; i < dp; i++) {
                buf[pos++] = '0';
            }
            return pos;
        }
        // the point falls inside the digits
        int end = pos + nd + 1;
        for (int i = end - 1; i >= pos; i--) {
            if (i == pos + dp) {
                buf[i] = '.';
                continue;
            }
            buf[i] = (byte) ('0' + m % 10);
            m /= 10;
        }
        return end;
    }

    private static int digitCount(long v) {
        int n = 1;
        while (n < 19 && v >= LPOW10[n]) {
            n++;
        }
        return n;
    }

    /** Decimal digits of {@code v}; returns the new position. */
    public static int appendLong(byte[] buf, int pos, long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                return putAscii(buf, pos, "-9223372036854775808");
            }
            buf[pos++] = '-';
            v = -v;
        }
        int len = 1;
        for (long t = v; t >= 10; t /= 10) {
            len++;
        }
        int end = pos + len;
        for (int i = end - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        return end;
    }

    /** The spelling as a String (allocates; for tests and summaries). */
    public static String toString(ValueSpelling spelling, double v) {
        byte[] b = new byte[MAX_LENGTH];
        int n = append(spelling, b, 0, v);
        return new String(b, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static int put(byte[] buf, int pos, byte[] s) {
        System.arraycopy(s, 0, buf, pos, s.length);
        return pos + s.length;
    }

    private static int putAscii(byte[] buf, int pos, String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
        return pos;
    }
}
