package io.promsnap.scanner;

import io.promsnap.DecoderConfig;
import io.promsnap.SampleVisitor;
import io.promsnap.internal.select.SelectorEvaluator;
import io.promsnap.spi.JsonStage;

import java.util.Objects;

/**
 * promsnap's own JSON stage ({@code scanner}): a hand-written scanner specialised for the sample schema.
 * It reads the bytes once, with no token objects and no recursion, finds string ends eight bytes at a
 * time (or 32/64 with the Vector API where the JVM offers it well), hands out strings without escapes as views into the JSON buffer and unescapes the others into a
 * reused scratch array, so that a steady-state payload allocates nothing per sample.
 *
 * <p>Accepts and rejects exactly what docs/format.md (sections 2, 3 and 5) says. Reused across payloads;
 * not thread-safe.
 */
public final class ScannerJsonStage implements JsonStage {
    /** What the factories pair with a block decompressor: needs nothing beyond decoder-core, always available. */
    public static final Library LIBRARY = Library.of("scanner", "promsnap's own scanner", ScannerJsonStage::new);

    private final ScannerCore core;

    public ScannerJsonStage(DecoderConfig config) {
        Objects.requireNonNull(config, "config");
        this.core = new ScannerCore(config.limits(), config.errorPolicy(), SelectorEvaluator.of(config.selector()));
    }

    /** Default limits, fail policy. */
    public ScannerJsonStage() {
        this(DecoderConfig.defaults());
    }

    /**
     * How this JVM's scanners find the bytes that end a string: {@code "512-bit vectors (jdk.incubator.vector)"}
     * or {@code "SWAR (...)"} with the reason vectors are not used (see {@link io.promsnap.internal.text.VectorSupport}:
     * Java 21+ started with {@code --add-modules jdk.incubator.vector}).
     */
    public static String specialByteSearch() {
        if (Bytes.VECTOR) {
            return io.promsnap.internal.text.VectorSupport.description();
        }
        return io.promsnap.internal.text.VectorSupport.allowed() ? "SWAR (the vector mask disagreed with SWAR)"
                : io.promsnap.internal.text.VectorSupport.description();
    }

    @Override
    public String name() {
        return LIBRARY.name();
    }

    @Override
    public String description() {
        return LIBRARY.description();
    }

    /** The scanner applies the selector itself: a sample whose name is rejected has its value validated, not parsed. */
    @Override
    public boolean selects() {
        return true;
    }

    @Override
    public int parse(byte[] json, int off, int len, SampleVisitor visitor) {
        Objects.checkFromIndexSize(off, len, json.length);
        Objects.requireNonNull(visitor, "visitor");
        return core.parse(json, off, len, visitor, true);
    }

    /** With {@code controls} false, string ends are found by looking for {@code "} and {@code \} only. */
    @Override
    public int parse(byte[] json, int off, int len, SampleVisitor visitor, boolean controls) {
        Objects.checkFromIndexSize(off, len, json.length);
        Objects.requireNonNull(visitor, "visitor");
        return core.parse(json, off, len, visitor, controls);
    }
}
