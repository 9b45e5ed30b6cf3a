package io.promsnap.internal.snappy;

import io.promsnap.ContainerFormat;
import io.promsnap.DecodeLimits;
import io.promsnap.PromsnapException;

import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * Reads the container around Snappy data (raw block, framing format, snappy-java stream format; see
 * {@code docs/format.md} section 1), checks every declared length against the limits before allocating,
 * and has a {@link RawBlock} (a {@code BlockDecompressor}) decompress each raw block into one output buffer that is reused
 * (grown, never shrunk) from payload to payload. Not thread-safe.
 *
 * <p>Every bad payload ends in a {@link PromsnapException}: COMPRESSION, or LIMIT when the declared
 * decompressed size (of the raw block, or summed over all chunks or blocks) exceeds
 * {@link DecodeLimits#maxDecompressedBytes()}. Offsets are relative to the start of the payload.
 *
 * <p>Framed and snappy-java streams are read in two passes: the first walks chunk headers and block
 * preambles only (no allocation, no decompression) to sum the declared sizes and find structural errors;
 * the buffer is then sized once and the second pass checks CRCs and decompresses. A structural error found
 * by the first pass is thrown only after the second pass has run over the chunks before it, so that the
 * error reported is the first in payload order. A LIMIT error is thrown by the first pass, before any
 * allocation, even when an earlier chunk is corrupt.
 */
public final class SnappyContainer {
    /** The framing format's stream identifier chunk: type 0xff, length 6, "sNaPpY". */
    private static final byte[] FRAMED_MAGIC = {(byte) 0xff, 6, 0, 0, 's', 'N', 'a', 'P', 'p', 'Y'};
    /** snappy-java's {@code SnappyCodec.MAGIC_HEADER}. */
    private static final byte[] XERIAL_MAGIC = {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
    /** Magic plus the two int32 version fields. */
    private static final int XERIAL_HEADER = 16;
    /** The framing format caps each chunk's uncompressed data. */
    static final int MAX_FRAMED_CHUNK = 65_536;

    private final RawBlock block;
    private final ContainerFormat format;
    private final DecodeLimits limits;
    private final CRC32C crc = new CRC32C();
    private byte[] out = new byte[0];

    public SnappyContainer(RawBlock block, ContainerFormat format, DecodeLimits limits) {
        this.block = Objects.requireNonNull(block, "block");
        this.format = Objects.requireNonNull(format, "format");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * The output buffer; the JSON is in {@code [0, n)} where n is what {@link #decompress} returned. The
     * same array is reused by the next call (and may be replaced by a larger one), so the caller must be
     * done with it before decompressing again. Bytes past n are leftovers of earlier payloads.
     */
    public byte[] buffer() {
        return out;
    }

    /**
     * Decompresses the payload {@code in[off, off+len)} into {@link #buffer()}.
     *
     * @return the number of decompressed bytes, at the start of {@link #buffer()}
     * @throws PromsnapException COMPRESSION or LIMIT for a bad payload
     * @throws IndexOutOfBoundsException when {@code off}/{@code len} do not lie within {@code in}
     */
    public int decompress(byte[] in, int off, int len) {
        Objects.requireNonNull(in, "in");
        Objects.checkFromIndexSize(off, len, in.length);
        ContainerFormat f = format == ContainerFormat.AUTO ? detect(in, off, len) : format;
        return switch (f) {
            case RAW -> raw(in, off, len);
            case FRAMED -> framed(in, off, len);
            case XERIAL -> xerial(in, off, len);
            case AUTO -> throw new AssertionError("detect never returns AUTO");
        };
    }

    /**
     * {@link ContainerFormat#FRAMED} when the payload starts with the framing format's stream identifier
     * chunk (10 bytes), {@link ContainerFormat#XERIAL} when it starts with snappy-java's 8-byte magic, else
     * {@link ContainerFormat#RAW}. A raw block could in theory start with either magic (the preambles
     * would declare 895 and 10,626 bytes); the magic wins, as in snappy-java's own stream reader.
     */
    public static ContainerFormat detect(byte[] in, int off, int len) {
        if (startsWith(in, off, len, FRAMED_MAGIC)) {
            return ContainerFormat.FRAMED;
        }
        if (startsWith(in, off, len, XERIAL_MAGIC)) {
            return ContainerFormat.XERIAL;
        }
        return ContainerFormat.RAW;
    }

    private static boolean startsWith(byte[] in, int off, int len, byte[] magic) {
        if (len < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (in[off + i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- raw

    private int raw(byte[] in, int off, int len) {
        long packed = SnappyBlockChecker.readPreamble(in, off, len, 0);
        long declared = SnappyBlockChecker.preambleValue(packed);
        int preamble = SnappyBlockChecker.preambleSize(packed);
        limits.checkDecompressedSize(declared, 0);
        checkPlausible(declared, len - preamble, 0);
        int n = (int) declared;
        ensure(n);
        decompressBlock(in, off, len, 0, n, 0);
        return n;
    }

    /** Runs the adapter on one block whose preamble declared {@code n} and whose room in out is checked. */
    private void decompressBlock(byte[] in, int blockOff, int blockLen, int outOff, int n, long reportBase) {
        if (n == 0) {
            // nothing to decompress: the checker alone decides (a block declaring 0 bytes must have no
            // elements), and no library sees a zero-length output region
            SnappyBlockChecker.check(in, blockOff, blockLen, reportBase);
            return;
        }
        int produced = block.decompressBlock(in, blockOff, blockLen, out, outOff, n, reportBase);
        if (produced != n) {
            // adapters check this themselves; this guards a third-party adapter that does not
            throw PromsnapException.compression(reportBase + blockLen, "block produced " + produced
                    + " bytes but its preamble declared " + n);
        }
    }

    /**
     * A declared length the elements cannot possibly produce is corrupt: the best expansion is a 3-byte
     * copy yielding 64 bytes (21.3x), so a tiny payload cannot make us allocate a huge buffer even under a
     * generous limit. Literals produce at most their own size.
     */
    private static void checkPlausible(long declared, long elementBytes, long reportOffset) {
        if (declared > elementBytes * 22 + 64) {
            throw PromsnapException.compression(reportOffset, "declared length " + declared
                    + " is more than " + elementBytes + " bytes of Snappy elements can produce");
        }
    }

    // ---------------------------------------------------------------- framed

    /** Thrown at the end of the second pass; set by the first pass at the first structural error. */
    private PromsnapException pending;
    /** Declared bytes of the chunks/blocks before the first pass stopped; checked against the limit. */
    private long scanTotal;

    private int framed(byte[] in, int off, int len) {
        pending = null;
        scanTotal = 0;
        int stop = framedScan(in, off, len);
        PromsnapException deferred = pending;
        pending = null;
        ensure((int) (deferred != null ? pendingTotal : scanTotal));
        int o = framedDecode(in, off, stop);
        if (deferred != null) {
            throw deferred;
        }
        return o;
    }

    /**
     * First pass: validates chunk structure and block preambles, sums the declared sizes and checks the
     * sum against the limit (in {@link #scanTotal}) before anything is allocated. Returns where the second
     * pass must stop (the end, or the chunk with the first structural error, recorded in {@link #pending}).
     */
    private int framedScan(byte[] in, int off, int len) {
        boolean seenId = false;
        int p = 0;
        while (p < len) {
            if (len - p < 4) {
                return stop(p, "truncated chunk header (" + (len - p) + " of 4 bytes)");
            }
            int type = in[off + p] & 0xff;
            int clen = (in[off + p + 1] & 0xff) | (in[off + p + 2] & 0xff) << 8 | (in[off + p + 3] & 0xff) << 16;
            int data = p + 4;
            if (!seenId && type != 0xff) {
                return stop(p, "missing stream identifier (chunk type 0x" + hex(type) + " first)");
            }
            if (clen > len - data) {
                return stop(p, "chunk of " + clen + " bytes runs past the end of the payload (" + (len - data)
                        + " bytes left)");
            }
            if (type == 0xff) {
                if (!startsWith(in, off + p, len - p, FRAMED_MAGIC)) {
                    return stop(p, "bad stream identifier chunk");
                }
                seenId = true;
            } else if (type == 0x00 || type == 0x01) {
                if (clen < 4) {
                    return stop(p, "data chunk of " + clen + " bytes is shorter than its 4-byte checksum");
                }
                long n;
                if (type == 0x00) {
                    long packed;
                    try {
                        packed = SnappyBlockChecker.readPreamble(in, off + data + 4, clen - 4, data + 4);
                    } catch (PromsnapException e) {
                        return stop(p, e);
                    }
                    n = SnappyBlockChecker.preambleValue(packed);
                    if (n > MAX_FRAMED_CHUNK) {
                        return stop(p, data + 4, "compressed chunk declares " + n + " bytes, more than the "
                                + MAX_FRAMED_CHUNK + " a chunk may hold");
                    }
                    long elements = clen - 4 - SnappyBlockChecker.preambleSize(packed);
                    if (n > elements * 22 + 64) {
                        // the chunk is corrupt but its length is known: keep summing so a later LIMIT wins
                        stop(p, data + 4, "declared length " + n + " is more than " + elements
                                + " bytes of Snappy elements can produce");
                    }
                } else {
                    n = clen - 4;
                    if (n > MAX_FRAMED_CHUNK) {
                        return stop(p, "uncompressed chunk holds " + n + " bytes, more than the "
                                + MAX_FRAMED_CHUNK + " a chunk may hold");
                    }
                }
                limits.checkDecompressedSize(scanTotal + n, type == 0x00 ? data + 4 : data);
                scanTotal += n;
            } else if (type < 0x80) {
                return stop(p, "unskippable chunk of reserved type 0x" + hex(type));
            }
            // 0x80-0xfd skippable, 0xfe padding: nothing to check
            p = data + clen;
        }
        if (!seenId) {
            return stop(0, "missing stream identifier (empty payload)");
        }
        return pending != null ? pendingStop : len;
    }

    /** Second pass over chunks the first pass validated: CRCs and decompression; returns bytes produced. */
    private int framedDecode(byte[] in, int off, int stop) {
        int o = 0;
        int p = 0;
        while (p < stop) {
            int type = in[off + p] & 0xff;
            int clen = (in[off + p + 1] & 0xff) | (in[off + p + 2] & 0xff) << 8 | (in[off + p + 3] & 0xff) << 16;
            int data = p + 4;
            if (type == 0x00) {
                int blockOff = data + 4;
                int n = (int) SnappyBlockChecker.preambleValue(
                        SnappyBlockChecker.readPreamble(in, off + blockOff, clen - 4, blockOff));
                decompressBlock(in, off + blockOff, clen - 4, o, n, blockOff);
                checkCrc(in, off + data, out, o, n, data);
                o += n;
            } else if (type == 0x01) {
                int n = clen - 4;
                checkCrc(in, off + data, in, off + data + 4, n, data);
                System.arraycopy(in, off + data + 4, out, o, n);
                o += n;
            }
            p = data + clen;
        }
        return o;
    }

    private void checkCrc(byte[] in, int crcAt, byte[] buf, int from, int n, long reportOffset) {
        int expected = (in[crcAt] & 0xff) | (in[crcAt + 1] & 0xff) << 8 | (in[crcAt + 2] & 0xff) << 16
                | (in[crcAt + 3] & 0xff) << 24;
        crc.reset();
        crc.update(buf, from, n);
        int c = (int) crc.getValue();
        int masked = ((c >>> 15) | (c << 17)) + 0xa282ead8;
        if (masked != expected) {
            throw PromsnapException.compression(reportOffset, "chunk checksum mismatch (masked CRC32C 0x"
                    + Integer.toHexString(masked) + ", chunk says 0x" + Integer.toHexString(expected) + ")");
        }
    }

    /** Records a structural error found by a first pass at {@code p}; the second pass stops before chunk p. */
    private int stop(int p, String reason) {
        return stop(p, p, reason);
    }

    /** As {@link #stop(int, String)}, reporting {@code at} (inside the chunk starting at {@code p}). */
    private int stop(int p, int at, String reason) {
        return stop(p, pending == null ? PromsnapException.compression(at, reason) : pending);
    }

    /**
     * Records the first structural error (a later one never replaces it) and returns where the second pass
     * must stop: before the chunk of that first error.
     */
    private int stop(int p, PromsnapException e) {
        if (pending == null) {
            pending = e;
            pendingStop = p;
            pendingTotal = scanTotal;
        }
        return pendingStop;
    }

    /** Where the second pass stops when {@link #pending} is set. */
    private int pendingStop;
    /**
     * The output the second pass needs when {@link #pending} is set: only the chunks before the error. The
     * first pass goes on summing {@code scanTotal} for the limit, but that is never allocated.
     */
    private long pendingTotal;

    private static String hex(int b) {
        return b < 0x10 ? "0" + Integer.toHexString(b) : Integer.toHexString(b);
    }

    // ---------------------------------------------------------------- snappy-java stream

    private int xerial(byte[] in, int off, int len) {
        pending = null;
        scanTotal = 0;
        int stop = xerialScan(in, off, len);
        PromsnapException deferred = pending;
        pending = null;
        ensure((int) (deferred != null ? pendingTotal : scanTotal));
        int o = xerialDecode(in, off, stop);
        if (deferred != null) {
            throw deferred;
        }
        return o;
    }

    /**
     * First pass over a snappy-java stream, as {@link #framedScan}. The version fields are not checked:
     * snappy-java has only ever written 1 and 1, and refusing other values would buy nothing. A header
     * may appear again between blocks (concatenated streams); a block length never starts with 0x82
     * because lengths are non-negative, so the two cannot be confused.
     */
    private int xerialScan(byte[] in, int off, int len) {
        if (!startsWith(in, off, len, XERIAL_MAGIC)) {
            return stop(0, "missing snappy-java stream header");
        }
        int p = 0;
        while (p < len) {
            if (startsWith(in, off + p, len - p, XERIAL_MAGIC)) {
                if (len - p < XERIAL_HEADER) {
                    return stop(p, "truncated snappy-java stream header (" + (len - p) + " of " + XERIAL_HEADER
                            + " bytes)");
                }
                p += XERIAL_HEADER;
                continue;
            }
            if (len - p < 4) {
                return stop(p, "truncated block length (" + (len - p) + " of 4 bytes)");
            }
            int blen = (in[off + p] & 0xff) << 24 | (in[off + p + 1] & 0xff) << 16 | (in[off + p + 2] & 0xff) << 8
                    | (in[off + p + 3] & 0xff);
            int blockOff = p + 4;
            if (blen < 0) {
                return stop(p, "negative block length " + blen);
            }
            if (blen > len - blockOff) {
                return stop(p, "block of " + blen + " bytes runs past the end of the payload (" + (len - blockOff)
                        + " bytes left)");
            }
            long packed;
            try {
                packed = SnappyBlockChecker.readPreamble(in, off + blockOff, blen, blockOff);
            } catch (PromsnapException e) {
                return stop(p, e);
            }
            long n = SnappyBlockChecker.preambleValue(packed);
            limits.checkDecompressedSize(scanTotal + n, blockOff);
            long elements = blen - SnappyBlockChecker.preambleSize(packed);
            if (n > elements * 22 + 64) {
                // the block is corrupt but its length is known: keep summing so a later LIMIT wins
                stop(p, blockOff, "declared length " + n + " is more than " + elements
                        + " bytes of Snappy elements can produce");
            }
            scanTotal += n;
            p = blockOff + blen;
        }
        return pending != null ? pendingStop : len;
    }

    private int xerialDecode(byte[] in, int off, int stop) {
        int o = 0;
        int p = 0;
        while (p < stop) {
            if (startsWith(in, off + p, stop - p, XERIAL_MAGIC)) {
                p += XERIAL_HEADER;
                continue;
            }
            int blen = (in[off + p] & 0xff) << 24 | (in[off + p + 1] & 0xff) << 16 | (in[off + p + 2] & 0xff) << 8
                    | (in[off + p + 3] & 0xff);
            int blockOff = p + 4;
            int n = (int) SnappyBlockChecker.preambleValue(
                    SnappyBlockChecker.readPreamble(in, off + blockOff, blen, blockOff));
            decompressBlock(in, off + blockOff, blen, o, n, blockOff);
            o += n;
            p = blockOff + blen;
        }
        return o;
    }

    // ---------------------------------------------------------------- buffer

    private void ensure(int n) {
        if (out.length < n) {
            // grow geometrically (bounded by the limit) so a stream of slowly growing payloads reallocates rarely
            long cap = Math.max(n, Math.min((long) out.length * 3 / 2, limits.maxDecompressedBytes()));
            out = new byte[(int) cap];
        }
    }
}
