package io.promsnap.internal.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The strict-JSON lexing that every JSON stage shares (as jackson-core's {@code CharTypes} and
 * {@code NumberInput} serve its parsers): character classes, the sample schema's key classification,
 * hex digits, the number grammar, and how a byte or a key appears in a message. Static and small, so
 * that the JIT inlines it into the stages' loops exactly as it did the private copies it replaces.
 *
 * <p>What stays in the stages: the scanner's 64-byte special-byte mask and its fast path with the key
 * and value checks written inline (benchmarked: see {@code ScannerCore}), how each stage walks strings
 * and escapes (their errors differ in position and words), and each stage's own wording of syntax
 * errors (see {@link NumberError}; {@link JsonErrors} holds what all stages word alike).
 */
public final class JsonLex {
    private JsonLex() {
    }

    /** Key kinds returned by {@link #keyKind}: any other key is a label. */
    public static final int LABEL = 0;
    public static final int NAME = 1;
    public static final int VALUE = 2;
    public static final int TIMESTAMP = 3;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
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
     * Classifies an (unescaped) key of {@code n} bytes at {@code a[o]}: {@link #NAME} for
     * {@code __name__}, {@link #VALUE}, {@link #TIMESTAMP}, else {@link #LABEL}. Reads eight bytes at
     * once, which the key's own length guarantees (only keys of eight or more bytes are read that way).
     */
    public static int keyKind(byte[] a, int o, int n) {
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

    /** Bytes that end a plain run inside a string: quote, backslash and the control characters. */
    private static final boolean[] STRING_STOP = new boolean[256];

    static {
        for (int c = 0; c < 0x20; c++) {
            STRING_STOP[c] = true;
        }
        STRING_STOP['"'] = true;
        STRING_STOP['\\'] = true;
    }

    /**
     * Whether {@code b} ends a run of plain string bytes: a quote, a backslash or a control character (one
     * table load; UTF-8 bytes of non-ASCII characters are plain). The scanner finds the same bytes 64 at
     * a time instead (its {@code Bytes.specialMask}).
     */
    public static boolean endsPlainRun(byte b) {
        return STRING_STOP[b & 0xFF];
    }

    /** RFC 8259 whitespace: space, tab, LF, CR (not vertical tab, form feed, a BOM or Unicode spaces). */
    public static boolean isWhitespace(int c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    /** The first non-whitespace position at or after {@code i}, or {@code end}. Compact JSON skips nothing. */
    public static int skipWhitespace(byte[] b, int i, int end) {
        if (i < end && b[i] > ' ') {
            return i;
        }
        return skipWhitespaceSlow(b, i, end);
    }

    private static int skipWhitespaceSlow(byte[] b, int i, int end) {
        while (i < end) {
            if (!isWhitespace(b[i])) {
                return i;
            }
            i++;
        }
        return end;
    }

    public static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** Value of a hex digit, or -1. */
    public static int hex(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int l = c | 0x20;
        if (l >= 'a' && l <= 'f') {
            return l - 'a' + 10;
        }
        return -1;
    }

    /** The four hex digits {@code b[at, at+4)} (the caller checked they are there) as a char, or -1. */
    public static int hex4(byte[] b, int at) {
        int h0 = hex(b[at]);
        int h1 = hex(b[at + 1]);
        int h2 = hex(b[at + 2]);
        int h3 = hex(b[at + 3]);
        if ((h0 | h1 | h2 | h3) < 0) {
            return -1;
        }
        return (h0 << 12) | (h1 << 8) | (h2 << 4) | h3;
    }

    public static boolean isHighSurrogate(int c) {
        return c >= 0xD800 && c <= 0xDBFF;
    }

    public static boolean isLowSurrogate(int c) {
        return c >= 0xDC00 && c <= 0xDFFF;
    }

    /** Whether a {@code \\uXXXX} escape of a low surrogate (what must follow a high one) starts at {@code at}. */
    public static boolean lowSurrogateEscapeAt(byte[] b, int at, int end) {
        return at + 6 <= end && b[at] == '\\' && b[at + 1] == 'u' && isLowSurrogate(hex4(b, at + 2));
    }

    /** UTF-8 length of a BMP char that is not a surrogate. */
    public static int utf8Length(int c) {
        return c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    }

    /**
     * Whether the byte after a literal ({@code true}, {@code false}, {@code null}) makes it malformed:
     * an identifier character ({@code truex}, {@code null1}), and any non-ASCII byte, as Jackson reports
     * every one there (it decodes the byte from the wrong position), so that every stage agrees
     * (docs/format.md section 7).
     */
    public static boolean runsIntoLiteral(int b) {
        int c = b & 0xff;
        return c >= 0x80 || (c >= '0' && c != ']' && c != '}' && Character.isJavaIdentifierPart(c));
    }

    /**
     * The JSON number grammar {@code -? (0 | [1-9] d*) (. d+)? ([eE] [+-]? d+)?}: the end of the number
     * token at {@code b[i]} (a '-' or a digit), the longest well-formed prefix as a streaming parser reads it
     * ({@code 1x} is the number 1 followed by a stray {@code x}). For a malformed number, {@code ~at} (a
     * negative value) where {@code at} is the offending byte ({@code end} when the input ends inside the
     * number); {@link NumberError#of} tells which rule it breaks.
     */
    public static int numberEnd(byte[] b, int i, int end) {
        int j = i;
        if (b[j] == '-') {
            j++;
            if (j >= end) {
                return ~end;
            }
        }
        int c = b[j];
        if (c == '0') {
            j++;
            if (j < end && isDigit(b[j])) {
                return ~j;
            }
        } else if (c >= '1' && c <= '9') {
            j++;
            while (j < end && isDigit(b[j])) {
                j++;
            }
        } else {
            return ~j;
        }
        if (j < end && b[j] == '.') {
            j = digitsEnd(b, j + 1, end);
            if (j < 0) {
                return j;
            }
        }
        if (j < end && (b[j] == 'e' || b[j] == 'E')) {
            j++;
            if (j < end && (b[j] == '+' || b[j] == '-')) {
                j++;
            }
            j = digitsEnd(b, j, end);
        }
        return j;
    }

    /** The end of one or more digits at {@code j}, or {@code ~j} (not a digit), {@code ~end} (no byte left). */
    private static int digitsEnd(byte[] b, int j, int end) {
        if (j >= end) {
            return ~end;
        }
        if (!isDigit(b[j])) {
            return ~j;
        }
        do {
            j++;
        } while (j < end && isDigit(b[j]));
        return j;
    }

    /** A byte for messages: the character when printable ASCII, else its hex value. */
    public static String describe(int c) {
        c &= 0xff;
        if (c > 0x20 && c < 0x7f) {
            return "'" + (char) c + "'";
        }
        return String.format("byte 0x%02x", c);
    }

    /** Up to 40 bytes of a key for a message, with "…" when cut. */
    public static String excerpt(byte[] a, int off, int len) {
        String s = new String(a, off, Math.min(len, 40), StandardCharsets.UTF_8);
        return len > 40 ? s + "…" : s;
    }

    /** Up to 40 chars of a key for a message, with "…" when cut (for stages whose keys are Strings). */
    public static String excerpt(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
