package io.promsnap.spi;

import io.promsnap.DecoderConfig;
import io.promsnap.DecoderFactory;
import io.promsnap.PayloadDecoder;
import io.promsnap.internal.engine.StagedDecoder;

import java.util.Objects;

/**
 * Base class of the built-in factories: a block decompressor paired with a JSON stage. Everything a
 * factory says about itself comes from its two descriptors, read without creating either half: the name
 * is {@code <block>+<json>}, {@code pureJava} comes from the {@link BlockDecompressor.Library} (whose native
 * library may not load here), the description from both, and the decoder is available when both halves
 * are (a JSON stage's library, e.g. jackson-core, may be missing from the class path: decoder-core
 * declares it optional). A decoder is therefore one class per pair, one line long, for example
 * <pre>{@code
 * public final class AircompressorScannerDecoderFactory extends StagedDecoderFactory {
 *     public AircompressorScannerDecoderFactory() {
 *         super(AircompressorBlockDecompressor.LIBRARY, ScannerJsonStage.LIBRARY);
 *     }
 * }
 * }</pre>
 * plus its line in {@code META-INF/services/io.promsnap.DecoderFactory}; a third party pairs its own stage
 * with a built-in decompressor the same way. Constructing a factory touches neither library, so the
 * registry can list a decoder whose library is missing (see {@link JsonStage.Library}).
 */
public abstract class StagedDecoderFactory implements DecoderFactory {
    private final BlockDecompressor.Library block;
    private final JsonStage.Library json;
    private final String name;
    private final String description;

    /**
     * @param block the block decompressor: its name, {@code pureJava}, availability and constructor
     * @param json  the JSON stage: its name, availability and constructor
     */
    protected StagedDecoderFactory(BlockDecompressor.Library block, JsonStage.Library json) {
        this.block = Objects.requireNonNull(block, "block");
        this.json = Objects.requireNonNull(json, "json");
        this.name = block.name() + "+" + json.name();
        this.description = block.description() + ", " + json.description();
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    /** The JSON stages skip unselected samples before building their views (and count them). */
    @Override
    public final boolean selects() {
        return true;
    }

    @Override
    public final boolean pureJava() {
        return block.pureJava();
    }

    @Override
    public final Availability availability() {
        Availability b = block.availability().get();
        Availability j = json.availability().get();
        if (b.available() && j.available()) {
            return Availability.AVAILABLE;
        }
        if (b.available() || j.available()) {
            return b.available() ? j : b;
        }
        return Availability.unavailable(b.reason() + "; " + j.reason());
    }

    @Override
    public final PayloadDecoder create(DecoderConfig config) {
        Availability a = availability();
        if (!a.available()) {
            throw new IllegalStateException("decoder " + name + " is unavailable here: " + a.reason());
        }
        BlockDecompressor b = createBlockDecompressor();
        JsonStage j = createJsonStage(config);
        return new StagedDecoder(name, config, b::decompressBlock, j::parse, j.selects());
    }

    /** The first half of the name, e.g. {@code snappy-java}. */
    public final String decompressorName() {
        return block.name();
    }

    /** The second half of the name, e.g. {@code scanner}. */
    public final String jsonName() {
        return json.name();
    }

    /**
     * A new instance of this decoder's JSON stage alone, for measuring and testing the stages apart (the
     * benchmarks' parse-only rows, the stage suite). Production code uses {@link #create}. Needs only the
     * stage's own library: it works when the block decompressor is unavailable.
     *
     * @throws IllegalStateException with the reason when the stage's library is missing here
     */
    public final JsonStage createJsonStage(DecoderConfig config) {
        Availability a = json.availability().get();
        if (!a.available()) {
            throw new IllegalStateException("JSON stage " + json.name() + " is unavailable here: " + a.reason());
        }
        JsonStage j = json.create().apply(config);
        if (!json.name().equals(j.name())) {
            throw new IllegalStateException(name + ": the JSON stage is now named '" + j.name() + "'");
        }
        return j;
    }

    /**
     * A new instance of this decoder's block decompressor alone (see {@link #createJsonStage}).
     *
     * @throws IllegalStateException with the reason when the decompressor cannot run here
     */
    public final BlockDecompressor createBlockDecompressor() {
        Availability a = block.availability().get();
        if (!a.available()) {
            throw new IllegalStateException("block decompressor " + block.name() + " is unavailable here: " + a.reason());
        }
        BlockDecompressor b = block.create().get();
        if (!block.name().equals(b.name()) || block.pureJava() != b.pureJava()) {
            throw new IllegalStateException(name + ": the block decompressor says " + b.name() + " (pureJava "
                    + b.pureJava() + "), its Library " + block.name() + " (pureJava " + block.pureJava() + ")");
        }
        return b;
    }
}
