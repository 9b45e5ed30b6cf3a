package io.promsnap.scanner;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Bytes#specialMask} with the JDK's Vector API: one or two wide compares per 64 bytes and a
 * mask-to-long move, where the SWAR version needs about 120 scalar operations. Loaded only when
 * {@link io.promsnap.internal.text.VectorSupport} allows vectors (the incubator module, a JDK that compiles
 * {@code VectorMask.toLong} to a single instruction: Java 17's C2 does not, and there this is about 70
 * times slower than SWAR); {@link Bytes} checks its result against SWAR once before using it.
 */
final class VectorBytes {
    private VectorBytes() {
    }

    private static final VectorSpecies<Byte> S = ByteVector.SPECIES_PREFERRED;
    private static final int LANES = S.length();

    static int lanes() {
        return LANES;
    }

    /** Bit k set when {@code b[i+k]} is {@code "}, {@code \} or, when {@code ctl}, below 0x20; 64 readable bytes at i. */
    static long specialMask(byte[] b, int i, boolean ctl) {
        long m = 0;
        for (int k = 0; k < 64; k += LANES) { // one trip with 512-bit vectors, two with 256-bit ones
            ByteVector v = ByteVector.fromArray(S, b, i + k);
            VectorMask<Byte> s = v.eq((byte) '"').or(v.eq((byte) '\\'));
            if (ctl) {
                s = s.or(v.compare(VectorOperators.LT, (byte) 0x20).and(v.compare(VectorOperators.GE, (byte) 0)));
            }
            m |= s.toLong() << k;
        }
        return m;
    }
}
