package io.promsnap.internal.text;

import io.promsnap.PromsnapException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Validates a whole decompressed payload before any JSON stage sees it: well-formed UTF-8 (no overlong
 * forms, no surrogates, nothing above U+10FFFF, no truncated sequence) and no raw control character
 * other than tab, LF and CR (which JSON allows only between tokens; stages reject them inside strings).
 * Running it once, first, for every decoder gives every decoder the same error for the same input.
 * ASCII without control characters, the common case, is checked eight bytes at a time.
 */
public final class Utf8Validator {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH = 0x8080808080808080L;
    private static final long CTRL = 0x2020202020202020L;

    private Utf8Validator() {
    }

    /** Whether the fast path uses the Vector API ({@link VectorSupport}), its result checked once. */
    private static final boolean VECTOR = VectorSupport.allowed() && vectorAgrees();

    private static boolean vectorAgrees() {
        try {
            return VectorUtf8.agreesWithScalar();
        } catch (Throwable t) { // the incubator failing in any way: stay on SWAR
            return false;
        }
    }

    /** Whether this JVM's UTF-8 pass uses vector compares (see {@link VectorSupport}). */
    public static boolean usesVectors() {
        return VECTOR;
    }

    /** @throws PromsnapException JSON_SYNTAX at the first offending byte (offset relative to {@code off}) */
    public static void validate(byte[] b, int off, int len) {
        validateDetectingControls(b, off, len);
    }

    /**
     * {@link #validate}, and tells whether the buffer holds any raw tab, LF or CR (the only control bytes
     * it lets through). Compact JSON holds none, and then a stage need not look for control bytes inside
     * strings at all (see {@link JsonStage#parse(byte[], int, int, io.promsnap.SampleVisitor,
     * io.promsnap.DecodeReport, boolean)}). Costs nothing extra: those bytes already leave the fast path.
     *
     * @return whether {@code b[off, off+len)} contains a tab, LF or CR byte
     * @throws PromsnapException JSON_SYNTAX at the first offending byte (offset relative to {@code off})
     */
    public static boolean validateDetectingControls(byte[] b, int off, int len) {
        boolean controls = false;
        int i = off;
        int end = off + len;
        while (i < end) {
            if (VECTOR) {
                i = VectorUtf8.skipPlain(b, i, end); // 32 or 64 bytes per compare; the loop below does the tail
            }
            // fast path: 8 ASCII bytes, none below 0x20
            while (i + 8 <= end) {
                long w = (long) LONGS.get(b, i);
                // (w - 0x20..) & ~w & 0x80.. is non-zero iff some byte is < 0x20 or >= 0x80 (with ~w check)
                long t = (w | ((w - CTRL) & ~w)) & HIGH;
                if (t != 0) {
                    // the lowest flagged byte is the first offending one (a borrow only moves upwards, and
                    // only out of a byte below 0x20): go straight to it, not byte by byte
                    i += Long.numberOfTrailingZeros(t) >>> 3;
                    break;
                }
                i += 8;
            }
            if (i >= end) {
                return controls;
            }
            int c = b[i] & 0xff;
            if (c >= 0x20 && c < 0x80) {
                i++;
                continue;
            }
            if (c < 0x20) {
                if (c == '\t' || c == '\n' || c == '\r') {
                    controls = true;
                    i++;
                    continue;
                }
                throw fail(b, off, len, i, String.format("raw control character 0x%02x", c));
            }
            i = sequence(b, off, len, i, c);
        }
        return controls;
    }

    /**
     * A well-formed 2-, 3- or 4-byte sequence at {@code i} (lead byte {@code c}), with a few branches that
     * all go the same way for valid text; returns the position after it. Anything else (including the
     * last bytes of the input) goes to {@link #multiByte}, which finds and reports the exact error.
     */
    private static int sequence(byte[] b, int off, int len, int i, int c) {
        int end = off + len;
        if (c >= 0xE0) {
            if (c < 0xF0) {
                if (end - i >= 3) {
                    int c1 = b[i + 1];
                    int c2 = b[i + 2];
                    // both continuation bytes (10xxxxxx), then no overlong form (>= U+0800) and no surrogate
                    int cp = ((c & 0x0F) << 12) | ((c1 & 0x3F) << 6) | (c2 & 0x3F);
                    if ((((c1 & 0xC0) ^ 0x80) | ((c2 & 0xC0) ^ 0x80)) == 0 && cp >= 0x800
                            && (cp < 0xD800 || cp > 0xDFFF)) {
                        return i + 3;
                    }
                }
            } else if (end - i >= 4) {
                int c1 = b[i + 1];
                int c2 = b[i + 2];
                int c3 = b[i + 3];
                // lead 0xF0..0xF4 (c < 0xF8 and the range check below), continuations, U+10000..U+10FFFF
                int cp = ((c & 0x07) << 18) | ((c1 & 0x3F) << 12) | ((c2 & 0x3F) << 6) | (c3 & 0x3F);
                if (c < 0xF8 && (((c1 & 0xC0) ^ 0x80) | ((c2 & 0xC0) ^ 0x80) | ((c3 & 0xC0) ^ 0x80)) == 0
                        && cp >= 0x10000 && cp <= 0x10FFFF) {
                    return i + 4;
                }
            }
        } else if (c >= 0xC2 && end - i >= 2 && (b[i + 1] & 0xC0) == 0x80) {
            return i + 2;
        }
        return multiByte(b, off, len, i, c);
    }

    private static int multiByte(byte[] b, int off, int len, int i, int c) {
        int end = off + len;
        int need;
        int min;
        int cp;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            min = 0x80;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            min = 0x800;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            min = 0x10000;
            cp = c & 0x07;
        } else {
            throw fail(b, off, len, i, String.format("invalid UTF-8 lead byte 0x%02x", c));
        }
        if (i + need >= end) {
            throw fail(b, off, len, i, "truncated UTF-8 sequence");
        }
        for (int k = 1; k <= need; k++) {
            int cc = b[i + k] & 0xff;
            if ((cc & 0xC0) != 0x80) {
                throw fail(b, off, len, i + k, String.format("invalid UTF-8 continuation byte 0x%02x", cc));
            }
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (cp < min) {
            throw fail(b, off, len, i, "overlong UTF-8 encoding");
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            throw fail(b, off, len, i, "UTF-8 encoded surrogate");
        }
        if (cp > 0x10FFFF) {
            throw fail(b, off, len, i, "UTF-8 code point above U+10FFFF");
        }
        return i + need + 1;
    }

    private static PromsnapException fail(byte[] b, int off, int len, int at, String what) {
        return PromsnapException.syntax(at - off, SampleIndexLocator.indexAt(b, off, len, at), what);
    }
}
