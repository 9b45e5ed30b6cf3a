package io.promsnap.bench.results;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** The machine and the library versions, for reports (the forked JVM comes from JMH's results). */
public final class Environment {
    private Environment() {
    }

    public static Map<String, String> machine() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("cpu", cpuModel());
        m.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("hostJvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        return m;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }

    /** Versions of the libraries the decoders and references use, from their Maven metadata. */
    public static Map<String, String> libraries() {
        Map<String, String> m = new LinkedHashMap<>();
        // the shaded jar keeps no pom.properties for snappy-java, only its native library's version file
        String sj = version("org.xerial.snappy", "snappy-java");
        m.put("snappy-java", !sj.equals("?") ? sj
                : "native snappy " + fromProperties("/org/xerial/snappy/VERSION", "SNAPPY_VERSION", "?"));
        m.put("aircompressor", version("io.airlift", "aircompressor"));
        m.put("jackson-core", version("com.fasterxml.jackson.core", "jackson-core"));
        m.put("dsl-json", version("com.dslplatform", "dsl-json"));
        String fdp = ch.randelshofer.fastdoubleparser.JavaDoubleParser.class.getPackage().getImplementationVersion();
        m.put("fastdoubleparser", fdp != null ? fdp : version("ch.randelshofer", "fastdoubleparser"));
        m.put("jmh", version("org.openjdk.jmh", "jmh-core"));
        return m;
    }

    static String version(String group, String artifact) {
        return fromProperties("/META-INF/maven/" + group + "/" + artifact + "/pom.properties", "version", "?");
    }

    private static String fromProperties(String path, String key, String otherwise) {
        try (InputStream in = Environment.class.getResourceAsStream(path)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty(key, otherwise);
            }
        } catch (IOException e) {
            // unknown
        }
        return otherwise;
    }
}
