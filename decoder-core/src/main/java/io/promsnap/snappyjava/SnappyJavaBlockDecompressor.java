package io.promsnap.snappyjava;

import io.promsnap.PromsnapException;
import io.promsnap.spi.BlockDecompressor;
import io.promsnap.DecoderFactory.Availability;
import org.xerial.snappy.Snappy;

import java.io.IOException;

/** snappy-java (JNI) as a {@link BlockDecompressor}. */
public final class SnappyJavaBlockDecompressor implements BlockDecompressor {

    private static volatile Availability availability;

    /**
     * Loads the native library once. Never throws: snappy-java extracts a native library into a temp
     * directory, which fails on a {@code noexec} /tmp or an unusual libc, and that must make the
     * decoder unavailable, not crash the registry.
     */
    public static Availability availability() {
        Availability a = availability;
        if (a == null) {
            try {
                Snappy.maxCompressedLength(1);
                a = Availability.AVAILABLE;
            } catch (Throwable t) {
                a = Availability.unavailable("snappy-java native library did not load: " + t);
            }
            availability = a;
        }
        return a;
    }

    @Override
    public String name() {
        return "snappy-java";
    }

    @Override
    public boolean pureJava() {
        return false;
    }

    @Override
    public int decompressBlock(byte[] in, int off, int len, byte[] out, int outOff, int declaredLength,
                               long reportBase) {
        try {
            return Snappy.uncompress(in, off, len, out, outOff);
        } catch (IOException | RuntimeException e) {
            throw PromsnapException.compression(reportBase, "corrupt Snappy block: snappy-java: " + e.getMessage());
        }
    }
}
