package io.promsnap.internal.snappy;

import io.promsnap.ContainerFormat;
import io.promsnap.DecodeLimits;
import io.promsnap.ErrorCategory;
import io.promsnap.PromsnapException;
import io.promsnap.spi.BlockDecompressor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Truncation at every byte, and seeded mutations of valid payloads: every outcome is a decoded buffer or a
 * PromsnapException (never another throwable), and both decompressors give the same outcome.
 */
class SnappyTruncationAndFuzzTest {

    /** Every element form in a few bytes: a long-form literal, all three copy widths, overlapping copies. */
    static final Blocks SMALL = Blocks.exact().literal(Blocks.random(5, 61)).copy1(61, 9).copy2(3, 20).literal("xy")
            .copy4(2, 7).copy1(1, 4);

    static List<?> decompressors() {
        return Decompressors.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decompressors")
    void rawBlockTruncatedAtEveryByte(Supplier<BlockDecompressor> d) {
        byte[] block = SMALL.withExactPreamble();
        assertThat(Outcomes.run(d.get(), ContainerFormat.RAW, DecodeLimits.defaults(), block).output())
                .isEqualTo(SMALL.expected());
        for (int cut = 0; cut < block.length; cut++) {
            PromsnapException e = Outcomes.failure(d.get(), ContainerFormat.RAW, DecodeLimits.defaults(),
                    Arrays.copyOf(block, cut));
            assertThat(e.category()).as("cut at %d: %s", cut, e).isEqualTo(ErrorCategory.COMPRESSION);
            assertThat(e.offset()).as("cut at %d: %s", cut, e).isBetween(0L, (long) cut);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decompressors")
    void streamsTruncatedAtEveryByte(Supplier<BlockDecompressor> d) {
        byte[] block = SMALL.withExactPreamble();
        byte[] plain = SMALL.expected();
        byte[] c1 = Blocks.compressedChunk(block, plain);
        byte[] c2 = Blocks.uncompressedChunk("tail".getBytes());
        byte[] framed = Blocks.concat(Blocks.STREAM_ID, c1, c2);
        byte[] x1 = Blocks.xerialBlock(block);
        byte[] xerial = Blocks.concat(Blocks.XERIAL_HEADER, x1, Blocks.XERIAL_HEADER, x1);
        checkCuts(d, ContainerFormat.FRAMED, framed, new int[] {10, 10 + c1.length},
                new byte[][] {new byte[0], plain});
        checkCuts(d, ContainerFormat.XERIAL, xerial, new int[] {16, 16 + x1.length, 32 + x1.length},
                new byte[][] {new byte[0], plain, plain});
    }

    /** A cut at a chunk boundary is a valid shorter stream; every other cut is a COMPRESSION error. */
    private static void checkCuts(Supplier<BlockDecompressor> d, ContainerFormat f, byte[] payload, int[] boundaries,
                                  byte[][] prefixes) {
        for (int cut = 0; cut < payload.length; cut++) {
            Outcomes o = Outcomes.run(d.get(), f, DecodeLimits.defaults(), Arrays.copyOf(payload, cut));
            int b = Arrays.binarySearch(boundaries, cut);
            if (b >= 0) {
                assertThat(o.error()).as("%s cut at boundary %d", f, cut).isNull();
                assertThat(o.output()).isEqualTo(prefixes[b]);
            } else {
                assertThat(o.error()).as("%s cut at %d", f, cut).isNotNull();
                assertThat(o.error().category()).isEqualTo(ErrorCategory.COMPRESSION);
                assertThat(o.error().offset()).isBetween(0L, (long) cut);
            }
        }
    }

    @Test
    void mutatedPayloadsGiveTheSameOutcomeThroughEveryDecompressor() throws Exception {
        var decompressors = Decompressors.all();
        List<byte[]> seeds = new ArrayList<>();
        byte[] json = Blocks.samplesJson(11, 40);
        for (var e : Encoders.all()) {
            seeds.add(e.getPayload().encode(json));
        }
        seeds.add(SMALL.withExactPreamble());
        Random r = new Random(20261125);
        int failures = 0;
        int total = 0;
        for (byte[] seed : seeds) {
            for (int i = 0; i < 300; i++) {
                byte[] m = mutate(seed, r);
                String first = null;
                for (var d : decompressors) {
                    // AUTO: a mutation of the magic moves the payload to another format, which is fine too
                    Outcomes o = Outcomes.run(d.getPayload().get(), ContainerFormat.AUTO, DecodeLimits.defaults(), m);
                    if (o.error() != null) {
                        assertThat(o.error().category()).isIn(ErrorCategory.COMPRESSION, ErrorCategory.LIMIT);
                        assertThat(o.error().offset()).isBetween(0L, (long) m.length);
                    }
                    String s = o.summary();
                    if (first == null) {
                        first = s;
                    } else {
                        assertThat(s).as("%s on mutant %d of a %d-byte seed", d.getName(), i, seed.length)
                                .isEqualTo(first);
                    }
                    failures += o.error() != null ? 1 : 0;
                    total++;
                }
            }
        }
        // the mutations must mostly hit something: a fuzz loop where everything decodes proves nothing
        assertThat(failures).isGreaterThan(total / 2);
    }

    private static byte[] mutate(byte[] seed, Random r) {
        byte[] m = seed.clone();
        switch (r.nextInt(4)) {
            case 0 -> m[r.nextInt(m.length)] ^= (byte) (1 << r.nextInt(8));
            case 1 -> m[r.nextInt(m.length)] = (byte) r.nextInt(256);
            case 2 -> {
                for (int k = 0; k < 4; k++) {
                    m[r.nextInt(m.length)] = (byte) r.nextInt(256);
                }
            }
            default -> m = Arrays.copyOf(m, r.nextInt(m.length));
        }
        return m;
    }
}
