package io.promsnap.suite;

import io.promsnap.DecoderConfig;
import io.promsnap.DecoderFactory;
import io.promsnap.DecoderRegistry;
import io.promsnap.PayloadDecoder;
import io.promsnap.testing.Payloads;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * decoder-core as an application gets it without the optional jars: a class loader over decoder-core's
 * main classes, aircompressor and fastdoubleparser only (parent: the platform loader, so nothing of this
 * test's class path leaks in). The pure-Java default decodes; the four decoders that need jackson-core,
 * dsl-json or snappy-java are listed as unavailable with the coordinates to add, the registry loads every
 * provider, and creating one of them is refused with the reason instead of a {@code NoClassDefFoundError}.
 */
class LeanClassPathTest {

    @Test
    void withoutTheOptionalJarsTheDefaultDecodesAndTheOthersSayWhatToAdd() throws Exception {
        URL[] lean = {
                location(DecoderRegistry.class), // decoder-core's target/classes (no test classes, no test services)
                location(io.airlift.compress.snappy.SnappyDecompressor.class),
                location(ch.randelshofer.fastdoubleparser.JavaDoubleParser.class)};
        assertThat(lean[0].getPath()).endsWith("/classes/");
        byte[] seed = Payloads.raw(AbstractDecoderSuite.SEED_JSON);
        List<String> lines;
        try (URLClassLoader loader = new ProbeLoader(lean)) {
            for (String marker : Probe.OPTIONAL_MARKERS) {
                assertThat(loader.getResource(marker.replace('.', '/') + ".class")).as(marker).isNull();
            }
            Class<?> probe = loader.loadClass(Probe.class.getName());
            assertThat(probe.getClassLoader()).isSameAs(loader);
            @SuppressWarnings("unchecked")
            List<String> out = (List<String>) probe.getMethod("run", byte[].class).invoke(null, (Object) seed);
            lines = out;
        }

        String jackson = "needs com.fasterxml.jackson.core:jackson-core:" + version("com.fasterxml.jackson.core.JsonFactory") + " on the class path";
        String dslJson = "needs com.dslplatform:dsl-json:" + version("com.dslplatform.json.DslJson") + " on the class path";
        String snappyJava = "needs org.xerial.snappy:snappy-java:" + version("org.xerial.snappy.Snappy")
                + " on the class path";
        assertThat(lines).as(String.join("\n", lines)).contains(
                "registry loaded from the lean loader: true",
                "load errors: []",
                "markers visible: []",
                "aircompressor+scanner available",
                "decoded 1 sample(s): apiserver_admission_controller_admission_duration_seconds_bucket job=apiserver"
                        + " le=2.5 value=675.0 ts=1698732988354");
        assertThat(lines.stream().filter(l -> l.startsWith("decoder ")).toList()).as(String.join("\n", lines))
                .hasSize(6);
        assertUnavailable(lines, "aircompressor+jackson", jackson);
        assertUnavailable(lines, "aircompressor+dsl-json", dslJson);
        assertUnavailable(lines, "snappy-java+scanner", snappyJava);
        assertUnavailable(lines, "snappy-java+jackson", snappyJava, jackson);
        assertUnavailable(lines, "snappy-java+dsl-json", snappyJava, dslJson);
    }

    private static void assertUnavailable(List<String> lines, String name, String... reasons) {
        String all = String.join("\n", lines);
        String listed = lines.stream().filter(l -> l.startsWith("decoder " + name + " unavailable: ")).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not listed as unavailable:\n" + all));
        String refused = lines.stream().filter(l -> l.startsWith("create " + name + ": ")).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not created:\n" + all));
        assertThat(refused).as(all).startsWith("create " + name + ": java.lang.IllegalStateException: decoder " + name
                + " is unavailable here: ");
        assertThat(lines).as(all).contains("parts of " + name + ": java.lang.IllegalStateException");
        for (String r : reasons) {
            assertThat(listed).as(all).contains(r);
            assertThat(refused).as(all).contains(r);
        }
    }

    private static URL location(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }

    /** The version of the jar this test runs with (from its place in the local repository), which the message must name. */
    private static String version(String markerClass) throws Exception {
        java.nio.file.Path jar = java.nio.file.Path.of(location(Class.forName(markerClass)).toURI());
        assertThat(jar.getFileName().toString()).endsWith(".jar");
        return jar.getParent().getFileName().toString();
    }

    /**
     * The lean class path, plus {@link Probe} defined from this test's class file (so that it links
     * against the lean loader's decoder-core); nothing else of the test class path.
     */
    private static final class ProbeLoader extends URLClassLoader {
        ProbeLoader(URL[] urls) {
            super("lean", urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (name.equals(Probe.class.getName())) {
                try (InputStream in = LeanClassPathTest.class.getResourceAsStream("/" + name.replace('.', '/') + ".class")) {
                    byte[] b = in.readAllBytes();
                    return defineClass(name, b, 0, b.length);
                } catch (IOException e) {
                    throw new ClassNotFoundException(name, e);
                }
            }
            return super.findClass(name);
        }
    }

    /** Runs inside the lean loader; reports in strings (the only types both loaders share are the JDK's). */
    public static final class Probe {
        static final List<String> OPTIONAL_MARKERS = List.of("com.fasterxml.jackson.core.JsonFactory",
                "com.dslplatform.json.DslJson", "org.xerial.snappy.Snappy");

        private Probe() {
        }

        public static List<String> run(byte[] seed) {
            List<String> out = new ArrayList<>();
            ClassLoader mine = Probe.class.getClassLoader();
            DecoderRegistry r = DecoderRegistry.load(mine);
            out.add("registry loaded from the lean loader: " + (DecoderRegistry.class.getClassLoader() == mine));
            out.add("load errors: " + r.loadErrors());
            List<String> visible = new ArrayList<>();
            for (String marker : OPTIONAL_MARKERS) {
                try {
                    Class.forName(marker, false, mine);
                    visible.add(marker);
                } catch (ClassNotFoundException expected) {
                    // the point of the test
                }
            }
            out.add("markers visible: " + visible);
            for (DecoderFactory f : r.all()) {
                DecoderFactory.Availability a = f.availability();
                out.add("decoder " + f.name() + (a.available() ? " available" : " unavailable: " + a.reason()));
                if (a.available()) {
                    out.add(f.name() + " available");
                }
                try (PayloadDecoder d = r.create(f.name(), DecoderConfig.defaults())) {
                    StringBuilder sb = new StringBuilder();
                    int n = d.decode(seed, s -> sb.append(s.name()).append(" job=").append(s.label("job"))
                            .append(" le=").append(s.label("le")).append(" value=").append(s.value())
                            .append(" ts=").append(s.timestampMillis()));
                    out.add("decoded " + n + " sample(s): " + sb);
                } catch (Throwable t) { // NOPMD: the test asserts what was thrown, NoClassDefFoundError included
                    out.add("create " + f.name() + ": " + t);
                }
                if (f instanceof io.promsnap.spi.StagedDecoderFactory s && !a.available()) {
                    try {
                        s.createJsonStage(DecoderConfig.defaults());
                        s.createBlockDecompressor();
                        out.add("parts of " + f.name() + " created");
                    } catch (Throwable t) { // NOPMD: as above
                        out.add("parts of " + f.name() + ": " + t.getClass().getName());
                    }
                }
            }
            return out;
        }
    }
}
