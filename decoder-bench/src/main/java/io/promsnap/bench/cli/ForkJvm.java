package io.promsnap.bench.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the forked benchmark JVMs get besides the user's arguments. On Java 21 and later that is
 * {@code --add-modules=jdk.incubator.vector}, so the scanner may use the Vector API for its special-byte
 * search (see decoder-core's {@code VectorSupport}); on Java 17 nothing (there the API is slower than
 * SWAR, and the module would only print a warning). {@code --jvm-arg -Dpromsnap.vector=false} turns the
 * vectors off in the forks.
 */
final class ForkJvm {
    private ForkJvm() {
    }

    static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";

    /** The arguments for forks run by {@code javaBin} ({@code null}: this JVM's own java). */
    static List<String> extraArgs(String javaBin) {
        return feature(javaBin) >= 21 ? List.of(VECTOR_MODULE) : List.of();
    }

    /** The feature version (17, 21, 25, ...) of {@code javaBin}, or of this JVM when null; 0 if unknown. */
    static int feature(String javaBin) {
        if (javaBin == null) {
            return Runtime.version().feature();
        }
        try {
            Process p = new ProcessBuilder(javaBin, "-version").redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return 0;
            }
            return parseFeature(out);
        } catch (IOException e) {
            return 0; // JMH reports an unusable java itself, with its own message
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static final Pattern VERSION = Pattern.compile("version \"(1\\.)?(\\d+)");

    /** The feature version in {@code java -version} output ({@code openjdk version "25.0.1" ...}), or 0. */
    static int parseFeature(String versionOutput) {
        Matcher m = VERSION.matcher(versionOutput);
        return m.find() ? Integer.parseInt(m.group(2)) : 0;
    }
}
