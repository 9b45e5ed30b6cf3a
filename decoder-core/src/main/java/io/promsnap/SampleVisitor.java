package io.promsnap;

/**
 * Receives the samples of a payload, in payload order, without allocation. This is the primary API.
 *
 * <pre>{@code
 * decoder.decode(bytes, 0, bytes.length, s -> {
 *     if (s.name().contentEquals("up")) total += s.value();
 * });
 * }</pre>
 */
@FunctionalInterface
public interface SampleVisitor {
    /**
     * One sample. The view and every {@link Utf8View} it hands out are reused: valid only during this
     * call. Copy what must outlive it ({@link SampleView#toSample()}, {@link Utf8View#toString()}).
     * An exception thrown here propagates out of {@code decode} unchanged.
     */
    void onSample(SampleView sample);

    /**
     * Under {@link ErrorPolicy#SKIP}: a sample that was dropped, and why. Default: ignore (the decoder's
     * {@link DecodeReport} counts it anyway).
     */
    default void onSkipped(PromsnapException reason) {
    }
}
