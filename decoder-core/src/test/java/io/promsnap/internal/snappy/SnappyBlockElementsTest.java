package io.promsnap.internal.snappy;

import io.promsnap.ContainerFormat;
import io.promsnap.DecodeLimits;
import io.promsnap.spi.BlockDecompressor;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hand-made blocks exercising each element form (literal length forms, the three copy widths, overlapping
 * copies), checked against the obvious byte-at-a-time reading of the format, in every container.
 */
class SnappyBlockElementsTest {

    static List<Named<Blocks>> blocks() {
        byte[] r3000 = Blocks.random(3, 3000);
        byte[] r70000 = Blocks.random(4, 70_000);
        List<Named<Blocks>> l = new ArrayList<>();
        for (int n : new int[] {1, 59, 60, 61, 256, 257, 65_536, 65_537}) {
            l.add(Named.of("literal of " + n + " bytes", Blocks.exact().literal(Blocks.random(n, n))));
        }
        for (int extra = 1; extra <= 4; extra++) {
            l.add(Named.of("5-byte literal with a non-canonical " + extra + "-byte length",
                    Blocks.exact().literal(new byte[] {'h', 'e', 'l', 'l', 'o'}, extra)));
        }
        l.add(Named.of("copy, 1-byte offset", Blocks.exact().literal("abcdefgh").copy1(8, 4).copy1(3, 11)));
        l.add(Named.of("copy, 1-byte offset with high bits (2047)", Blocks.exact().literal(r3000).copy1(2047, 11)));
        l.add(Named.of("copy, 2-byte offset", Blocks.exact().literal("abcdefgh").copy2(5, 64).copy2(1, 1)));
        l.add(Named.of("copy, 2-byte offset 65535", Blocks.exact().literal(r70000).copy2(65_535, 64)));
        l.add(Named.of("copy, 4-byte offset", Blocks.exact().literal("abcdefgh").copy4(8, 33)));
        l.add(Named.of("copy, 4-byte offset 70000", Blocks.exact().literal(r70000).copy4(70_000, 64)));
        l.add(Named.of("overlapping copies (run length)", Blocks.exact().literal("x").copy1(1, 11).copy2(1, 64)
                .copy4(1, 64).literal("ab").copy2(2, 64).copy1(3, 7)));
        l.add(Named.of("copy reaching exactly the output start", Blocks.exact().literal("0123456789").copy2(10, 10)
                .copy4(20, 20)));
        l.add(Named.of("many small elements", manySmall()));
        return l;
    }

    private static Blocks manySmall() {
        Blocks b = Blocks.exact().literal("[{\"__name__\":\"up\"}");
        for (int i = 0; i < 2000; i++) {
            b.literal(",").copy1(18, 4 + i % 8).copy2(17 + i % 3, 1 + i % 64);
        }
        return b.literal("]");
    }

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        for (var d : Decompressors.all()) {
            for (var b : blocks()) {
                for (ContainerFormat f : new ContainerFormat[] {ContainerFormat.RAW, ContainerFormat.FRAMED,
                        ContainerFormat.XERIAL}) {
                    list.add(Arguments.of(d, b, f));
                }
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0}: {1} in {2}")
    @MethodSource("cases")
    void decodesLikeTheReference(Supplier<BlockDecompressor> d, Blocks b, ContainerFormat f) {
        byte[] block = b.withExactPreamble();
        byte[] plain = b.expected();
        byte[] payload = switch (f) {
            case RAW -> block;
            // a framed chunk holds at most 65,536 bytes: larger blocks go in as uncompressed chunks,
            // still exercising the container, and the block itself goes through RAW and XERIAL
            case FRAMED -> Blocks.concat(Blocks.STREAM_ID, plain.length <= 65_536
                    ? Blocks.compressedChunk(block, plain) : Blocks.uncompressedChunk(new byte[0]));
            case XERIAL -> Blocks.concat(Blocks.XERIAL_HEADER, Blocks.xerialBlock(block));
            default -> throw new AssertionError(f);
        };
        byte[] expected = f == ContainerFormat.FRAMED && plain.length > 65_536 ? new byte[0] : plain;
        for (ContainerFormat g : new ContainerFormat[] {f, ContainerFormat.AUTO}) {
            Outcomes o = Outcomes.run(d.get(), g, DecodeLimits.defaults(), payload);
            assertThat(o.error()).as("format %s", g).isNull();
            assertThat(o.output()).as("format %s", g).isEqualTo(expected);
        }
        // the checker accepts every valid block and reads its declared length
        assertThat(SnappyBlockChecker.check(block, 0, block.length, 0)).isEqualTo(plain.length);
    }
}
