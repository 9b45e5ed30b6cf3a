package io.promsnap;

/**
 * Creates decoders of one kind. Found by {@link java.util.ServiceLoader}: a third party adds a decoder
 * with one class implementing this interface (public, no-argument constructor) and one line in
 * {@code META-INF/services/io.promsnap.DecoderFactory}. Factories are thread-safe; decoders are not.
 */
public interface DecoderFactory {

    /** Stable registry name, {@code <decompressor>+<json>}, e.g. {@code snappy-java+jackson}. */
    String name();

    /** One line for listings. */
    default String description() {
        return name();
    }

    /** {@code false} when the decoder needs a native library (JNI). */
    default boolean pureJava() {
        return true;
    }

    /**
     * Whether this decoder can run here. Must not throw: a native library that cannot load is reported
     * as {@link Availability#unavailable(String)} with the reason.
     */
    default Availability availability() {
        return Availability.AVAILABLE;
    }

    /**
     * Whether {@link #create(DecoderConfig)}'s decoders apply {@link DecoderConfig#selector()} themselves:
     * deliver only the selected samples and count the others in {@link DecodeReport#unselectedCount()}.
     * Default {@code false}: {@link DecoderRegistry} then filters what such a decoder delivers, so that
     * a selector is never silently ignored. Say {@code true} only when the decoder does both.
     */
    default boolean selects() {
        return false;
    }

    /**
     * A new decoder; throws {@link IllegalStateException} with the reason when unavailable. Callers that hold
     * a factory and may pass a selector use {@link DecoderRegistry#newDecoder(DecoderFactory, DecoderConfig)},
     * which applies it also for a factory that does not {@link #selects()}.
     */
    PayloadDecoder create(DecoderConfig config);

    default PayloadDecoder create() {
        return create(DecoderConfig.defaults());
    }

    /** Whether a decoder can run here, and if not, why. */
    record Availability(boolean available, String reason) {
        public static final Availability AVAILABLE = new Availability(true, "");

        public static Availability unavailable(String reason) {
            return new Availability(false, reason);
        }
    }
}
