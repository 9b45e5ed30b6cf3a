package io.promsnap.aircompressor;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.promsnap.ErrorCategory;
import io.promsnap.PromsnapException;
import io.promsnap.internal.snappy.SnappyBlockChecker;
import io.promsnap.spi.BlockDecompressor;

import java.util.Objects;

/**
 * aircompressor's pure-Java Snappy ({@code io.airlift.compress.snappy.SnappyDecompressor}, 2.0.x) as a
 * {@link BlockDecompressor}. Stateless; allocation-free on valid input.
 *
 * <p>aircompressor 2.0.3 rejects everything {@code docs/format.md} rejects (copy offset 0, copies before
 * the output start, literals past the input, output longer or shorter than declared; see
 * {@code LibraryBehaviourTest}), so the checker only runs on failure. Its
 * {@link MalformedInputException#getOffset()} is not a payload offset: for a bad element it is the
 * position <em>after</em> the element's tag and trailer bytes, counted from the first element (past the
 * varint preamble); for a length mismatch it is 0; for a bad preamble it is an {@code Unsafe} address
 * ({@code ARRAY_BYTE_BASE_OFFSET + index}) or a non-positive distance. So on failure the block is re-read
 * with {@link SnappyBlockChecker}, which names the bad element's own offset exactly as the snappy-java
 * adapter does; aircompressor's offset (mapped to {@code reportBase + preamble + getOffset()}) is used
 * only if the checker finds nothing, which would be a disagreement between the two.
 */
public final class AircompressorBlockDecompressor implements BlockDecompressor {
    private final SnappyDecompressor decompressor = new SnappyDecompressor();

    @Override
    public String name() {
        return "aircompressor";
    }

    @Override
    public boolean pureJava() {
        return true;
    }

    @Override
    public int decompressBlock(byte[] in, int off, int len, byte[] out, int outOff, int declaredLength,
                               long reportBase) {
        Objects.checkFromIndexSize(off, len, in.length);
        Objects.checkFromIndexSize(outOff, declaredLength, out.length);
        int produced;
        try {
            // the output limit is exactly the declared length, so a block producing more fails inside
            // aircompressor and cannot write past this block's region of the shared buffer
            produced = decompressor.decompress(in, off, len, out, outOff, declaredLength);
        } catch (MalformedInputException e) {
            throw explain(in, off, len, reportBase, e.getOffset(), e);
        } catch (RuntimeException e) {
            // IllegalArgumentException ("Uncompressed length ... must be less than ...") and anything else
            throw explain(in, off, len, reportBase, -1, e);
        }
        if (produced != declaredLength) {
            throw explain(in, off, len, reportBase, -1, null);
        }
        return produced;
    }

    private static PromsnapException explain(byte[] in, int off, int len, long reportBase, long libraryOffset,
                                             RuntimeException cause) {
        try {
            SnappyBlockChecker.check(in, off, len, reportBase);
        } catch (PromsnapException precise) {
            if (cause != null) {
                precise.addSuppressed(cause);
            }
            return precise;
        }
        // the checker accepts the block but aircompressor did not
        long at = reportBase;
        if (libraryOffset >= 0) {
            int preamble = SnappyBlockChecker.preambleSize(SnappyBlockChecker.readPreamble(in, off, len, reportBase));
            at = reportBase + Math.min(len, preamble + libraryOffset);
        }
        return new PromsnapException(ErrorCategory.COMPRESSION, PromsnapException.Region.COMPRESSED,
                at, -1, "aircompressor rejected the Snappy block: " + (cause == null ? "wrong length" : cause.getMessage()),
                cause);
    }
}
