package io.promsnap.conformance;

import io.promsnap.ContainerFormat;
import io.promsnap.DecoderConfig;
import io.promsnap.DecoderFactory;
import io.promsnap.DecoderRegistry;
import io.promsnap.ErrorPolicy;
import io.promsnap.PayloadDecoder;
import io.promsnap.PromsnapException;
import io.promsnap.conformance.corpus.Canonical;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Helpers shared by the differential, mutation and fuzz suites. */
final class Verdicts {
    private Verdicts() {
    }

    /** One decoder per available registered factory. */
    static List<PayloadDecoder> decoders(DecoderConfig config) {
        List<PayloadDecoder> out = new ArrayList<>();
        for (DecoderFactory f : DecoderRegistry.getDefault().available()) {
            out.add(f.create(config));
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no decoder is registered and available");
        }
        return out;
    }

    static List<PayloadDecoder> decoders(ContainerFormat format) {
        return decoders(DecoderConfig.defaults().withContainerFormat(format).withErrorPolicy(ErrorPolicy.FAIL));
    }

    /**
     * "ok" + the canonical lines, or "error CATEGORY"; any other throwable is rethrown wrapped in an
     * AssertionError naming the decoder and the input, because it is a bug.
     */
    static String verdict(PayloadDecoder d, byte[] payload) {
        StringBuilder sb = new StringBuilder("ok\n");
        try {
            d.decode(payload, 0, payload.length, s -> sb.append(Canonical.line(s)).append('\n'));
            return sb.toString();
        } catch (PromsnapException e) {
            return "error " + e.category();
        } catch (Throwable t) {
            throw new AssertionError(d.name() + " threw " + t + " (not a PromsnapException) on payload "
                    + hex(payload), t);
        }
    }

    /** Every decoder's verdict, by decoder name. */
    static Map<String, String> verdicts(List<PayloadDecoder> decoders, byte[] payload) {
        Map<String, String> m = new LinkedHashMap<>();
        for (PayloadDecoder d : decoders) {
            m.put(d.name(), verdict(d, payload));
        }
        return m;
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < b.length && i < 256; i++) {
            sb.append(String.format("%02x", b[i]));
        }
        return b.length > 256 ? sb + "…(" + b.length + " bytes)" : sb.toString();
    }
}
