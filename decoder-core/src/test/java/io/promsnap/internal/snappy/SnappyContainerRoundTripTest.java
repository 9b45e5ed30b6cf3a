package io.promsnap.internal.snappy;

import io.promsnap.ContainerFormat;
import io.promsnap.DecodeLimits;
import io.promsnap.spi.BlockDecompressor;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every decompressor reads what every compressor wrote, through every container, and AUTO detects it. */
class SnappyContainerRoundTripTest {

    static List<Named<byte[]>> inputs() {
        byte[] zeros = new byte[300_000];
        byte[] abc = new byte[100];
        for (int i = 0; i < abc.length; i++) {
            abc[i] = (byte) ('a' + i % 26);
        }
        return List.of(
                Named.of("empty", new byte[0]),
                Named.of("one byte", new byte[] {'['}),
                Named.of("100 bytes, literal only", abc),
                Named.of("100 KiB random (incompressible)", Blocks.random(1, 100_000)),
                Named.of("300 KB of zeros (longest copies)", zeros),
                Named.of("1000 samples of delivery JSON", Blocks.samplesJson(7, 1000)));
    }

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        for (var d : Decompressors.all()) {
            for (var e : Encoders.all()) {
                for (var in : inputs()) {
                    list.add(Arguments.of(d, e, in));
                }
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0} reads {1}: {2}")
    @MethodSource("cases")
    void roundTrip(Supplier<BlockDecompressor> d, Encoders.Encoder encoder, byte[] plain) {
        byte[] payload = Encoders.unchecked(encoder, plain);
        assertThat(SnappyContainer.detect(payload, 0, payload.length)).isEqualTo(encoder.format());

        for (ContainerFormat f : new ContainerFormat[] {encoder.format(), ContainerFormat.AUTO}) {
            SnappyContainer c = new SnappyContainer(d.get()::decompressBlock, f, DecodeLimits.defaults());
            int n = c.decompress(payload, 0, payload.length);
            assertThat(Arrays.copyOf(c.buffer(), n)).as("format %s", f).isEqualTo(plain);
        }
    }

    @ParameterizedTest(name = "{0} reads {1}: {2}")
    @MethodSource("cases")
    void payloadInsideALargerArray(Supplier<BlockDecompressor> d, Encoders.Encoder encoder, byte[] plain) {
        byte[] payload = Encoders.unchecked(encoder, plain);
        // the payload sits at offset 13 of a larger array full of junk: offsets and errors are payload-relative
        byte[] wrapped = Blocks.concat(Blocks.random(9, 13), payload, Blocks.random(10, 17));
        SnappyContainer c = new SnappyContainer(d.get()::decompressBlock, ContainerFormat.AUTO, DecodeLimits.defaults());
        int n = c.decompress(wrapped, 13, payload.length);
        assertThat(Arrays.copyOf(c.buffer(), n)).isEqualTo(plain);
    }
}
