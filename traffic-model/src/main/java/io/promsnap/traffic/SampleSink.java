package io.promsnap.traffic;

/** Receives generated samples in emission order. */
@FunctionalInterface
public interface SampleSink {
    /**
     * One sample of {@code series}. The same {@link Series} object is passed for every sample of that
     * series until churn replaces it, so it can be used as an identity key.
     */
    void accept(Series series, double value, long timestampMillis);
}
