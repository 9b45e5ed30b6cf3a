package io.promsnap.internal.text;

import io.promsnap.internal.json.JsonLex;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;
import io.promsnap.PromsnapException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The one place where sample values and timestamps are parsed, so that every decoder accepts exactly
 * the same spellings and returns the same bits. Offsets given to the methods are positions in the
 * decompressed JSON used for error messages.
 *
 * <p>Value strings accept what Java's {@code Double.toString} and Go's {@code strconv.FormatFloat}
 * produce and Go's {@code ParseFloat} accepts for specials: an optional sign, then {@code NaN},
 * {@code Inf} or {@code Infinity} in any case, or a decimal {@code (d+[.d*] | .d+)[(e|E)[+-]d+]}. The
 * result equals {@code Double.parseDouble} of the same text bit for bit (FastDoubleParser is exact).
 * Hexadecimal floats, Java's {@code d}/{@code f} suffixes, whitespace and underscores are rejected.
 */
public final class Numbers {
    private Numbers() {
    }

    // ---------------------------------------------------------------- values

    /**
     * Parses the content of a quoted {@code value} (escapes already resolved).
     *
     * @throws PromsnapException SCHEMA when the text is not a number
     */
    public static double parseValueString(byte[] b, int off, int len, long jsonOffset, long sampleIndex) {
        double fast = tryParseValueString(b, off, len);
        if (fast == fast) {
            return fast;
        }
        if (len > 0 && isDecimal(b, off, len)) {
            return parseDecimal(b, off, len, jsonOffset, sampleIndex);
        }
        double special = special(b, off, len);
        if (special == special || isNaNSpelling(b, off, len)) {
            return special;
        }
        throw PromsnapException.schema(jsonOffset, sampleIndex, "value \"" + excerpt(b, off, len) + "\" is not a number");
    }

    /**
     * Validates the content of a quoted {@code value} exactly as {@link #parseValueString} does, without
     * computing it where that is cheaper (a sample the selector rejected): the common spelling
     * {@code -?d+(.d*)?} with at most 15 digits (which {@link #tryParseValueString} always accepts) is checked
     * by a digit loop; anything else is parsed, so every error is {@link #parseValueString}'s own.
     *
     * @throws PromsnapException SCHEMA when the text is not a number
     */
    public static void checkValueString(byte[] b, int off, int len, long jsonOffset, long sampleIndex) {
        if (len > 0 && len <= 17) {
            int i = off;
            int end = off + len;
            if (b[i] == '-') {
                i++;
            }
            int start = i;
            while (i < end && (b[i] - '0' & 0xff) <= 9) {
                i++;
            }
            int digits = i - start;
            if (digits > 0) {
                if (i == end) {
                    if (digits <= 15) {
                        return;
                    }
                } else if (b[i] == '.') {
                    i++;
                    int fs = i;
                    while (i < end && (b[i] - '0' & 0xff) <= 9) {
                        i++;
                    }
                    if (i == end && digits + (i - fs) <= 15) {
                        return;
                    }
                }
            }
        }
        parseValueString(b, off, len, jsonOffset, sampleIndex);
    }

