package io.promsnap.internal.snappy;

import io.promsnap.ContainerFormat;
import io.promsnap.DecodeLimits;
import io.promsnap.PromsnapException;
import io.promsnap.snappyjava.SnappyJavaBlockDecompressor;
import io.promsnap.spi.BlockDecompressor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xerial.snappy.Snappy;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** One container over many payloads: the buffer is reused, and leftovers never leak into the next result. */
class SnappyContainerReuseTest {

    static List<?> decompressors() {
        return Decompressors.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decompressors")
    void bufferIsReusedAndEachResultIsExact(Supplier<BlockDecompressor> d) throws Exception {
        SnappyContainer c = new SnappyContainer(d.get()::decompressBlock, ContainerFormat.AUTO, DecodeLimits.defaults());
        byte[] big = Blocks.samplesJson(1, 2000);
        byte[] small = Blocks.samplesJson(2, 3);
        byte[] bigPayload = Snappy.compress(big);
        int n = c.decompress(bigPayload, 0, bigPayload.length);
        byte[] buffer = c.buffer();
        assertThat(Arrays.copyOf(buffer, n)).isEqualTo(big);

        byte[] framedSmall = Encoders.stream(small, org.xerial.snappy.SnappyFramedOutputStream::new);
        n = c.decompress(framedSmall, 0, framedSmall.length);
        assertThat(c.buffer()).isSameAs(buffer);
        assertThat(Arrays.copyOf(c.buffer(), n)).isEqualTo(small);

        // a failing payload in between leaves the container usable
        byte[] bad = Blocks.declaring(8).literal("abcd").raw(0x01, 0x00).bytes();
        assertThrows(PromsnapException.class, () -> c.decompress(bad, 0, bad.length));

        byte[] xerialBig = Encoders.stream(big, org.xerial.snappy.SnappyOutputStream::new);
        n = c.decompress(xerialBig, 0, xerialBig.length);
        assertThat(c.buffer()).isSameAs(buffer);
        assertThat(Arrays.copyOf(c.buffer(), n)).isEqualTo(big);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decompressors")
    void validPayloadsAllocateNothingOnceTheBufferIsSized(Supplier<BlockDecompressor> d) throws Exception {
        byte[] json = Blocks.samplesJson(3, 300);
        byte[][] payloads = {Snappy.compress(json), Encoders.stream(json, org.xerial.snappy.SnappyFramedOutputStream::new),
                Encoders.stream(json, org.xerial.snappy.SnappyOutputStream::new)};
        BlockDecompressor block = d.get();
        SnappyContainer c = new SnappyContainer(block::decompressBlock, ContainerFormat.AUTO, DecodeLimits.defaults());
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long total = 0;
        for (int i = 0; i < 3_000; i++) { // warm up
            total += c.decompress(payloads[i % 3], 0, payloads[i % 3].length);
        }
        long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 3_000; i++) {
            total += c.decompress(payloads[i % 3], 0, payloads[i % 3].length);
        }
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertThat(total).isEqualTo(6_000L * json.length);
        // The container and the snappy-java adapter allocate nothing. aircompressor 2.0.3 itself allocates a
        // small array per block (SnappyRawDecompressor.readUncompressedLength returns an int[2]), about 100
        // bytes per payload here; a per-payload output buffer would be 60 KB.
        long perPayload = block.name().equals("aircompressor") ? 256 : 16;
        assertThat(allocated).as("bytes allocated by 3,000 decompressions").isLessThan(3_000 * perPayload);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decompressors")
    void callerMistakesAreNotPayloadErrors(Supplier<BlockDecompressor> d) {
        SnappyContainer c = new SnappyContainer(d.get()::decompressBlock, ContainerFormat.RAW, DecodeLimits.defaults());
        assertThatThrownBy(() -> c.decompress(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> c.decompress(null, 0, 0)).isInstanceOf(NullPointerException.class);
        // an adapter called with an output region that does not fit is a caller error too
        byte[] block = Blocks.exact().literal("abcd").withExactPreamble();
        assertThatThrownBy(() -> d.get().decompressBlock(block, 0, block.length, new byte[3], 0, 4, 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void snappyJavaAvailabilityNeverThrowsAndExplainsItself() {
        var a = SnappyJavaBlockDecompressor.availability();
        assertThat(SnappyJavaBlockDecompressor.availability()).isSameAs(a); // probed once
        if (a.available()) {
            assertThat(new SnappyJavaBlockDecompressor().name()).isEqualTo("snappy-java");
        } else {
            assertThat(a.reason()).contains("snappy-java");
            assertThatThrownBy(SnappyJavaBlockDecompressor::new).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void snappyJavaRefusesABlockWhosePreambleDisagreesWithTheCaller() {
        org.junit.jupiter.api.Assumptions.assumeTrue(SnappyJavaBlockDecompressor.availability().available());
        // the native code would write as many bytes as the preamble says, whatever room the caller gave
        byte[] block = Blocks.exact().literal(new byte[100]).withExactPreamble();
        assertThatThrownBy(() -> new SnappyJavaBlockDecompressor().decompressBlock(block, 0, block.length,
                new byte[10], 0, 10, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
