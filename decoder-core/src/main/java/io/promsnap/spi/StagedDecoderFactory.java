package io.promsnap.spi;

import io.promsnap.DecoderConfig;
import io.promsnap.DecoderFactory;
import io.promsnap.PayloadDecoder;
import io.promsnap.internal.engine.StagedDecoder;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Base class of the built-in factories: a decompressor adapter paired with a JSON stage. A third party
 * pairs its own stage with a built-in decompressor by extending this with a no-argument constructor.
 */
public abstract class StagedDecoderFactory implements DecoderFactory {
    private final String name;
    private final String decompressorName;
    private final String jsonName;
    private final String description;
    private final boolean pureJava;
    private final Supplier<Availability> availability;
    private final Supplier<BlockDecompressor> block;
    private final Function<DecoderConfig, JsonStage> json;

    protected StagedDecoderFactory(String decompressorName, String jsonName, String description, boolean pureJava,
                                   Supplier<Availability> availability, Supplier<BlockDecompressor> block,
                                   Function<DecoderConfig, JsonStage> json) {
        this.name = decompressorName + "+" + jsonName;
        this.decompressorName = decompressorName;
        this.jsonName = jsonName;
        this.description = description;
        this.pureJava = pureJava;
        this.availability = availability;
        this.block = block;
        this.json = json;
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
        return pureJava;
    }

    @Override
    public final Availability availability() {
        return availability.get();
    }

    @Override
    public final PayloadDecoder create(DecoderConfig config) {
        Availability a = availability();
        if (!a.available()) {
            throw new IllegalStateException("decoder " + name + " is unavailable here: " + a.reason());
        }
        BlockDecompressor b = block.get();
        JsonStage j = json.apply(config);
        return new StagedDecoder(name, config, b::decompressBlock, j::parse);
    }

    /** The first half of the name, e.g. {@code snappy-java}. */
    public final String decompressorName() {
        return decompressorName;
    }

    /** The second half of the name, e.g. {@code scanner}. */
    public final String jsonName() {
        return jsonName;
    }

    /**
     * A new instance of this decoder's JSON stage alone, for measuring the stages apart (the benchmarks'
     * parse-only rows). Production code uses {@link #create}.
     */
    public final JsonStage createJsonStage(DecoderConfig config) {
        return json.apply(config);
    }

    /** A new instance of this decoder's block decompressor alone (see {@link #createJsonStage}). */
    public final BlockDecompressor createBlockDecompressor() {
        return block.get();
    }
}
