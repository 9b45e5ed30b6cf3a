package io.promsnap.internal.text;

/**
 * UTF-16 to UTF-8 for JSON stages whose library hands out {@code char[]} text (Jackson, DSL-JSON): the
 * exact UTF-8 length (checked against {@link io.promsnap.DecodeLimits#checkStringBytes} before copying) and
 * the encoding into a caller's buffer, without allocating.
 */
public final class Utf16 {
    private Utf16() {
    }

    /** UTF-8 length of {@code cs[off, off+len)}, or -1 when it contains an unpaired surrogate. */
    public static long utf8Length(char[] cs, int off, int len) {
        long n = len;
        int end = off + len;
        for (int i = off; i < end; i++) {
            char c = cs[i];
            if (c >= 0x80) {
                if (c < 0x800) {
                    n += 1;
                } else if (Character.isHighSurrogate(c)) {
                    if (i + 1 < end && Character.isLowSurrogate(cs[i + 1])) {
                        n += 2; // two chars, four bytes
                        i++;
                    } else {
                        return -1;
                    }
                } else if (Character.isLowSurrogate(c)) {
                    return -1;
                } else {
                    n += 2;
                }
            }
        }
        return n;
    }

    /**
     * Encodes {@code cs[off, off+len)} into {@code out} at {@code pos}; returns the position after the last
     * byte. Callers check {@link #utf8Length} first (an unpaired surrogate would be written as three bytes).
     */
    public static int encode(char[] cs, int off, int len, byte[] out, int pos) {
        int end = off + len;
        for (int i = off; i < end; i++) {
            char c = cs[i];
            if (c < 0x80) {
                out[pos++] = (byte) c;
            } else if (c < 0x800) {
                out[pos++] = (byte) (0xC0 | c >> 6);
                out[pos++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(cs[i + 1])) {
                int cp = Character.toCodePoint(c, cs[++i]);
                out[pos++] = (byte) (0xF0 | cp >> 18);
                out[pos++] = (byte) (0x80 | cp >> 12 & 0x3F);
                out[pos++] = (byte) (0x80 | cp >> 6 & 0x3F);
                out[pos++] = (byte) (0x80 | cp & 0x3F);
            } else {
                out[pos++] = (byte) (0xE0 | c >> 12);
                out[pos++] = (byte) (0x80 | c >> 6 & 0x3F);
                out[pos++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return pos;
    }
}
