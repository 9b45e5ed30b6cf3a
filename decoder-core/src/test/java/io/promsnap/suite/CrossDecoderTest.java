package io.promsnap.suite;

import io.promsnap.ContainerFormat;
import io.promsnap.DecoderConfig;
import io.promsnap.DecoderFactory;
import io.promsnap.ErrorCategory;
import io.promsnap.PayloadDecoder;
import io.promsnap.PromsnapException;
import io.promsnap.Sample;
import io.promsnap.testing.Decoders;
import io.promsnap.testing.Payloads;
import io.promsnap.testing.Payloads.Style;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Every available decoder returns the same samples, or the same error category, as every other one. */
class CrossDecoderTest {

    private static List<PayloadDecoder> decoders(ContainerFormat format) {
        List<PayloadDecoder> out = new ArrayList<>();
        for (DecoderFactory f : Decoders.available()) {
            out.add(f.create(DecoderConfig.defaults().withContainerFormat(format)));
        }
        assertThat(out).hasSizeGreaterThanOrEqualTo(2).hasSameSizeAs(Decoders.names().toList());
        return out;
    }

    @Test
    void realisticBatchesDecodeIdenticallyEverywhere() {
        List<PayloadDecoder> ds = decoders(ContainerFormat.AUTO);
        SplittableRandom r = new SplittableRandom(2024);
        for (int i = 0; i < 30; i++) {
            List<Sample> model = i % 2 == 0 ? Payloads.realistic(r.nextLong(), 1 + r.nextInt(3000))
                    : Payloads.hostile(r.nextLong(), 1 + r.nextInt(300));
            byte[] json = Payloads.json(model, Style.random(r));
            byte[] payload = switch (i % 3) {
                case 0 -> Payloads.raw(json);
                case 1 -> Payloads.framed(json);
                default -> Payloads.xerial(json);
            };
            for (PayloadDecoder d : ds) {
                assertThat(d.decodeBatch(payload).samples()).as("%s on batch %d", d.name(), i).isEqualTo(model);
            }
        }
    }

    /** Random byte flips and truncations: every decoder decodes the same samples or fails with the same category. */
    @Test
    void mutatedPayloadsGetTheSameVerdictEverywhere() {
        List<PayloadDecoder> ds = decoders(ContainerFormat.RAW);
        SplittableRandom r = new SplittableRandom(77);
        byte[] json = Payloads.json(Payloads.hostile(5, 30), Style.SEED);
        for (int i = 0; i < 600; i++) {
            byte[] mutated = json.clone();
            int flips = 1 + r.nextInt(3);
            for (int k = 0; k < flips; k++) {
                mutated[r.nextInt(mutated.length)] = (byte) "[]{}\",:\\ 0-.eEu\u00ff\u0080a".charAt(r.nextInt(18));
            }
            if (r.nextInt(4) == 0) {
                mutated = Arrays.copyOf(mutated, r.nextInt(mutated.length));
            }
            byte[] payload = Payloads.raw(mutated);
            Map<String, String> verdicts = new LinkedHashMap<>();
            for (PayloadDecoder d : ds) {
                verdicts.put(d.name(), verdict(d, payload));
            }
            assertThat(verdicts.values().stream().distinct()).as("mutation %d: %s", i, verdicts).hasSize(1);
        }
    }

    private static String verdict(PayloadDecoder d, byte[] payload) {
        try {
            return "ok " + d.decodeBatch(payload).samples();
        } catch (PromsnapException e) {
            ErrorCategory c = e.category();
            return "error " + c + " sample " + e.sampleIndex();
        }
    }
}
