package io.promsnap;

import java.util.List;

/**
 * The samples of one payload as immutable objects (the convenience API; allocates), and under
 * {@link ErrorPolicy#SKIP} the samples that were dropped, with their reasons.
 */
public record DecodedBatch(List<Sample> samples, List<PromsnapException> skipped) {
    public DecodedBatch {
        samples = List.copyOf(samples);
        skipped = List.copyOf(skipped);
    }

    public int size() {
        return samples.size();
    }
}
