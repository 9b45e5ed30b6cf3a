package io.promsnap.internal.text;

import jdk.incubator.vector.ByteVector;

/** The only reference to the Vector API in {@link VectorSupport}: loaded only once the module is known present. */
final class VectorWidth {
    private VectorWidth() {
    }

    static int bits() {
        return ByteVector.SPECIES_PREFERRED.vectorBitSize();
    }
}
