package io.promsnap.scanner;

import io.promsnap.internal.text.VectorSupport;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Stateless byte-level primitives of the scanner: SWAR masks of the bytes that end a string run, whitespace skipping, special key
 * recognition. Kept static and tiny so that the JIT inlines them into {@link ScannerCore}'s loops.
 */
final class Bytes {
    private Bytes() {
    }

    static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long HIGH = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

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

    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long BELOW_SPACE = 0x6060606060606060L;
    /** Gathers the high bits of the eight bytes of {@code (t >>> 7)} into the top byte, byte k to bit 56+k. */
    private static final long GATHER = 0x0102040810204080L;

    /**
     * One bit per byte of {@code w} (bit k for byte k, little-endian): set for {@code "}, {@code \} and,
     * when {@code ctl}, a byte below 0x20. Exact for every byte (no borrow between bytes: each byte's low
     * seven bits plus 0x7F or 0x60 stays within the byte), unlike the "lowest zero byte" expression.
     */
    static int specialBits(long w, boolean ctl) {
        long q = w ^ QUOTES;
        long s = w ^ BACKSLASHES;
        long keep = (((q & LOW7) + LOW7) | q) & (((s & LOW7) + LOW7) | s); // high bit clear where " or \
        if (ctl) {
            keep &= ((w & LOW7) + BELOW_SPACE) | w; // high bit clear where below 0x20
        }
        long t = ~keep & HIGH;
        return (int) (((t >>> 7) * GATHER) >>> 56);
    }

    /** Whether {@link #specialMask} uses the Vector API: allowed ({@link VectorSupport}) and checked once. */
    static final boolean VECTOR = VectorSupport.allowed() && vectorAgrees();

    private static boolean vectorAgrees() {
        try {
            byte[] b = new byte[256 + 64];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) i;
            }
            for (int at = 0; at + 64 <= b.length; at += 7) {
                for (boolean ctl : new boolean[] {false, true}) {
                    if (VectorBytes.specialMask(b, at, ctl) != swarSpecialMask(b, at, ctl)) {
                        return false;
                    }
                }
            }
            return true;
        } catch (Throwable t) { // the incubator failing in any way: stay on SWAR
            return false;
        }
    }

    /** {@link #specialBits} of the 64 bytes {@code b[i, i+64)} as one mask, bit k for byte i+k. */
    static long specialMask(byte[] b, int i, boolean ctl) {
        return VECTOR ? VectorBytes.specialMask(b, i, ctl) : swarSpecialMask(b, i, ctl);
    }

    static long swarSpecialMask(byte[] b, int i, boolean ctl) {
        // Word j's flags sit in the high bits of its bytes (bit 8k+7 for byte k); shifted to bit 8k+j and
        // OR-ed, the eight words form an 8x8 bit matrix with a row per byte index, which one transpose
        // turns into bit 8j+k = byte 8j+k. Cheaper than gathering each word with a multiply.
        long x = (highs((long) LONGS.get(b, i), ctl) >>> 7)
                | (highs((long) LONGS.get(b, i + 8), ctl) >>> 6)
                | (highs((long) LONGS.get(b, i + 16), ctl) >>> 5)
                | (highs((long) LONGS.get(b, i + 24), ctl) >>> 4)
                | (highs((long) LONGS.get(b, i + 32), ctl) >>> 3)
                | (highs((long) LONGS.get(b, i + 40), ctl) >>> 2)
                | (highs((long) LONGS.get(b, i + 48), ctl) >>> 1)
                | highs((long) LONGS.get(b, i + 56), ctl);
        // transpose (Hacker's Delight 7-3): bit 8r+c <-> bit 8c+r
        long t = (x ^ (x >>> 7)) & 0x00AA00AA00AA00AAL;
        x = x ^ t ^ (t << 7);
        t = (x ^ (x >>> 14)) & 0x0000CCCC0000CCCCL;
        x = x ^ t ^ (t << 14);
        t = (x ^ (x >>> 28)) & 0x00000000F0F0F0F0L;
        return x ^ t ^ (t << 28);
    }

    /**
     * {@link #specialMask} of {@code b[at, min(at+64, end))} (zero bits past {@code end}), for the fast
     * path's refills. Deliberately too big for the JIT to inline (both flag variants written out): the
     * fast path refills at several places, once per 64 bytes, and five inlined copies of the mask code
     * would push the label and value code out of its inlining budget. Written out rather than calling
     * {@link #swarSpecialMask} with constant flags: that measured 7% slower on parse-only:scanner (A/B, 3
     * pairs, every pair slower), as the JIT then inlines differently.
     */
    static long blockMask(byte[] b, int at, int end, boolean ctl) {
        if (end - at < 64) {
            long m = 0;
            for (int k = 0; at + k < end; k++) {
                if (isSpecial(b[at + k], ctl)) {
                    m |= 1L << k;
                }
            }
            return m;
        }
        if (VECTOR) {
            return VectorBytes.specialMask(b, at, ctl);
        }
        long x;
        if (ctl) {
            x = (highs((long) LONGS.get(b, at), true) >>> 7)
                    | (highs((long) LONGS.get(b, at + 8), true) >>> 6)
                    | (highs((long) LONGS.get(b, at + 16), true) >>> 5)
                    | (highs((long) LONGS.get(b, at + 24), true) >>> 4)
                    | (highs((long) LONGS.get(b, at + 32), true) >>> 3)
                    | (highs((long) LONGS.get(b, at + 40), true) >>> 2)
                    | (highs((long) LONGS.get(b, at + 48), true) >>> 1)
                    | highs((long) LONGS.get(b, at + 56), true);
        } else {
            x = (highs((long) LONGS.get(b, at), false) >>> 7)
                    | (highs((long) LONGS.get(b, at + 8), false) >>> 6)
                    | (highs((long) LONGS.get(b, at + 16), false) >>> 5)
                    | (highs((long) LONGS.get(b, at + 24), false) >>> 4)
                    | (highs((long) LONGS.get(b, at + 32), false) >>> 3)
                    | (highs((long) LONGS.get(b, at + 40), false) >>> 2)
                    | (highs((long) LONGS.get(b, at + 48), false) >>> 1)
                    | highs((long) LONGS.get(b, at + 56), false);
        }
        long t = (x ^ (x >>> 7)) & 0x00AA00AA00AA00AAL;
        x = x ^ t ^ (t << 7);
        t = (x ^ (x >>> 14)) & 0x0000CCCC0000CCCCL;
        x = x ^ t ^ (t << 14);
        t = (x ^ (x >>> 28)) & 0x00000000F0F0F0F0L;
        return x ^ t ^ (t << 28);
    }

    /** The high bit of each byte of {@code w} that is special (see {@link #specialBits}); other bits zero. */
    private static long highs(long w, boolean ctl) {
        long q = w ^ QUOTES;
        long s = w ^ BACKSLASHES;
        long keep = (((q & LOW7) + LOW7) | q) & (((s & LOW7) + LOW7) | s);
        if (ctl) {
            keep &= ((w & LOW7) + BELOW_SPACE) | w;
        }
        return ~keep & HIGH;
    }

    static boolean isSpecial(int c, boolean ctl) {
        return c == '"' || c == '\\' || (ctl && c >= 0 && c < 0x20);
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
