package io.promsnap.suite;

import io.promsnap.DecoderFactory;
import io.promsnap.DecoderRegistry;
import io.promsnap.testing.Decoders;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryTest {

    @Test
    void everyBuiltInDecoderIsRegisteredAndAvailableHere() {
        DecoderRegistry r = DecoderRegistry.getDefault();
        assertThat(r.names()).containsAll(Decoders.BUILT_IN);
        assertThat(r.loadErrors()).isEmpty();
        for (DecoderFactory f : r.all()) {
            assertThat(f.availability().available()).as(f.name() + " " + f.availability().reason()).isTrue();
            assertThat(f.create().name()).isEqualTo(f.name());
            assertThat(f.pureJava()).isEqualTo(!f.name().startsWith("snappy-java"));
        }
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> DecoderRegistry.getDefault().get("zstd+magic"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aircompressor+scanner");
    }

    /** Where snappy-java's native library cannot load, its decoders say why and the others still work. */
    @Test
    void nativeLibraryFailureMakesSnappyJavaUnavailableNotTheRegistry() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                // makes snappy-java call System.loadLibrary on a library that does not exist here
                "-Dorg.xerial.snappy.use.systemlib=true", "-Dorg.xerial.snappy.lib.name=no-such-snappy",
                ListDecoders.class.getName()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        List<String> lines = out.lines().toList();
        assertThat(lines).contains("aircompressor+scanner available", "aircompressor+jackson available",
                "aircompressor+dsl-json available");
        assertThat(lines.stream().filter(l -> l.startsWith("snappy-java+"))).hasSize(3)
                .allMatch(l -> l.contains("unavailable") && l.contains("native library"));
    }

    /** Child-JVM entry point for the test above. */
    public static final class ListDecoders {
        public static void main(String[] args) {
            for (DecoderFactory f : DecoderRegistry.getDefault().all()) {
                DecoderFactory.Availability a = f.availability();
                System.out.println(f.name() + (a.available() ? " available" : " unavailable: " + a.reason()));
            }
            // an unavailable decoder must refuse creation with the reason, not crash later
            try {
                DecoderRegistry.getDefault().create("snappy-java+scanner", io.promsnap.DecoderConfig.defaults());
            } catch (IllegalStateException expected) {
                System.out.println("create refused: " + expected.getMessage().contains("native library"));
            }
        }
    }
}
