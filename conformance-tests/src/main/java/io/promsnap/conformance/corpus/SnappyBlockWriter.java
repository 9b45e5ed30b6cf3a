package io.promsnap.conformance.corpus;

import java.io.ByteArrayOutputStream;

/**
 * Writes a raw Snappy block element by element, so that the corpus controls every element's shape:
 * literal length encodings (in the tag, or 1-4 extra bytes, minimal or not), copies with 1-, 2- and
 * 4-byte offsets, overlapping copies, and deliberately corrupt elements. No validation beyond what the
 * encoding itself needs: corrupt blocks are written with the same methods.
 */
public final class SnappyBlockWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Starts a block with the little-endian base-128 preamble of {@code declaredLength}. */
    public SnappyBlockWriter(long declaredLength) {
        varint(declaredLength);
    }

    /** Starts a block whose preamble bytes are given verbatim (for corrupt preambles). */
    public SnappyBlockWriter(byte[] preamble) {
        out.writeBytes(preamble);
    }

    private void varint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** A literal with the shortest length encoding. */
    public SnappyBlockWriter literal(byte[] data, int off, int len) {
        int n = len - 1;
        int extra = n < 60 ? 0 : n < 1 << 8 ? 1 : n < 1 << 16 ? 2 : n < 1 << 24 ? 3 : 4;
        return literal(data, off, len, extra);
    }

    /**
     * A literal whose length (minus one) is stored in the tag ({@code extraBytes} 0, length up to 60) or in
     * 1-4 extra bytes (tag values 60-63). A longer-than-needed encoding is legal Snappy.
     */
    public SnappyBlockWriter literal(byte[] data, int off, int len, int extraBytes) {
        literalHeader(len, extraBytes);
        out.write(data, off, len);
        return this;
    }

    /** Only the tag and length bytes of a literal (for literals that run past the input). */
    public SnappyBlockWriter literalHeader(long len, int extraBytes) {
        long n = len - 1;
        if (extraBytes == 0) {
            if (n >= 60) {
                throw new IllegalArgumentException("length " + len + " does not fit the tag");
            }
            out.write((int) (n << 2));
        } else {
            out.write((59 + extraBytes) << 2);
            for (int i = 0; i < extraBytes; i++) {
                out.write((int) (n >>> (8 * i)) & 0xFF);
            }
        }
        return this;
    }

    /** Copy with a 1-byte offset: length 4-11, offset 0-2047 (0 is corrupt). */
    public SnappyBlockWriter copy1(int offset, int len) {
        if (len < 4 || len > 11 || offset < 0 || offset > 2047) {
            throw new IllegalArgumentException("copy1 length " + len + " offset " + offset);
        }
        out.write(1 | ((len - 4) << 2) | ((offset >>> 8) << 5));
        out.write(offset & 0xFF);
        return this;
    }

    /** Copy with a 2-byte offset: length 1-64, offset 0-65535. */
    public SnappyBlockWriter copy2(int offset, int len) {
        if (len < 1 || len > 64 || offset < 0 || offset > 0xFFFF) {
            throw new IllegalArgumentException("copy2 length " + len + " offset " + offset);
        }
        out.write(2 | ((len - 1) << 2));
        out.write(offset & 0xFF);
        out.write(offset >>> 8);
        return this;
    }

    /** Copy with a 4-byte offset: length 1-64, any 32-bit offset. */
    public SnappyBlockWriter copy4(long offset, int len) {
        if (len < 1 || len > 64) {
            throw new IllegalArgumentException("copy4 length " + len);
        }
        out.write(3 | ((len - 1) << 2));
        for (int i = 0; i < 4; i++) {
            out.write((int) (offset >>> (8 * i)) & 0xFF);
        }
        return this;
    }

    /** Arbitrary bytes (a truncated element, garbage). */
    public SnappyBlockWriter bytes(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
