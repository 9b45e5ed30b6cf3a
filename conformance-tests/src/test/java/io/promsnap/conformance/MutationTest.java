package io.promsnap.conformance;

import io.promsnap.ContainerFormat;
import io.promsnap.DecoderConfig;
import io.promsnap.DecoderFactory;
import io.promsnap.DecoderRegistry;
import io.promsnap.PayloadDecoder;
import io.promsnap.PromsnapException;
import io.promsnap.conformance.corpus.Containers;
import io.promsnap.conformance.corpus.JsonSpeller;
import io.promsnap.conformance.corpus.ModelSample;
import io.promsnap.conformance.corpus.Models;
import io.promsnap.conformance.corpus.SnappyEncoder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Valid payloads truncated at every byte and with every byte flipped: every decoder decodes or throws a
 * PromsnapException, never anything else, never hangs; and all decoders reach the same verdict.
 */
class MutationTest {
    static final List<ModelSample> BATCH = new ArrayList<>();

    static {
        BATCH.addAll(Models.hostile(21, 6));
        BATCH.addAll(Models.realistic(22, 4));
    }

    static final byte[] JSON = JsonSpeller.json(BATCH, JsonSpeller.Style.SEED.withEscapes(JsonSpeller.Escapes.RANDOM)
            .withNumbers(JsonSpeller.Numbers.MIXED).withSeed(23));

    /** (container format, payload) pairs: raw, framed with small chunks, snappy-java stream with small blocks. */
    static List<Object[]> payloads() {
        return List.of(
                new Object[] {ContainerFormat.RAW, SnappyEncoder.compress(JSON)},
                new Object[] {ContainerFormat.FRAMED, Containers.Framed.of(JSON, 300, SnappyEncoder.Shape.DEFAULT)},
                new Object[] {ContainerFormat.XERIAL, Containers.Xerial.of(JSON, 300, SnappyEncoder.Shape.DEFAULT)});
    }

    static Stream<String> decoders() {
        return DecoderRegistry.getDefault().all().stream().map(DecoderFactory::name);
    }

    private volatile String current = "";

    @ParameterizedTest(name = "{0}")
    @MethodSource("decoders")
    void truncationsAndByteFlipsEndInPromsnapExceptionOrSamples(String name) {
        DecoderFactory f = DecoderRegistry.getDefault().get(name);
        Assumptions.assumeTrue(f.availability().available(), () -> f.availability().reason());
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (Object[] p : payloads()) {
                ContainerFormat format = (ContainerFormat) p[0];
                byte[] payload = (byte[]) p[1];
                PayloadDecoder d = f.create(DecoderConfig.defaults().withContainerFormat(format));
                for (int len = 0; len < payload.length; len++) {
                    outcomes[once(d, Arrays.copyOf(payload, len), format + " truncated to " + len)]++;
                }
                for (int i = 0; i < payload.length; i++) {
                    for (int x : new int[] {0x01, 0x80, 0xFF, 0x20}) {
                        byte[] m = payload.clone();
                        m[i] ^= (byte) x;
                        outcomes[once(d, m, format + " byte " + i + " xor " + Integer.toHexString(x))]++;
                    }
                }
            }
        }, () -> "hang while decoding: " + current);
        // the mutations must really exercise both paths
        assertThat(outcomes[0]).isPositive();
        assertThat(outcomes[1]).isPositive();
    }

    /** 0 decoded, 1 PromsnapException; anything else fails the test. */
    private int once(PayloadDecoder d, byte[] payload, String what) {
        current = d.name() + ": " + what;
        try {
            d.decode(payload, 0, payload.length, s -> {
            });
            return 0;
        } catch (PromsnapException e) {
            assertThat(e.category()).isNotNull();
            return 1;
        } catch (Throwable t) {
            fail(d.name() + " threw " + t + " (not a PromsnapException) on " + what + ": " + Verdicts.hex(payload), t);
            return -1;
        }
    }

    /** JSON-level mutations, compressed validly: all decoders give the same samples or the same error category. */
    @Test
    void jsonMutationsGetTheSameVerdictFromEveryDecoder() {
        List<PayloadDecoder> ds = Verdicts.decoders(ContainerFormat.RAW);
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int len = 0; len <= JSON.length; len++) {
                same(ds, Arrays.copyOf(JSON, len), "JSON truncated to " + len);
            }
            byte[] tokens = "[]{}\",:\\ 0-.eEu+ntfa\u0001".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            for (int i = 0; i < JSON.length; i++) {
                for (int k = 0; k < tokens.length; k += 3) {
                    byte[] m = JSON.clone();
                    m[i] = tokens[(k + i) % tokens.length];
                    same(ds, m, "JSON byte " + i + " := " + (char) m[i]);
                }
            }
        });
    }

    private static void same(List<PayloadDecoder> ds, byte[] json, String what) {
        Map<String, String> v = Verdicts.verdicts(ds, SnappyEncoder.compress(json, SnappyEncoder.Shape.LITERALS_ONLY));
        assertThat(v.values().stream().distinct()).as("%s: %s", what, v).hasSize(1);
    }
}
