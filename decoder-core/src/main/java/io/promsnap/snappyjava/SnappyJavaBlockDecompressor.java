package io.promsnap.snappyjava;

import io.promsnap.DecoderFactory.Availability;
import io.promsnap.ErrorCategory;
import io.promsnap.PromsnapException;
import io.promsnap.internal.snappy.SnappyBlockChecker;
import io.promsnap.spi.BlockDecompressor;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * snappy-java (JNI, 1.1.10.x) as a {@link BlockDecompressor}. Allocation-free on valid input. Its
 * descriptor is {@link SnappyJavaLibrary#LIBRARY} (snappy-java is an optional dependency: this class cannot
 * be linked without it).
 *
 * <p>The native {@code rawUncompress} checks neither the input range nor the room in the output array
 * (it writes as many bytes as the block's own preamble declares), so this adapter re-reads the preamble
 * and checks both before calling it: a mistake here is memory corruption, not an exception.
 *
 * <p>On failure snappy-java says only {@code FAILED_TO_UNCOMPRESS(5)}, so the block is re-read with
 * {@link SnappyBlockChecker} for the exact reason and offset. snappy-java rejects everything
 * {@code docs/format.md} rejects (copy offset 0 and before the output start, length mismatches; see
 * {@code LibraryBehaviourTest}), so the checker runs only on failure.
 */
public final class SnappyJavaBlockDecompressor implements BlockDecompressor {
    private static volatile Availability availability;

    /** @throws IllegalStateException when the native library cannot be used here (see {@link #availability()}) */
    public SnappyJavaBlockDecompressor() {
        Availability a = availability();
        if (!a.available()) {
            throw new IllegalStateException(a.reason());
        }
    }

    /**
     * Loads the native library once and checks it with a tiny round trip. Never throws: snappy-java
     * extracts a native library into a temp directory, which fails on a {@code noexec} /tmp or an unusual
     * libc ({@code UnsatisfiedLinkError}, {@code SnappyError}, or {@code NoClassDefFoundError} once the class
     * failed to initialise), and that must make the decoder unavailable, not crash the registry.
     */
    public static Availability availability() {
        Availability a = availability;
        if (a == null) {
            a = probe();
            availability = a; // a benign race: two threads may both probe, with the same answer
        }
        return a;
    }

    private static Availability probe() {
        try {
            byte[] sample = "[{\"__name__\":\"up\"},{\"__name__\":\"up\"}]".getBytes(StandardCharsets.US_ASCII);
            byte[] back = Snappy.uncompress(Snappy.compress(sample));
            if (!Arrays.equals(sample, back)) {
                return Availability.unavailable("snappy-java native library loaded but a round trip failed");
            }
            return Availability.AVAILABLE;
        } catch (Throwable t) { // NOPMD: anything the native loader throws means "unavailable"
            String why;
            try {
                why = t.toString();
            } catch (Throwable t2) {
                why = t.getClass().getName();
            }
            return Availability.unavailable("snappy-java native library did not load: " + why);
        }
    }

    @Override
    public String name() {
        return SnappyJavaLibrary.LIBRARY.name();
    }

    @Override
    public boolean pureJava() {
        return SnappyJavaLibrary.LIBRARY.pureJava();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException  when the block's preamble does not declare {@code declaredLength}
     *                                   (a caller error: the container has already read the preamble)
     * @throws IndexOutOfBoundsException when the ranges do not lie within the arrays
     */
    @Override
    public int decompressBlock(byte[] in, int off, int len, byte[] out, int outOff, int declaredLength,
                               long reportBase) {
        Objects.checkFromIndexSize(off, len, in.length);
        Objects.checkFromIndexSize(outOff, declaredLength, out.length);
        long preamble = SnappyBlockChecker.readPreamble(in, off, len, reportBase);
        if (SnappyBlockChecker.preambleValue(preamble) != declaredLength) {
            throw new IllegalArgumentException("block preamble declares " + SnappyBlockChecker.preambleValue(preamble)
                    + " bytes, caller said " + declaredLength);
        }
        int produced;
        try {
            produced = Snappy.uncompress(in, off, len, out, outOff);
        } catch (IOException | RuntimeException e) {
            throw explain(in, off, len, reportBase, e);
        }
        if (produced != declaredLength) {
            throw explain(in, off, len, reportBase, null);
        }
        return produced;
    }

    private static PromsnapException explain(byte[] in, int off, int len, long reportBase, Exception cause) {
        try {
            SnappyBlockChecker.check(in, off, len, reportBase);
        } catch (PromsnapException precise) {
            if (cause != null) {
                precise.addSuppressed(cause);
            }
            return precise;
        }
        return new PromsnapException(ErrorCategory.COMPRESSION, PromsnapException.Region.COMPRESSED, reportBase, -1,
                "snappy-java rejected the Snappy block: " + (cause == null ? "wrong length" : cause.getMessage()),
                cause);
    }
}
