package io.promsnap.internal.classpath;

import io.promsnap.DecoderFactory.Availability;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * decoder-core's optional dependencies (jackson-core, dsl-json, snappy-java): whether one is on the class
 * path, checked without linking any class that refers to it, and its Maven coordinates for the message.
 *
 * <p>Why a class-name check and not a try around the stage's constructor: a class that refers to a missing
 * library fails when the JVM links it ({@code NoClassDefFoundError}, possibly while verifying an unrelated
 * method, and then for good), so the descriptors ({@code JacksonLibrary} etc.) never touch such a class
 * until this check has passed. The coordinates come from a resource filtered with the build's own versions,
 * so the message names exactly the version decoder-core was built and tested against.
 */
public final class OptionalArtifacts {
    private static final String RESOURCE = "optional-artifacts.properties";
    private static final Properties COORDINATES = load();

    private OptionalArtifacts() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = OptionalArtifacts.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** Without the filtered resource (a build that skipped resource processing): the same, without the version. */
    private static final java.util.Map<String, String> UNVERSIONED = java.util.Map.of(
            "jackson-core", "com.fasterxml.jackson.core:jackson-core",
            "dsl-json", "com.dslplatform:dsl-json",
            "snappy-java", "org.xerial.snappy:snappy-java");

    /** E.g. {@code com.fasterxml.jackson.core:jackson-core:2.21.2} for {@code jackson-core}. */
    public static String coordinates(String artifactId) {
        String c = COORDINATES.getProperty(artifactId);
        if (c == null || c.contains("${")) {
            c = UNVERSIONED.get(artifactId);
        }
        if (c == null) {
            throw new IllegalArgumentException("not an optional dependency of decoder-core: " + artifactId);
        }
        return c;
    }

    /**
     * Available when {@code markerClass} can be found by decoder-core's class loader (neither loaded nor
     * initialised here), otherwise unavailable with {@code needs <coordinates> on the class path}. The answer
     * is remembered: the class path does not change, and {@code availability()} is called per listing.
     */
    public static Supplier<Availability> requires(String markerClass, String artifactId) {
        String coordinates = coordinates(artifactId);
        return new Supplier<>() {
            private volatile Availability known;

            @Override
            public Availability get() {
                Availability a = known;
                if (a == null) {
                    a = check(markerClass, coordinates);
                    known = a; // a benign race: two threads may both check, with the same answer
                }
                return a;
            }
        };
    }

    private static Availability check(String markerClass, String coordinates) {
        try {
            Class.forName(markerClass, false, OptionalArtifacts.class.getClassLoader());
            return Availability.AVAILABLE;
        } catch (ClassNotFoundException | LinkageError e) {
            return Availability.unavailable("needs " + coordinates + " on the class path (" + markerClass
                    + " not found)");
        }
    }
}
