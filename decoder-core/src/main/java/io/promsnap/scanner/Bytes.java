package io.promsnap.scanner;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Stateless byte-level primitives of the scanner: SWAR string scanning, whitespace skipping, special key
 * recognition. Kept static and tiny so that the JIT inlines them into {@link ScannerCore}'s loops.
 */
final class Bytes {
    private Bytes() {
    }

    static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long SPACES = 0x2020202020202020L;

    static final int LABEL = 0;
    static final int NAME = 1;
    static final int VALUE = 2;
    static final int TIMESTAMP = 3;

    /** "__name__" read as a little-endian long. */
    private static final long NAME_KEY = le("__name__");
    /** The first eight bytes of "timestamp". */
    private static final long TIMESTAM = le("timestam");

    private static long le(String s) {
        long v = 0;
        for (int k = 7; k >= 0; k--) {
            v = (v << 8) | s.charAt(k);
        }
        return v;
    }

    /**
     * The position of the first {@code "}, {@code \} or byte below 0x20 in {@code b[i, end)}, or {@code end}.
     * Eight bytes at a time: for each of the three tests the lowest flagged byte of the classic
     * "has zero byte" expression is exact (false positives only appear above a true hit), so the lowest
     * set bit of their union is the first hit. Bytes of multi-byte UTF-8 (0x80 and up) are never flagged.
     */
    static int findSpecial(byte[] b, int i, int end) {
        while (i + 8 <= end) {
            long w = (long) LONGS.get(b, i);
            long q = w ^ QUOTES;
            long s = w ^ BACKSLASHES;
            long t = (((q - ONES) & ~q) | ((s - ONES) & ~s) | ((w - SPACES) & ~w)) & HIGH;
            if (t != 0) {
                return i + (Long.numberOfTrailingZeros(t) >>> 3);
            }
            i += 8;
        }
        while (i < end) {
            int c = b[i];
            if (c == '"' || c == '\\' || (c >= 0 && c < 0x20)) {
                return i;
            }
            i++;
        }
        return end;
    }

    /** The first non-whitespace position at or after {@code i}, or {@code end}. Compact JSON skips nothing. */
    static int ws(byte[] b, int i, int end) {
        if (i < end && b[i] > ' ') {
            return i;
        }
        return wsSlow(b, i, end);
    }

    private static int wsSlow(byte[] b, int i, int end) {
        while (i < end) {
            int c = b[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return i;
            }
            i++;
        }
        return end;
    }

    static boolean isWs(int c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    /**
     * Classifies an (unescaped) key. Callers guarantee eight readable bytes at {@code o} when {@code n >= 8}
     * (keys in the JSON buffer are followed by their closing quote; scratch keys lie inside the scratch).
     */
    static int keyKind(byte[] a, int o, int n) {
        if (n == 8) {
            return (long) LONGS.get(a, o) == NAME_KEY ? NAME : LABEL;
        }
        if (n == 5) {
            return a[o] == 'v' && a[o + 1] == 'a' && a[o + 2] == 'l' && a[o + 3] == 'u' && a[o + 4] == 'e'
                    ? VALUE : LABEL;
        }
        if (n == 9) {
            return (long) LONGS.get(a, o) == TIMESTAM && a[o + 8] == 'p' ? TIMESTAMP : LABEL;
        }
        return LABEL;
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** Value of a hex digit, or -1. */
    static int hex(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int l = c | 0x20;
        if (l >= 'a' && l <= 'f') {
            return l - 'a' + 10;
        }
        return -1;
    }

    /** A byte for messages: the character when printable ASCII, else its hex value. */
    static String describe(int c) {
        c &= 0xff;
        if (c > 0x20 && c < 0x7f) {
            return "'" + (char) c + "'";
        }
        return String.format("byte 0x%02x", c);
    }
}
