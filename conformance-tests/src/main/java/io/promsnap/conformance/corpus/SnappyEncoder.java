package io.promsnap.conformance.corpus;

import java.util.Arrays;

/**
 * A small raw-Snappy compressor with a choice of element shapes, so that the corpus and the property
 * tests can produce blocks that neither snappy-java nor aircompressor would write: copies of only one
 * offset width, tiny or huge literals, non-minimal literal lengths. Deterministic, slow, simple.
 */
public final class SnappyEncoder {
    /** Which copy element to use for a match. */
    public enum CopyWidth {
        /** The smallest element that fits (1-byte offset when it can, else 2, else 4). */
        SHORTEST,
        /** Always a 2-byte offset (4-byte when the offset does not fit 16 bits). */
        TWO,
        /** Always a 4-byte offset. */
        FOUR
    }

    /**
     * @param matches          whether to look for matches at all (false: literals only)
     * @param copyWidth        the copy element for each match
     * @param maxCopyLength    longest single copy element (4-64); long matches become several copies
     * @param maxLiteralLength longest single literal element; longer runs of literals are split
     * @param nonMinimalLiterals whether literal lengths use 4 extra bytes even when fewer would do
     */
    public record Shape(boolean matches, CopyWidth copyWidth, int maxCopyLength, int maxLiteralLength,
                        boolean nonMinimalLiterals) {
        public static final Shape DEFAULT = new Shape(true, CopyWidth.SHORTEST, 64, Integer.MAX_VALUE, false);
        public static final Shape LITERALS_ONLY = new Shape(false, CopyWidth.SHORTEST, 64, Integer.MAX_VALUE, false);

        public Shape {
            if (maxCopyLength < 4 || maxCopyLength > 64 || maxLiteralLength < 1) {
                throw new IllegalArgumentException("bad shape");
            }
        }
    }

    private SnappyEncoder() {
    }

    public static byte[] compress(byte[] data) {
        return compress(data, Shape.DEFAULT);
    }

    public static byte[] compress(byte[] data, Shape shape) {
        SnappyBlockWriter w = new SnappyBlockWriter(data.length);
        int[] table = new int[1 << 14];
        Arrays.fill(table, -1);
        int literalStart = 0;
        int i = 0;
        while (shape.matches() && i + 4 <= data.length) {
            int h = hash(data, i);
            int candidate = table[h];
            table[h] = i;
            if (candidate >= 0 && equal4(data, candidate, i)) {
                int len = 4;
                while (i + len < data.length && data[candidate + len] == data[i + len]) {
                    len++;
                }
                emitLiterals(w, data, literalStart, i - literalStart, shape);
                int offset = i - candidate;
                int left = len;
                while (left > 0) {
                    int n = Math.min(left, shape.maxCopyLength());
                    if (left - n > 0 && left - n < 4) {
                        n = left - 4; // leave at least 4 for the last element (copy1 needs 4)
                    }
                    emitCopy(w, offset, n, shape.copyWidth());
                    left -= n;
                }
                for (int k = i + 1; k < i + len && k + 4 <= data.length; k++) {
                    table[hash(data, k)] = k;
                }
                i += len;
                literalStart = i;
            } else {
                i++;
            }
        }
        emitLiterals(w, data, literalStart, data.length - literalStart, shape);
        return w.toByteArray();
    }

    private static void emitLiterals(SnappyBlockWriter w, byte[] data, int off, int len, Shape shape) {
        while (len > 0) {
            int n = Math.min(len, shape.maxLiteralLength());
            if (shape.nonMinimalLiterals()) {
                w.literal(data, off, n, 4);
            } else {
                w.literal(data, off, n);
            }
            off += n;
            len -= n;
        }
    }

    private static void emitCopy(SnappyBlockWriter w, int offset, int len, CopyWidth width) {
        if (width == CopyWidth.SHORTEST && len >= 4 && len <= 11 && offset < 2048) {
            w.copy1(offset, len);
        } else if (width != CopyWidth.FOUR && offset <= 0xFFFF) {
            w.copy2(offset, len);
        } else {
            w.copy4(offset, len);
        }
    }

    private static int hash(byte[] d, int i) {
        int v = (d[i] & 0xFF) | (d[i + 1] & 0xFF) << 8 | (d[i + 2] & 0xFF) << 16 | (d[i + 3] & 0xFF) << 24;
        return (v * 0x1E35A7BD) >>> 18;
    }

    private static boolean equal4(byte[] d, int a, int b) {
        return d[a] == d[b] && d[a + 1] == d[b + 1] && d[a + 2] == d[b + 2] && d[a + 3] == d[b + 3];
    }
}
