package io.promsnap.internal.text;

import java.util.Locale;

/**
 * Decides once per JVM whether promsnap's hot loops (the scanner's special-byte search, the UTF-8 pass)
 * may use the JDK's incubating Vector API instead of SWAR arithmetic on eight-byte words. Allowed when all
 * of these hold:
 * <ul>
 *   <li>the JVM was started with {@code --add-modules jdk.incubator.vector} (the module is in the boot
 *       layer; promsnap never requires it);</li>
 *   <li>Java 21 or later: Java 17's C2 does not intrinsify {@code VectorMask.toLong}, and there a vector
 *       mask is about 70 times slower than SWAR (measured: 0.65 GB/s against 50 GB/s on Java 25);</li>
 *   <li>vectors of at least 256 bits (AVX2 or AVX-512 on x86);</li>
 *   <li>the system property {@code promsnap.vector} is not {@code false} ({@code true} skips the version and
 *       width checks, for tests and experiments).</li>
 * </ul>
 * Each user then checks its vector code against its SWAR code once before using it.
 */
public final class VectorSupport {
    private VectorSupport() {
    }

    private static final boolean ALLOWED;
    private static final String REASON;

    static {
        String why;
        boolean on = false;
        String prop = System.getProperty("promsnap.vector", "auto").toLowerCase(Locale.ROOT);
        boolean forced = prop.equals("true");
        if (prop.equals("false")) {
            why = "SWAR (promsnap.vector=false)";
        } else if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            why = "SWAR (start the JVM with --add-modules jdk.incubator.vector on Java 21+ for vectors)";
        } else if (!forced && Runtime.version().feature() < 21) {
            why = "SWAR (Java " + Runtime.version().feature() + " does not compile the Vector API's mask moves well)";
        } else {
            int bits;
            try {
                bits = VectorWidth.bits();
            } catch (Throwable t) { // LinkageError or anything else the incubator may throw: stay on SWAR
                bits = 0;
                why = "SWAR (the Vector API failed: " + t + ")";
            }
            if (bits == 0) {
                why = "SWAR (the Vector API is not usable here)";
            } else if (!forced && bits < 256) {
                why = "SWAR (" + bits + "-bit vectors are too narrow)";
            } else {
                on = true;
                why = bits + "-bit vectors (jdk.incubator.vector)";
            }
        }
        ALLOWED = on;
        REASON = why;
    }

    /** Whether vector code may be used (each user still checks its own result against SWAR first). */
    public static boolean allowed() {
        return ALLOWED;
    }

    /** {@code "512-bit vectors (jdk.incubator.vector)"}, or {@code "SWAR (...)"} with the reason. */
    public static String description() {
        return REASON;
    }
}
