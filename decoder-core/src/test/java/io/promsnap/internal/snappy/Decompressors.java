package io.promsnap.internal.snappy;

import io.promsnap.aircompressor.AircompressorBlockDecompressor;
import io.promsnap.snappyjava.SnappyJavaBlockDecompressor;
import io.promsnap.spi.BlockDecompressor;
import org.junit.jupiter.api.Named;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every {@link BlockDecompressor} adapter, for {@code @MethodSource}: a new adapter gets every
 * parameterised container test by adding one line here.
 */
final class Decompressors {
    private Decompressors() {
    }

    static List<Named<Supplier<BlockDecompressor>>> all() {
        List<Named<Supplier<BlockDecompressor>>> list = new ArrayList<>();
        list.add(Named.of("aircompressor", AircompressorBlockDecompressor::new));
        // snappy-java needs its native library; where it cannot load, SnappyJavaAvailabilityTest says why
        if (SnappyJavaBlockDecompressor.availability().available()) {
            list.add(Named.of("snappy-java", SnappyJavaBlockDecompressor::new));
        }
        return list;
    }
}
