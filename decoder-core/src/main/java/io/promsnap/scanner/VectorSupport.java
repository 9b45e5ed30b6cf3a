package io.promsnap.scanner;

import java.util.Locale;

/**
 * Decides once, at class initialisation, whether the scanner finds special bytes with {@link VectorBytes}
 * (the JDK's incubating Vector API) or with SWAR ({@link Bytes}). Vectors are used when all of these hold:
 * <ul>
 *   <li>the JVM was started with {@code --add-modules jdk.incubator.vector} (the module is in the boot
 *       layer; promsnap never requires it);</li>
 *   <li>Java 21 or later: Java 17's C2 does not intrinsify {@code VectorMask.toLong}, and there the vector
 *       version is about 70 times slower than SWAR (measured: 0.65 GB/s against 50 GB/s on Java 25);</li>
 *   <li>vectors of at least 256 bits (AVX2 or AVX-512 on x86; NEON's 128 bits would need four compares);</li>
 *   <li>the system property {@code promsnap.vector} is not {@code false} ({@code true} skips the version and
 *       width checks, for experiments);</li>
 *   <li>the vector mask equals the SWAR mask on a block holding every byte value.</li>
 * </ul>
 */
final class VectorSupport {
    private VectorSupport() {
    }

    static final boolean ENABLED;
    static final String DESCRIPTION;

    static {
        String why;
        boolean on = false;
        String prop = System.getProperty("promsnap.vector", "auto").toLowerCase(Locale.ROOT);
        if (prop.equals("false")) {
            why = "SWAR (promsnap.vector=false)";
        } else if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            why = "SWAR (start the JVM with --add-modules jdk.incubator.vector on Java 21+ for vectors)";
        } else if (!prop.equals("true") && Runtime.version().feature() < 21) {
            why = "SWAR (Java " + Runtime.version().feature() + " does not compile the Vector API's mask moves well)";
        } else {
            String[] result = new String[1];
            on = probe(prop.equals("true"), result);
            why = result[0];
        }
        ENABLED = on;
        DESCRIPTION = why;
    }

    private static boolean probe(boolean forced, String[] why) {
        try {
            int lanes = VectorBytes.lanes();
            if (!forced && lanes < 32) {
                why[0] = "SWAR (" + lanes * 8 + "-bit vectors are too narrow)";
                return false;
            }
            byte[] b = new byte[256 + 64];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) i;
            }
            for (int at = 0; at + 64 <= b.length; at += 7) {
                for (boolean ctl : new boolean[] {false, true}) {
                    if (VectorBytes.specialMask(b, at, ctl) != Bytes.swarSpecialMask(b, at, ctl)) {
                        why[0] = "SWAR (the vector mask disagreed with SWAR at " + at + ")";
                        return false;
                    }
                }
            }
            why[0] = lanes * 8 + "-bit vectors (jdk.incubator.vector)";
            return true;
        } catch (Throwable t) { // LinkageError or anything else the incubator may throw: stay on SWAR
            why[0] = "SWAR (the Vector API failed: " + t + ")";
            return false;
        }
    }
}
