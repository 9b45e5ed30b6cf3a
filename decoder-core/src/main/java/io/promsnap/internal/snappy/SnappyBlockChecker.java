package io.promsnap.internal.snappy;

import io.promsnap.PromsnapException;

/**
 * Validates one raw Snappy block without decompressing it: walks the elements tracking only how many
 * bytes they would produce, and throws a {@link PromsnapException} (COMPRESSION) naming the first problem
 * and its exact byte offset. Allocation-free on valid input; writes nothing.
 *
 * <p>Why it exists: the libraries disagree on how much they say about a bad block. snappy-java's JNI
 * reports only {@code FAILED_TO_UNCOMPRESS(5)}; aircompressor's {@code MalformedInputException} offset
 * points <em>after</em> the bad element's tag and trailer, relative to the first element (past the
 * preamble), and is 0 for a length mismatch. The adapters therefore run this checker when their library
 * fails, so every decoder reports the same reason at the same offset for the same bad block.
 *
 * <p>Offsets reported (relative to the block start, plus {@code reportBase}):
 * <ul>
 *   <li>preamble problems: the byte where the preamble breaks (see {@link #readPreamble});</li>
 *   <li>truncated element, literal running past the input, copy offset 0, copy offset before the start
 *       of the output, output longer than declared: the offset of that element's tag byte;</li>
 *   <li>output shorter than declared: the end of the block.</li>
 * </ul>
 * For a copy, the checks run in this order: truncated, offset 0, offset before start, output too long.
 */
public final class SnappyBlockChecker {

    /** A varint preamble is at most 5 bytes and declares at most 2^32-1 bytes. */
    public static final int MAX_PREAMBLE_BYTES = 5;

    private SnappyBlockChecker() {
    }

    /**
     * Reads a block's little-endian base-128 length preamble from {@code in[off, off+len)}.
     *
     * @return {@code (size << 32) | value}: the preamble size (1..5) in the high half, the declared length
     *         (0..2^32-1) in the low half; take them apart with {@link #preambleSize} and
     *         {@link #preambleValue}. Packed so that reading it allocates nothing.
     * @throws PromsnapException COMPRESSION "truncated length preamble" at the missing byte, or
     *         "length preamble exceeds 32 bits" / "length preamble longer than 5 bytes" at the 5th byte
     */
    public static long readPreamble(byte[] in, int off, int len, long reportBase) {
        long result = 0;
        for (int i = 0; i < MAX_PREAMBLE_BYTES; i++) {
            if (i >= len) {
                throw PromsnapException.compression(reportBase + i, "truncated length preamble");
            }
            int b = in[off + i] & 0xff;
            result |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                if (result > 0xFFFF_FFFFL) {
                    throw PromsnapException.compression(reportBase + i, "length preamble exceeds 32 bits");
                }
                return ((long) (i + 1) << 32) | result;
            }
        }
        throw PromsnapException.compression(reportBase + MAX_PREAMBLE_BYTES - 1,
                "length preamble longer than 5 bytes");
    }

    /** The preamble's size in bytes, from a {@link #readPreamble} result. */
    public static int preambleSize(long packed) {
        return (int) (packed >>> 32);
    }

    /** The declared uncompressed length (0..2^32-1), from a {@link #readPreamble} result. */
    public static long preambleValue(long packed) {
        return packed & 0xFFFF_FFFFL;
    }

    /**
     * Checks the whole raw block {@code in[off, off+len)}, preamble included, and returns its declared
     * length when the elements produce exactly that many bytes and every copy stays inside the output.
     *
     * @param reportBase added to offsets within the block, so that they are positions in the caller's payload
     * @throws PromsnapException COMPRESSION at the first problem
     */
    public static long check(byte[] in, int off, int len, long reportBase) {
        long packed = readPreamble(in, off, len, reportBase);
        long declared = preambleValue(packed);
        int p = preambleSize(packed);
        // produced and every length are longs: a 4-byte literal length reaches 2^32, and overflow here
        // would hide exactly the bad input this class exists to find
        long produced = 0;
        while (p < len) {
            int tag = in[off + p] & 0xff;
            int avail = len - p - 1; // bytes after the tag
            long length;
            switch (tag & 3) {
                case 0 -> {
                    int code = tag >>> 2;
                    int extra = code < 60 ? 0 : code - 59;
                    if (extra > avail) {
                        throw problem(reportBase, p, "truncated literal length (" + extra + " length bytes, "
                                + avail + " left)");
                    }
                    length = code < 60 ? code + 1 : readLe(in, off + p + 1, extra) + 1;
                    if (length > avail - extra) {
                        throw problem(reportBase, p, "literal of " + length + " bytes runs past the end of the input ("
                                + (avail - extra) + " bytes left)");
                    }
                    if (produced + length > declared) {
                        throw tooLong(reportBase, p, produced + length, declared);
                    }
                    p += 1 + extra + (int) length;
                }
                case 1 -> {
                    if (avail < 1) {
                        throw problem(reportBase, p, "truncated copy (1 offset byte, 0 left)");
                    }
                    length = 4 + ((tag >>> 2) & 7);
                    long offset = ((long) (tag >>> 5) << 8) | (in[off + p + 1] & 0xff);
                    checkCopy(reportBase, p, offset, length, produced, declared);
                    p += 2;
                }
                case 2 -> {
                    if (avail < 2) {
                        throw problem(reportBase, p, "truncated copy (2 offset bytes, " + avail + " left)");
                    }
                    length = (tag >>> 2) + 1;
                    checkCopy(reportBase, p, readLe(in, off + p + 1, 2), length, produced, declared);
                    p += 3;
                }
                default -> {
                    if (avail < 4) {
                        throw problem(reportBase, p, "truncated copy (4 offset bytes, " + avail + " left)");
                    }
                    length = (tag >>> 2) + 1;
                    checkCopy(reportBase, p, readLe(in, off + p + 1, 4), length, produced, declared);
                    p += 5;
                }
            }
            produced += length;
        }
        if (produced != declared) {
            throw PromsnapException.compression(reportBase + len, "block produced " + produced
                    + " bytes but its preamble declared " + declared);
        }
        return declared;
    }

    private static void checkCopy(long reportBase, int p, long offset, long length, long produced, long declared) {
        if (offset == 0) {
            throw problem(reportBase, p, "copy offset 0");
        }
        if (offset > produced) {
            throw problem(reportBase, p, "copy offset " + offset + " reaches before the start of the output ("
                    + produced + " bytes produced)");
        }
        if (produced + length > declared) {
            throw tooLong(reportBase, p, produced + length, declared);
        }
    }

    private static long readLe(byte[] in, int at, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) (in[at + i] & 0xff) << (8 * i);
        }
        return v;
    }

    private static PromsnapException problem(long reportBase, int p, String reason) {
        return PromsnapException.compression(reportBase + p, reason);
    }

    private static PromsnapException tooLong(long reportBase, int p, long wouldProduce, long declared) {
        return PromsnapException.compression(reportBase + p, "block produces more than the " + declared
                + " bytes its preamble declared (" + wouldProduce + " after this element)");
    }
}
