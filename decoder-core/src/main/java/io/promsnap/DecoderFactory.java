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

    /** A new decoder; throws {@link IllegalStateException} with the reason when unavailable. */
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