    /**
     * The common spellings of a quoted value in one pass: {@code -?d+(.d*)?} with at most 15 digits in all
     * (so the digits are exact in a double, and one division by an exact power of ten rounds correctly, as
     * {@code Double.parseDouble} does). Returns NaN for anything else, which the caller then parses with
     * {@link #parseValueString} (NaN itself is never a result of this fast path).
     */
    public static double tryParseValueString(byte[] b, int off, int len) {
        if (len <= 0 || len > 17) {
            return Double.NaN;
        }
        int i = off;
        int end = off + len;
        boolean neg = b[i] == '-';
        if (neg) {
            i++;
        }
        int start = i;
        long m = 0;
        while (i < end) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            m = m * 10 + d;
            i++;
        }
        int digits = i - start;
        if (digits == 0) {
            return Double.NaN;
        }
        int scale = 0;
        if (i < end) {
            if (b[i] != '.') {
                return Double.NaN;
            }
            i++;
            int fs = i;
            while (i < end) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    return Double.NaN;
                }
                m = m * 10 + d;
                i++;
            }
            scale = i - fs;
        }
        if (digits + scale > 15) {
            return Double.NaN;
        }
        double r = scale == 0 ? (double) m : (double) m / POW10[scale];
        return neg ? -r : r;
    }

    /**
     * Parses a JSON number token used as {@code value}. The JSON grammar is checked here too, so a stage
     * may pass the raw token bytes.
     *
     * @throws PromsnapException JSON_SYNTAX when the token is not a JSON number
     */
    public static double parseValueNumber(byte[] b, int off, int len, long jsonOffset, long sampleIndex) {
        if (!isJsonNumber(b, off, len)) {
            throw PromsnapException.syntax(jsonOffset, sampleIndex, "malformed number \"" + excerpt(b, off, len) + "\"");
        }
        return parseDecimal(b, off, len, jsonOffset, sampleIndex);
    }

    private static double parseDecimal(byte[] b, int off, int len, long jsonOffset, long sampleIndex) {
        // Fast path: up to 15 digits and an exponent within 10^±22 are exact with one multiply or divide
        // (Clinger); this covers "675.0", "0.5", "1698732988354". Everything else goes to FastDoubleParser.
        int i = off;
        int end = off + len;
        boolean neg = false;
        if (b[i] == '-' || b[i] == '+') {
            neg = b[i] == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int scale = 0;
        boolean dot = false;
        for (; i < end; i++) {
            int c = b[i];
            if (c >= '0' && c <= '9') {
                if (digits < 15) {
                    mantissa = mantissa * 10 + (c - '0');
                    if (mantissa != 0) {
                        digits++;
                    }
                    if (dot) {
                        scale++;
                    }
                } else {
                    digits = 99;
                    break;
                }
            } else if (c == '.') {
                dot = true;
            } else {
                digits = 99; // exponent: let the general parser handle it
                break;
            }
        }
        if (digits <= 15 && scale <= 22) {
            double d = (double) mantissa;
            if (scale > 0) {
                d = d / POW10[scale];
            }
            return neg ? -d : d;
        }
        try {
            return JavaDoubleParser.parseDouble(b, off, len);
        } catch (NumberFormatException e) {
            throw PromsnapException.schema(jsonOffset, sampleIndex, "value \"" + excerpt(b, off, len) + "\" is not a number");
        }
    }

    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22
    };

    /** {@code [+-]? (d+ [. d*] | . d+) [(e|E) [+-] d+]} */
    static boolean isDecimal(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        if (b[i] == '+' || b[i] == '-') {
            i++;
        }
        int intDigits = 0;
        while (i < end && JsonLex.isDigit(b[i])) {
            i++;
            intDigits++;
        }
        int fracDigits = 0;
        if (i < end && b[i] == '.') {
            i++;
            while (i < end && JsonLex.isDigit(b[i])) {
                i++;
                fracDigits++;
            }
        }
        if (intDigits + fracDigits == 0) {
            return false;
        }
        return i == end || exponentToEnd(b, i, end);
    }

    /** The whole slice is one JSON number ({@link JsonLex#numberEnd}'s grammar). */
    static boolean isJsonNumber(byte[] b, int off, int len) {
        return len > 0 && JsonLex.numberEnd(b, off, off + len) == off + len;
    }

    private static boolean exponentToEnd(byte[] b, int i, int end) {
        if (b[i] != 'e' && b[i] != 'E') {
            return false;
        }
        i++;
        if (i < end && (b[i] == '+' || b[i] == '-')) {
            i++;
        }
        if (i >= end) {
            return false;
        }
        while (i < end) {
            if (!JsonLex.isDigit(b[i++])) {
                return false;
            }
        }
        return true;
    }


    /** Returns ±Infinity or NaN for a special spelling, or NaN also when it is not one (check with {@link #isNaNSpelling}). */
    private static double special(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        boolean neg = false;
        if (i < end && (b[i] == '+' || b[i] == '-')) {
            neg = b[i] == '-';
            i++;
        }
        int n = end - i;
        if ((n == 3 && equalsIgnoreCase(b, i, "inf")) || (n == 8 && equalsIgnoreCase(b, i, "infinity"))) {
            return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.NaN;
    }

    private static boolean isNaNSpelling(byte[] b, int off, int len) {
        int i = off;
        if (len > 0 && (b[i] == '+' || b[i] == '-')) {
            i++;
            len--;
        }
        return len == 3 && equalsIgnoreCase(b, i, "nan");
    }

    private static boolean equalsIgnoreCase(byte[] b, int off, String lower) {
        for (int k = 0; k < lower.length(); k++) {
            if ((b[off + k] | 0x20) != lower.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- timestamps

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ZEROS = 0x3030303030303030L;
    private static final long[] POW10_LONG = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
        100_000_000L};

    /**
     * The value of {@code b[off, off+len)} when it is 1 to 16 plain ASCII digits, else -1; never throws.
     * Reads eight bytes at a time (SWAR) instead of a digit loop: a 13-digit millisecond timestamp is two
     * loads and two 3-multiply conversions rather than a 13-step dependent multiply chain. The loads may
     * cover bytes just before {@code off} (they are masked to '0'), so a caller outside the array's first or
     * last eight bytes takes this path; near the edges it falls back to a plain loop.
     */
    public static long tryParseDigits(byte[] b, int off, int len) {
        int end = off + len;
        if (len <= 0 || len > 16 || end < 8 || off + 8 > b.length) {
            return len > 0 && len <= 16 ? digitLoop(b, off, end) : -1;
        }
        if (len <= 8) {
            // the eight bytes ending at end, with the (8 - len) before off replaced by '0'
            long w = (long) LONGS.get(b, end - 8);
            int pad = (8 - len) * 8;
            w = (w & (-1L << pad)) | (ZEROS & ((1L << pad) - 1));
            return eightDigits(w);
        }
        long hi = (long) LONGS.get(b, off);
        long lo = (long) LONGS.get(b, end - 8);
        int pad = (16 - len) * 8; // bytes of lo that hi already covers
        lo = (lo & (-1L << pad)) | (ZEROS & ((1L << pad) - 1));
        long h = eightDigits(hi);
        long l = eightDigits(lo);
        if ((h | l) < 0) {
            return -1;
        }
        return h * POW10_LONG[len - 8] + l;
    }

    /** The value of eight ASCII digits (the first in the lowest byte), or -1 if any byte is not a digit. */
    private static long eightDigits(long w) {
        // every byte in '0'..'9': no byte borrows below '0' and none carries past '9' (0x39 + 0x46 = 0x7F)
        if ((((w + 0x4646464646464646L) | (w - ZEROS)) & 0x8080808080808080L) != 0) {
            return -1;
        }
        long v = w - ZEROS;
        v = v * 10 + (v >>> 8); // pairs
        v = (((v & 0x000000FF000000FFL) * 0x000F424000000064L)
                + (((v >>> 16) & 0x000000FF000000FFL) * 0x0000271000000001L)) >>> 32;
        return v & 0xFFFFFFFFL;
    }

    private static long digitLoop(byte[] b, int i, int end) {
        long t = 0;
        for (; i < end; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            t = t * 10 + d;
        }
        return t;
    }

    /**
     * Parses the content of a quoted {@code timestamp}: {@code [+-]? d+}, milliseconds, within {@code long}.
     *
     * @throws PromsnapException SCHEMA for anything else (fractions, exponents, overflow)
     */
    public static long parseTimestampString(byte[] b, int off, int len, long jsonOffset, long sampleIndex) {
        long plain = tryParseDigits(b, off, len); // the common spelling: up to 16 digits, no sign
        if (plain >= 0) {
            return plain;
        }
        int i = off;
        int end = off + len;
        boolean neg = false;
        if (i < end && (b[i] == '+' || b[i] == '-')) {
            neg = b[i] == '-';
            i++;
        }
        if (i == end) {
            throw badTimestamp(b, off, len, jsonOffset, sampleIndex, "is not an integer of milliseconds");
        }
        return accumulate(b, off, len, i, end, neg, jsonOffset, sampleIndex);
    }

    /**
     * Parses a JSON number token used as {@code timestamp}. A malformed token is JSON_SYNTAX; a
     * well-formed one with a fraction or exponent, or beyond {@code long}, is SCHEMA.
     */
    public static long parseTimestampNumber(byte[] b, int off, int len, long jsonOffset, long sampleIndex) {
        if (!isJsonNumber(b, off, len)) {
            throw PromsnapException.syntax(jsonOffset, sampleIndex, "malformed number \"" + excerpt(b, off, len) + "\"");
        }
        boolean neg = b[off] == '-';
        return accumulate(b, off, len, neg ? off + 1 : off, off + len, neg, jsonOffset, sampleIndex);
    }

    private static long accumulate(byte[] b, int off, int len, int i, int end, boolean neg, long jsonOffset,
                                   long sampleIndex) {
        // accumulate negatively so that Long.MIN_VALUE fits
        long r = 0;
        for (; i < end; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                throw badTimestamp(b, off, len, jsonOffset, sampleIndex, "is not an integer of milliseconds");
            }
            if (r < Long.MIN_VALUE / 10 || (r == Long.MIN_VALUE / 10 && d > 8)) {
                throw badTimestamp(b, off, len, jsonOffset, sampleIndex, "overflows a 64-bit integer");
            }
            r = r * 10 - d;
        }
        if (!neg) {
            if (r == Long.MIN_VALUE) {
                throw badTimestamp(b, off, len, jsonOffset, sampleIndex, "overflows a 64-bit integer");
            }
            return -r;
        }
        return r;
    }

    private static PromsnapException badTimestamp(byte[] b, int off, int len, long jsonOffset, long sampleIndex,
                                                  String what) {
        return PromsnapException.schema(jsonOffset, sampleIndex, "timestamp \"" + excerpt(b, off, len) + "\" " + what);
    }

    /** At most 40 bytes of the text, for messages. */
    private static String excerpt(byte[] b, int off, int len) {
        return JsonLex.excerpt(b, off, len);
    }
}
