package io.promsnap;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A view of a UTF-8 string inside a decoder-owned buffer: the decompressed JSON when the string had no
 * escapes, or a per-payload scratch buffer when it had. Views are flyweights reused by the decoder:
 * <strong>valid only during the {@link SampleVisitor#onSample} call that handed them out</strong>.
 * Copy out with {@link #toString()} (a {@code String}), {@link #toByteArray()} or
 * {@link #copyTo(byte[], int)} (allocation-free); compare without copying with {@link #contentEquals}.
 *
 * <p>The bytes are always valid UTF-8 (decoders validate) with escapes already resolved.
 * {@code equals}/{@code hashCode} are identity-based on purpose: a flyweight must never be a map key.
 */
public final class Utf8View implements Comparable<Utf8View> {
    private static final byte[] EMPTY = new byte[0];

    private byte[] array = EMPTY;
    private int offset;
    private int length;

    /** Created by {@link SampleView} only. */
    Utf8View() {
    }

    /** For the owning {@link SampleView}: point this view at {@code array[offset, offset+length)}. */
    Utf8View set(byte[] array, int offset, int length) {
        if (this.array != array) { // a reference store costs a GC write barrier; the array rarely changes
            this.array = array;
        }
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** The backing array; do not modify. Bytes {@code [offset(), offset()+length())} belong to this string. */
    public byte[] array() {
        return array;
    }

    public int offset() {
        return offset;
    }

    /** Length in UTF-8 bytes. */
    public int length() {
        return length;
    }

    public boolean isEmpty() {
        return length == 0;
    }

    public byte byteAt(int i) {
        if (i < 0 || i >= length) {
            throw new IndexOutOfBoundsException(i);
        }
        return array[offset + i];
    }

    /** Copies the bytes into {@code dst} at {@code dstOffset}; returns the number of bytes copied. */
    public int copyTo(byte[] dst, int dstOffset) {
        System.arraycopy(array, offset, dst, dstOffset, length);
        return length;
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(array, offset, length);
    }

    /** A copy of the bytes. Allocates. */
    public byte[] toByteArray() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    /** Whether {@code other[from, from+length())} holds this view's bytes (for {@link SampleView}). */
    boolean equalsRange(byte[] other, int from) {
        return Arrays.equals(array, offset, offset + length, other, from, from + length);
    }

    /** Decodes to a {@code String}. Allocates. */
    @Override
    public String toString() {
        return new String(array, offset, length, StandardCharsets.UTF_8);
    }

    public boolean contentEquals(Utf8View other) {
        return Arrays.equals(array, offset, offset + length, other.array, other.offset, other.offset + other.length);
    }

    public boolean contentEquals(byte[] utf8) {
        return Arrays.equals(array, offset, offset + length, utf8, 0, utf8.length);
    }

    /** Compares with a Java string without allocating when the string is ASCII. */
    public boolean contentEquals(String s) {
        int n = s.length();
        if (n == length) {
            int i = 0;
            for (; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    break;
                }
                if (array[offset + i] != (byte) c) {
                    return false;
                }
            }
            if (i == n) {
                return true;
            }
        }
        return n <= length * 2L && n >= length / 3 && toString().equals(s);
    }

    /** A hash of the content (FNV-1a), stable across runs and decoders. */
    public int contentHash() {
        int h = 0x811c9dc5;
        for (int i = offset, end = offset + length; i < end; i++) {
            h = (h ^ (array[i] & 0xff)) * 0x01000193;
        }
        return h;
    }

    /** Unsigned byte order, which for UTF-8 is code point order. */
    @Override
    public int compareTo(Utf8View o) {
        return Arrays.compareUnsigned(array, offset, offset + length, o.array, o.offset, o.offset + o.length);
    }
}
