package io.promsnap.spi;

import io.promsnap.DecoderConfig;
import io.promsnap.DecoderFactory;
import io.promsnap.PayloadDecoder;
import io.promsnap.internal.engine.StagedDecoder;

import java.util.Objects;
import java.util.function.Function;

/**
 * Base class of the built-in factories: a block decompressor paired with a JSON stage. Everything a
 * factory says about itself comes from its two parts: the name is {@code <block>+<json>}, {@code pureJava}
 * and the first half of the description come from the {@link BlockDecompressor.Library} (known without
 * creating the decompressor, whose native library may not load here), the JSON half from the stage's
 * {@link JsonStage#name()} and {@link JsonStage#description()}. A decoder is therefore one class per pair,
 * one line long, for example
 * <pre>{@code
 * public final class AircompressorScannerDecoderFactory extends StagedDecoderFactory {
 *     public AircompressorScannerDecoderFactory() {
 *         super(AircompressorBlockDecompressor.LIBRARY, ScannerJsonStage::new);
 *     }
 * }
 * }</pre>
 * plus its line in {@code META-INF/services/io.promsnap.DecoderFactory}; a third party pairs its own stage
 * with a built-in decompressor the same way.
 */
public abstract class StagedDecoderFactory implements DecoderFactory {
    private final BlockDecompressor.Library block;
    private final Function<DecoderConfig, JsonStage> json;
    private final String name;
    private final String jsonName;
    private final String description;

    /**
     * @param block the block decompressor: its name, {@code pureJava}, availability and constructor
     * @param json  a new JSON stage for a configuration; called once here (with the default configuration)
     *              to read the stage's name and description, so it must be cheap and must not fail
     */
    protected StagedDecoderFactory(BlockDecompressor.Library block, Function<DecoderConfig, JsonStage> json) {
        this.block = Objects.requireNonNull(block, "block");
        this.json = Objects.requireNonNull(json, "json");
        JsonStage probe = json.apply(DecoderConfig.defaults());
        this.jsonName = probe.name();
        if (jsonName == null || jsonName.isEmpty() || jsonName.contains("+")) {
            throw new IllegalArgumentException("a JSON stage name is non-empty and has no '+': " + jsonName);
        }
        this.name = block.name() + "+" + jsonName;
        this.description = block.description() + ", " + probe.description();
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final boolean pureJava() {
        return block.pureJava();
    }

    @Override
    public final Availability availability() {
        return block.availability().get();
    }

    @Override
    public final PayloadDecoder create(DecoderConfig config) {
        Availability a = availability();
        if (!a.available()) {
            throw new IllegalStateException("decoder " + name + " is unavailable here: " + a.reason());
        }
        BlockDecompressor b = createBlockDecompressor();
        JsonStage j = createJsonStage(config);
        return new StagedDecoder(name, config, b::decompressBlock, j::parse);
    }

    /** The first half of the name, e.g. {@code snappy-java}. */
    public final String decompressorName() {
        return block.name();
    }

    /** The second half of the name, e.g. {@code scanner}. */
    public final String jsonName() {
        return jsonName;
    }

    /**
     * A new instance of this decoder's JSON stage alone, for measuring and testing the stages apart (the
     * benchmarks' parse-only rows, the stage suite). Production code uses {@link #create}. Needs no
     * native library: the stage is pure Java even when the block decompressor is unavailable.
     */
    public final JsonStage createJsonStage(DecoderConfig config) {
        JsonStage j = json.apply(config);
        if (!jsonName.equals(j.name())) {
            throw new IllegalStateException(name + ": the JSON stage is now named '" + j.name() + "'");
        }
        return j;
    }

    /** A new instance of this decoder's block decompressor alone (see {@link #createJsonStage}). */
    public final BlockDecompressor createBlockDecompressor() {
        BlockDecompressor b = block.create().get();
        if (!block.name().equals(b.name()) || block.pureJava() != b.pureJava()) {
            throw new IllegalStateException(name + ": the block decompressor says " + b.name() + " (pureJava "
                    + b.pureJava() + "), its Library " + block.name() + " (pureJava " + block.pureJava() + ")");
        }
        return b;
    }
}
