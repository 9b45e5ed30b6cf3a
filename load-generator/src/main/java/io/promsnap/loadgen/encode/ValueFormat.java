package io.promsnap.loadgen.encode;

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
     * (taken from Java's {@code Double.toString}, which reads back exactly; where JDK 17 prints a digit
     * too many, one fewer is tried, so rare values may still carry a digit Go would drop), in exponent form when the decimal exponent is below -4 or at least 6
     * ({@code 1.5e+09}, {@code 1e-05}), otherwise plain ({@code 675}, {@code 0.0001}); {@code +Inf},
     * {@code -Inf}, {@code NaN}.
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
        if (Math.abs(v) < 1e6 && v == (long) v) {
            if (v == 0 && 1 / v < 0) {
                buf[pos++] = '-';
                buf[pos++] = '0';
                return pos;
            }
            return appendLong(buf, pos, (long) v);
        }
        String s = Double.toString(Math.abs(v));
        // decompose Java's "ddd.ddd" or "d.dddE[-]x" into digits and a decimal point position:
        // value = 0.d1d2d3... × 10^dp
        char[] digits = new char[24];
        int nd = 0;
        int dp = 0;
        boolean seenPoint = false;
        int e = s.indexOf('E');
        int mantEnd = e < 0 ? s.length() : e;
        for (int i = 0; i < mantEnd; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                seenPoint = true;
                continue;
            }
            if (nd == 0 && c == '0') {
                // leading zero: before the point it is nothing, after the point it shifts the exponent
                if (seenPoint) {
                    dp--;
                }
                continue;
            }
            digits[nd++] = c;
            if (!seenPoint) {
                dp++;
            }
        }
        if (e >= 0) {
            dp += Integer.parseInt(s, e + 1, s.length(), 10);
        }
        while (nd > 1 && digits[nd - 1] == '0') {
            nd--;
        }
        // JDK 17's Double.toString sometimes prints one digit more than needed (JDK-4511638, fixed in 19),
        // and always two for subnormals like 4.9E-324; Go prints the shortest, so try one digit less
        if (nd >= 16 || (nd > 1 && Math.abs(v) < Double.MIN_NORMAL)) {
            nd = shorten(digits, nd, dp, Math.abs(v));
        }
        if (v < 0) {
            buf[pos++] = '-';
        }
        int exp = dp - 1;
        if (exp < -4 || exp >= 6) {
            buf[pos++] = (byte) digits[0];
            if (nd > 1) {
                buf[pos++] = '.';
                for (int i = 1; i < nd; i++) {
                    buf[pos++] = (byte) digits[i];
                }
            }
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
            for (int i = 0; i < nd; i++) {
                buf[pos++] = (byte) digits[i];
            }
            return pos;
        }
        for (int i = 0; i < Math.max(nd, dp); i++) {
            if (i == dp) {
                buf[pos++] = '.';
            }
            buf[pos++] = (byte) (i < nd ? digits[i] : '0');
        }
        return pos;
    }

    /**
     * Rounds the digits to one fewer (half up) and keeps that when it still reads back as {@code abs};
     * returns the digit count to use. Rounding may carry into a new leading digit, which is only kept
     * when it does not change the decimal point position.
     */
    private static int shorten(char[] digits, int nd, int dp, double abs) {
        int k = nd - 1;
        char[] d = java.util.Arrays.copyOf(digits, nd);
        boolean up = d[k] >= '5';
        int i = k - 1;
        while (up && i >= 0) {
            if (d[i] == '9') {
                d[i] = '0';
                i--;
            } else {
                d[i]++;
                up = false;
            }
        }
        if (up) {
            return nd; // 99…9 rounding to 10…0: rare, keep the longer form
        }
        while (k > 1 && d[k - 1] == '0') {
            k--;
        }
        StringBuilder sb = new StringBuilder(k + 8).append("0.").append(d, 0, k).append('E').append(dp);
        if (Double.parseDouble(sb.toString()) != abs) {
            return nd;
        }
        System.arraycopy(d, 0, digits, 0, k);
        return k;
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
