package io.promsnap.internal.text;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The UTF-8 pass's fast path with the Vector API: one signed compare per 32 or 64 bytes finds the first
 * byte that is not printable ASCII (below 0x20, or 0x80 and above, which are negative as signed bytes).
 * Loaded only when {@link VectorSupport#allowed()}.
 */
final class VectorUtf8 {
    private VectorUtf8() {
    }

    private static final VectorSpecies<Byte> S = ByteVector.SPECIES_PREFERRED;
    private static final int LANES = S.length();

    /**
     * The first position at or after {@code i} whose byte is below 0x20 or above 0x7F; or, when there is
     * none before the last {@code LANES} bytes, the first position within them (the caller's scalar loop
     * goes on from there).
     */
    static int skipPlain(byte[] b, int i, int end) {
        while (end - i >= LANES) {
            VectorMask<Byte> odd = ByteVector.fromArray(S, b, i).compare(VectorOperators.LT, (byte) 0x20);
            if (odd.anyTrue()) {
                return i + odd.firstTrue();
            }
            i += LANES;
        }
        return i;
    }

    /** Whether {@link #skipPlain} stops where a byte-by-byte search does, on every byte value at several offsets. */
    static boolean agreesWithScalar() {
        byte[] b = new byte[4 * LANES + 300];
        for (int v = 0; v < 256; v++) {
            java.util.Arrays.fill(b, (byte) 'a');
            int at = (v * 7) % (b.length - 1);
            b[at] = (byte) v;
            for (int from : new int[] {0, 1, LANES - 1, LANES, Math.max(0, at - 1), at, at + 1}) {
                int expected = from;
                while (expected < b.length && b[expected] >= 0x20) {
                    expected++;
                }
                int got = skipPlain(b, from, b.length);
                // never past the first odd byte; short of it only in the last LANES bytes (the tail)
                if (got < from || got > expected || (got < expected && b.length - got >= LANES)) {
                    return false;
                }
            }
        }
        return true;
    }
}
