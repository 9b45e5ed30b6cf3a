package io.promsnap.aircompressor;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.promsnap.PromsnapException;
import io.promsnap.spi.BlockDecompressor;

/** aircompressor's pure-Java Snappy as a {@link BlockDecompressor}. */
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
        try {
            return decompressor.decompress(in, off, len, out, outOff, declaredLength);
        } catch (MalformedInputException e) {
            throw PromsnapException.compression(reportBase + e.getOffset() - off, "corrupt Snappy block: " + e.getMessage());
        } catch (RuntimeException e) {
            throw PromsnapException.compression(reportBase, "corrupt Snappy block: " + e);
        }
    }
}
