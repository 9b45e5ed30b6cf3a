package io.promsnap.relay;

import java.util.List;

import io.promsnap.PayloadDecoder;

/** The relay's per-message work before the sink (decode, copy into RelaySamples), for EncodeBenchmark. */
public final class DecodePath {
    private static final String[] NO_LABELS = new String[0];

    private DecodePath() {
    }

    public static int decode(PayloadDecoder decoder, byte[] payload, List<RelaySample> out) {
        return decoder.decode(payload, v -> out.add(RelaySample.copy(v, NO_LABELS, null)));
    }
}
