package io.promsnap.snappy;

import io.promsnap.ContainerFormat;
import io.promsnap.DecodeLimits;
import io.promsnap.PromsnapException;
import io.promsnap.spi.BlockDecompressor;

/**
 * Reads the container around Snappy data (raw block, framing format, snappy-java stream format),
 * checks every declared length against the limits before allocating, and has a
 * {@link BlockDecompressor} decompress each raw block into one reused output buffer. Not thread-safe.
 */
public final class SnappyContainer {
    private final BlockDecompressor block;
    private final ContainerFormat format;
    private final DecodeLimits limits;
    private byte[] out = new byte[0];

    public SnappyContainer(BlockDecompressor block, ContainerFormat format, DecodeLimits limits) {
        this.block = block;
        this.format = format;
        this.limits = limits;
    }

    /** The output buffer; the JSON is in {@code [0, n)} where n is what {@link #decompress} returned. */
    public byte[] buffer() {
        return out;
    }

    /** Decompresses {@code in[off, off+len)}; returns the number of JSON bytes in {@link #buffer()}. */
    public int decompress(byte[] in, int off, int len) {
        ContainerFormat f = format == ContainerFormat.AUTO ? detect(in, off, len) : format;
        return switch (f) {
            case RAW -> raw(in, off, len);
            default -> throw new UnsupportedOperationException(f + " is not supported yet");
        };
    }

    /** The framing format or snappy-java stream format when their magic bytes start the payload, else RAW. */
    public static ContainerFormat detect(byte[] in, int off, int len) {
        return ContainerFormat.RAW;
    }

    private int raw(byte[] in, int off, int len) {
        long declared = readVarint(in, off, len, 0);
        int preamble = varintSize;
        checkDeclared(declared, len - preamble, 0);
        int n = (int) declared;
        ensure(n);
        int produced = block.decompressBlock(in, off, len, out, 0, n, 0);
        if (produced != n) {
            throw PromsnapException.compression(len, "block produced " + produced + " bytes but declared " + n);
        }
        return n;
    }

    /**
     * Declared length checks, before allocating: the limit, and what the elements could possibly produce
     * (a 3-byte copy yields at most 64 bytes), so a tiny payload cannot ask for a huge buffer.
     */
    private void checkDeclared(long declared, long elementBytes, long reportOffset) {
        limits.checkDecompressedSize(declared, reportOffset);
        if (declared > elementBytes * 22 + 64) {
            throw PromsnapException.compression(reportOffset, "declared length " + declared
                    + " is more than " + elementBytes + " bytes of Snappy elements can produce");
        }
    }

    private int varintSize;

    /** Reads the little-endian base-128 preamble (at most 5 bytes, at most 2^32-1). */
    private long readVarint(byte[] in, int off, int len, long reportBase) {
        long result = 0;
        for (int i = 0; i < 5; i++) {
            if (i >= len) {
                throw PromsnapException.compression(reportBase + i, "truncated length preamble");
            }
            int b = in[off + i] & 0xff;
            result |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                if (result > 0xFFFF_FFFFL) {
                    throw PromsnapException.compression(reportBase, "length preamble exceeds 32 bits");
                }
                varintSize = i + 1;
                return result;
            }
        }
        throw PromsnapException.compression(reportBase + 4, "length preamble longer than 5 bytes");
    }

    private void ensure(int n) {
        if (out.length < n) {
            // grow geometrically (bounded by the limit) so a stream of slowly growing payloads reallocates rarely
            long cap = Math.max(n, Math.min((long) out.length * 3 / 2, limits.maxDecompressedBytes()));
            out = new byte[(int) cap];
        }
    }
}
