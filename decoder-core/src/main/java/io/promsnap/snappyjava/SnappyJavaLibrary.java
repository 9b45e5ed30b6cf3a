package io.promsnap.snappyjava;

import io.promsnap.DecoderFactory.Availability;
import io.promsnap.internal.classpath.OptionalArtifacts;
import io.promsnap.spi.BlockDecompressor;

import java.util.function.Supplier;

/**
 * The {@code snappy-java} block decompressor's descriptor, apart from {@link SnappyJavaBlockDecompressor}
 * because snappy-java is an optional dependency of decoder-core: this class refers to no snappy-java class
 * (lambdas, not method references, so the decompressor class is linked only when called), so the factories
 * can name the decoder and report it unavailable where the jar is missing, or where it is present but its
 * native library does not load.
 */
public final class SnappyJavaLibrary {
    private static final Supplier<Availability> JAR =
            OptionalArtifacts.requires("org.xerial.snappy.Snappy", "snappy-java");

    /** What the factories pair with a JSON stage: the jar must be there, then its native library must load. */
    public static final BlockDecompressor.Library LIBRARY = new BlockDecompressor.Library("snappy-java",
            "snappy-java (JNI) Snappy", false,
            () -> JAR.get().available() ? SnappyJavaBlockDecompressor.availability() : JAR.get(),
            () -> new SnappyJavaBlockDecompressor());

    private SnappyJavaLibrary() {
    }
}
