package io.promsnap.conformance.fuzz;

import io.promsnap.ContainerFormat;
import io.promsnap.DecodeLimits;
import io.promsnap.DecoderConfig;
import io.promsnap.DecoderFactory;
import io.promsnap.DecoderRegistry;
import io.promsnap.ErrorCategory;
import io.promsnap.PayloadDecoder;
import io.promsnap.PromsnapException;
import io.promsnap.conformance.corpus.Canonical;
import io.promsnap.conformance.corpus.ReferenceSnappy;
import io.promsnap.conformance.corpus.SnappyEncoder;
import io.promsnap.spi.PayloadDecompressor;
import io.promsnap.spi.StagedDecoderFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three fuzz targets, shared by the JUnit {@code @FuzzTest}s (regression inputs in every build, a
 * short fuzz run in {@code verify}) and by Jazzer's command line ({@code fuzzerTestOneInput} in each test
 * class) for long runs. A target fails (throws an AssertionError or lets a non-PromsnapException escape)
 * only on a real bug. Limits are small (1 MiB) so that the fuzzer cannot make a legal payload allocate much.
 */
final class FuzzTargets {
    static final int MAX = 1 << 20;
    static final DecodeLimits LIMITS = DecodeLimits.builder().maxDecompressedBytes(MAX).build();
    private static final ContainerFormat[] FORMATS = {ContainerFormat.RAW, ContainerFormat.FRAMED, ContainerFormat.XERIAL,
        ContainerFormat.AUTO};

    private FuzzTargets() {
    }

    private static final Map<ContainerFormat, List<PayloadDecompressor>> CONTAINERS = new EnumMap<>(ContainerFormat.class);
    private static final Map<ContainerFormat, List<PayloadDecoder>> DECODERS = new EnumMap<>(ContainerFormat.class);
    private static final ReferenceSnappy REFERENCE = new ReferenceSnappy(MAX);

    private static synchronized List<PayloadDecompressor> containers(ContainerFormat f) {
        return CONTAINERS.computeIfAbsent(f, k -> {
            // every block decompressor the registry can run here, once each (from the SPI, not by class name)
            Map<String, PayloadDecompressor> out = new java.util.TreeMap<>();
            for (DecoderFactory df : DecoderRegistry.getDefault().available()) {
                if (df instanceof StagedDecoderFactory s) {
                    out.computeIfAbsent(s.decompressorName(),
                            n -> new PayloadDecompressor(s.createBlockDecompressor(), k, LIMITS));
                }
            }
            return List.copyOf(out.values());
        });
    }

    private static synchronized List<PayloadDecoder> decoders(ContainerFormat f) {
        return DECODERS.computeIfAbsent(f, k -> {
            List<PayloadDecoder> out = new ArrayList<>();
            for (DecoderFactory df : DecoderRegistry.getDefault().available()) {
                out.add(df.create(DecoderConfig.defaults().withLimits(LIMITS).withContainerFormat(k)));
            }
            return out;
        });
    }

    /**
     * Decompress stage: the first byte picks the container; every block decompressor, through the shared
     * container code, must agree with the reference decompressor (same bytes, or all reject), and reject
     * only with COMPRESSION or LIMIT.
     */
    static void decompress(byte[] data) {
        if (data.length == 0) {
            return;
        }
        ContainerFormat f = FORMATS[(data[0] & 0xFF) % FORMATS.length];
        byte[] payload = Arrays.copyOfRange(data, 1, data.length);
        String expected;
        try {
            expected = "ok " + Arrays.toString(REFERENCE.decompress(payload, f));
        } catch (ReferenceSnappy.Invalid e) {
            expected = e.limit ? "error LIMIT" : "error COMPRESSION";
        }
        for (PayloadDecompressor c : containers(f)) {
            String got;
            try {
                int n = c.decompress(payload, 0, payload.length);
                got = "ok " + Arrays.toString(Arrays.copyOf(c.buffer(), n));
            } catch (PromsnapException e) {
                if (e.category() != ErrorCategory.COMPRESSION && e.category() != ErrorCategory.LIMIT) {
                    throw new AssertionError("decompress stage threw " + e.category() + ": " + e.getMessage());
                }
                got = "error " + e.category();
            }
            if (!got.equals(expected)) {
                throw new AssertionError(f + ": the container + block decompressor says " + abbreviate(got)
                        + " but the reference says " + abbreviate(expected));
            }
        }
    }

    /** JSON stage: the input is the decompressed JSON; every decoder gives the same samples or the same category. */
    static void json(byte[] json) {
        agree(decoders(ContainerFormat.RAW), SnappyEncoder.compress(json, SnappyEncoder.Shape.LITERALS_ONLY));
    }

    /** Whole decoder: any payload, format auto; every decoder gives the same samples or the same category. */
    static void decoder(byte[] payload) {
        agree(decoders(ContainerFormat.AUTO), payload);
    }

    private static void agree(List<PayloadDecoder> ds, byte[] payload) {
        Map<String, String> verdicts = new LinkedHashMap<>();
        for (PayloadDecoder d : ds) {
            StringBuilder sb = new StringBuilder("ok\n");
            try {
                d.decode(payload, 0, payload.length, s -> sb.append(Canonical.line(s)).append('\n'));
                verdicts.put(d.name(), sb.toString());
            } catch (PromsnapException e) {
                verdicts.put(d.name(), "error " + e.category());
            }
        }
        if (verdicts.values().stream().distinct().count() > 1) {
            throw new AssertionError("decoders disagree: " + abbreviate(verdicts.toString()));
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) + "…" : s;
    }
}
