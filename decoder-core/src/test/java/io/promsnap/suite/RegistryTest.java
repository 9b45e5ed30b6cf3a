package io.promsnap.suite;

import io.promsnap.DecoderConfig;
import io.promsnap.DecoderFactory;
import io.promsnap.DecoderRegistry;
import io.promsnap.spi.BlockDecompressor;
import io.promsnap.spi.JsonStage;
import io.promsnap.spi.StagedDecoderFactory;
import io.promsnap.testing.Stages;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry lists what the service files name, each decoder named and described after its parts. */
class RegistryTest {

    /** Every class named by a {@code META-INF/services/io.promsnap.DecoderFactory} on the test class path. */
    private static List<String> serviceFileLines() throws IOException {
        List<String> out = new ArrayList<>();
        for (URL u : Collections.list(RegistryTest.class.getClassLoader()
                .getResources("META-INF/services/" + DecoderFactory.class.getName()))) {
            try (InputStream in = u.openStream()) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    String l = line.replaceAll("#.*", "").strip();
                    if (!l.isEmpty()) {
                        out.add(l);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void everyRegisteredDecoderIsAvailableHereAndNamedAfterItsParts() throws IOException {
        DecoderRegistry r = DecoderRegistry.getDefault();
        assertThat(r.loadErrors()).isEmpty();
        assertThat(r.all()).extracting(f -> f.getClass().getName()).containsExactlyInAnyOrderElementsOf(serviceFileLines());
        assertThat(r.names()).isSorted().doesNotHaveDuplicates();
        for (DecoderFactory f : r.all()) {
            assertThat(f.availability().available()).as(f.name() + " " + f.availability().reason()).isTrue();
            assertThat(f.create().name()).isEqualTo(f.name());
            if (f instanceof StagedDecoderFactory s) {
                BlockDecompressor b = s.createBlockDecompressor();
                JsonStage j = s.createJsonStage(DecoderConfig.defaults());
                assertThat(f.name()).isEqualTo(b.name() + "+" + j.name())
                        .isEqualTo(s.decompressorName() + "+" + s.jsonName());
                assertThat(f.pureJava()).as(f.name()).isEqualTo(b.pureJava());
                assertThat(f.description()).isEqualTo(b.name().equals("aircompressor") ? "aircompressor (pure Java) Snappy, "
                        + j.description() : "snappy-java (JNI) Snappy, " + j.description());
            }
        }
        // every JSON stage is in the stage suite, once
        assertThat(Stages.all().keySet()).isNotEmpty().doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(r.all().stream().filter(f -> f instanceof StagedDecoderFactory)
                        .map(f -> ((StagedDecoderFactory) f).jsonName()).distinct().toList());
    }

    /**
     * A factory's name, {@code pureJava} and description come from its parts without creating the block
     * decompressor, which an unavailable native library could not do.
     */
    @Test
    void anUnavailableBlockDecompressorIsNeverCreatedToNameTheDecoder() {
        BlockDecompressor.Library missing = new BlockDecompressor.Library("native-thing", "native-thing (JNI) Snappy",
                false, () -> DecoderFactory.Availability.unavailable("no native-thing here"), () -> {
                    throw new AssertionError("created although unavailable");
                });
        String json = Stages.all().keySet().iterator().next();
        StagedDecoderFactory f = new StagedDecoderFactory(missing,
                JsonStage.Library.of(json, "some stage", c -> Stages.create(json, c))) {
        };
        assertThat(f.name()).isEqualTo("native-thing+" + json);
        assertThat(f.decompressorName()).isEqualTo("native-thing");
        assertThat(f.jsonName()).isEqualTo(json);
        assertThat(f.pureJava()).isFalse();
        assertThat(f.description()).isEqualTo("native-thing (JNI) Snappy, some stage");
        assertThat(f.availability().reason()).isEqualTo("no native-thing here");
        assertThat(f.createJsonStage(DecoderConfig.defaults()).name()).isEqualTo(json);
        assertThatThrownBy(f::create).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("native-thing+" + json).hasMessageContaining("no native-thing here");
        assertThatThrownBy(f::createBlockDecompressor).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no native-thing here");
        assertThatThrownBy(() -> new BlockDecompressor.Library("a+b", "", true, () -> null, () -> null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonStage.Library.of("a+b", "", c -> null)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The same for the JSON half (its library, e.g. jackson-core, may be missing: decoder-core declares it
     * optional): listed, never created, and both reasons given when both halves are unavailable.
     */
    @Test
    void anUnavailableJsonStageIsNeverCreatedToNameTheDecoder() {
        JsonStage.Library missing = new JsonStage.Library("lib-json", "lib-json stage",
                () -> DecoderFactory.Availability.unavailable("needs g:lib-json:1 on the class path"), c -> {
                    throw new AssertionError("created although unavailable");
                });
        StagedDecoderFactory f = new StagedDecoderFactory(
                io.promsnap.aircompressor.AircompressorBlockDecompressor.LIBRARY, missing) {
        };
        assertThat(f.name()).isEqualTo("aircompressor+lib-json");
        assertThat(f.jsonName()).isEqualTo("lib-json");
        assertThat(f.pureJava()).isTrue();
        assertThat(f.description()).isEqualTo("aircompressor (pure Java) Snappy, lib-json stage");
        assertThat(f.availability().available()).isFalse();
        assertThat(f.availability().reason()).isEqualTo("needs g:lib-json:1 on the class path");
        assertThatThrownBy(f::create).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("aircompressor+lib-json").hasMessageContaining("needs g:lib-json:1");
        assertThatThrownBy(() -> f.createJsonStage(DecoderConfig.defaults())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs g:lib-json:1");
        assertThat(f.createBlockDecompressor().name()).isEqualTo("aircompressor");

        BlockDecompressor.Library noBlock = new BlockDecompressor.Library("native-thing", "native-thing (JNI) Snappy",
                false, () -> DecoderFactory.Availability.unavailable("no native-thing here"), () -> null);
        StagedDecoderFactory both = new StagedDecoderFactory(noBlock, missing) {
        };
        assertThat(both.availability().reason()).isEqualTo("no native-thing here; needs g:lib-json:1 on the class path");
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> DecoderRegistry.getDefault().get("zstd+magic"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.join(", ", DecoderRegistry.getDefault().names()));
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
        List<DecoderFactory> all = DecoderRegistry.getDefault().all();
        assertThat(all).anyMatch(DecoderFactory::pureJava).anyMatch(f -> !f.pureJava());
        for (DecoderFactory f : all) {
            if (f.pureJava()) {
                assertThat(lines).as(out).contains(f.name() + " available");
            } else {
                // the JNI decoders here are the snappy-java ones
                assertThat(lines).as(out).anyMatch(l -> l.startsWith(f.name() + " unavailable")
                        && l.contains("native library"));
            }
        }
        assertThat(lines).hasSize(all.size() + 1).contains("create refused: true");
    }

    /** Child-JVM entry point for the test above. */
    public static final class ListDecoders {
        public static void main(String[] args) {
            String jni = null;
            for (DecoderFactory f : DecoderRegistry.getDefault().all()) {
                DecoderFactory.Availability a = f.availability();
                System.out.println(f.name() + (a.available() ? " available" : " unavailable: " + a.reason()));
                jni = f.pureJava() ? jni : f.name();
            }
            // an unavailable decoder must refuse creation with the reason, not crash later
            try {
                DecoderRegistry.getDefault().create(jni, DecoderConfig.defaults());
                System.out.println("create refused: false");
            } catch (IllegalStateException expected) {
                System.out.println("create refused: " + expected.getMessage().contains("native library"));
            }
        }
    }
}
