package io.promsnap.spi;

import io.promsnap.DecoderConfig;
import io.promsnap.DecoderFactory.Availability;
import io.promsnap.SampleVisitor;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The JSON half of a decoder: reads a decompressed JSON array of samples and delivers them. Created
 * once per decoder with its {@link io.promsnap.DecoderConfig}; reused across payloads; not thread-safe.
 *
 * <p>Contract shared by every stage (see docs/format.md): the input has already passed the shared UTF-8
 * pass (valid UTF-8, no raw control characters other than tab, LF, CR). The stage must reject raw
 * tab/LF/CR inside strings, apply the limits before allocating, fill samples through a
 * {@link SampleWriter} (which detects duplicate labels identically for every stage), honour the error
 * policy by calling {@link SampleVisitor#onSkipped}, and report positions as byte offsets relative to
 * {@code off}. The decoder counts what the stage delivers and skips in its {@link io.promsnap.DecodeReport}.
 */
public interface JsonStage {

    /** {@code jackson}, {@code dsl-json} or {@code scanner}: the second half of a decoder name. */
    String name();

    /**
     * One line for listings, e.g. {@code Jackson streaming JSON}. A factory takes a decoder's description from
     * the two {@link Library} descriptors, not from a created stage; the built-in stages return their
     * {@link Library#description()}. The default is {@link #name()}.
     */
    default String description() {
        return name();
    }

    /**
     * Parses {@code json[off, off+len)}, calls {@code visitor.onSample} once per valid sample and
     * {@code visitor.onSkipped} once per dropped one. Returns the number of samples delivered.
     */
    int parse(byte[] json, int off, int len, SampleVisitor visitor);

    /**
     * {@link #parse(byte[], int, int, SampleVisitor)}, told by the UTF-8 pass whether the input holds any
     * raw tab, LF or CR. When {@code controls} is false there is no byte below 0x20 anywhere, and a stage may
     * skip looking for one inside strings. Passing {@code true} is always correct. The default ignores the hint.
     */
    default int parse(byte[] json, int off, int len, SampleVisitor visitor, boolean controls) {
        return parse(json, off, len, visitor);
    }

    /**
     * Whether this stage applies its configuration's {@link io.promsnap.Selector} itself: it delivers only the
     * selected samples (and may skip parsing the values of the others, validating their bytes all the same).
     * The default, {@code false}, is right for every stage outside decoder-core: the decoder then delivers
     * only the samples the selector matches and counts the others, so a stage needs no code for selection.
     */
    default boolean selects() {
        return false;
    }

    /**
     * What a JSON stage is, known without creating one: a stage built on an optional library (jackson-core,
     * dsl-json) cannot even be linked where that library is missing, and its decoders must still be listed,
     * by name, as unavailable with the reason. A {@link StagedDecoderFactory} takes one of these beside a
     * {@link BlockDecompressor.Library}; the decoder is available when both are.
     *
     * <p>Keep the descriptor in a class that does not refer to the library, and write {@code create} as a
     * lambda ({@code c -> new MyStage(c)}): a method reference ({@code MyStage::new}) is resolved, and
     * {@code MyStage} linked, when the descriptor is built.
     *
     * @param name         the second half of a decoder name, equal to {@link JsonStage#name()} of what
     *                     {@code create} returns
     * @param description  one line, e.g. {@code Jackson streaming JSON}
     * @param availability whether {@code create} can run here; must not throw (see
     *                     {@link io.promsnap.DecoderFactory#availability()})
     * @param create       a new stage for a configuration; called only when available
     */
    record Library(String name, String description, Supplier<Availability> availability,
                   Function<DecoderConfig, JsonStage> create) {
        public Library {
            if (name == null || name.isEmpty() || name.contains("+")) {
                throw new IllegalArgumentException("a JSON stage name is non-empty and has no '+': " + name);
            }
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(availability, "availability");
            Objects.requireNonNull(create, "create");
        }

        /** A stage that needs nothing beyond decoder-core (and the JDK): always available. */
        public static Library of(String name, String description, Function<DecoderConfig, JsonStage> create) {
            return new Library(name, description, () -> Availability.AVAILABLE, create);
        }
    }
}
