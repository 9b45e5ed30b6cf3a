package io.promsnap.internal.snappy;

import io.promsnap.ContainerFormat;
import io.promsnap.DecodeLimits;
import io.promsnap.ErrorCategory;
import io.promsnap.PromsnapException;
import io.promsnap.spi.BlockDecompressor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Tiny payloads declaring huge outputs fail before anything of the declared size is allocated.
 *
 * <p>Why allocation cannot happen: {@link SnappyContainer} reads the preamble (5 bytes at most) and calls
 * {@link DecodeLimits#checkDecompressedSize} and the 22x-plus-64 plausibility check before its only
 * allocation ({@code ensure}); framed and snappy-java streams sum every declared size in a first pass that
 * allocates nothing. 2^32-1 exceeds every possible limit ({@link DecodeLimits#HARD_MAX_BYTES} is below 2^31),
 * so {@code ff ff ff ff 0f} is always LIMIT; 200 MiB fits the default limit of 256 MiB but cannot come from a
 * few bytes of elements, so it is COMPRESSION. The tests check it three ways: the call returns fast, the
 * container's buffer is still the empty initial array, and the thread allocated well under a megabyte.
 */
class SnappyDecompressionBombTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static List<?> decompressors() {
        return Decompressors.all();
    }

    private static PromsnapException bomb(Supplier<BlockDecompressor> d, ContainerFormat f, DecodeLimits limits,
                                          byte[] payload) {
        return assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            SnappyContainer c = new SnappyContainer(d.get()::decompressBlock, f, limits);
            long tid = Thread.currentThread().getId();
            long before = THREADS.getThreadAllocatedBytes(tid);
            PromsnapException e = assertThrows(PromsnapException.class, () -> c.decompress(payload, 0, payload.length));
            long allocated = THREADS.getThreadAllocatedBytes(tid) - before;
            assertThat(c.buffer()).as("output buffer").isEmpty();
            assertThat(allocated).as("bytes allocated while failing").isLessThan(1 << 20);
            return e;
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decompressors")
    void fiveBytesDeclaringFourGibIsALimitError(Supplier<BlockDecompressor> d) {
        byte[] payload = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};
        for (DecodeLimits limits : new DecodeLimits[] {DecodeLimits.defaults(),
                DecodeLimits.builder().maxDecompressedBytes(DecodeLimits.HARD_MAX_BYTES).build()}) {
            for (ContainerFormat f : new ContainerFormat[] {ContainerFormat.RAW, ContainerFormat.AUTO}) {
                PromsnapException e = bomb(d, f, limits, payload);
                assertThat(e.category()).isEqualTo(ErrorCategory.LIMIT);
                assertThat(e.offset()).isZero();
                assertThat(e.reason()).contains("declared decompressed size 4294967295");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decompressors")
    void twoHundredMibFromAFewBytesFailsBeforeAllocating(Supplier<BlockDecompressor> d) {
        byte[] raw = Blocks.declaring(200 << 20).literal("[{").copy1(1, 11).bytes();
        PromsnapException e = bomb(d, ContainerFormat.RAW, DecodeLimits.defaults(), raw);
        assertThat(e.category()).isEqualTo(ErrorCategory.COMPRESSION);
        assertThat(e.offset()).isZero();
        assertThat(e.reason()).contains("declared length 209715200 is more than 5 bytes of Snappy elements");

        byte[] xerial = Blocks.concat(Blocks.XERIAL_HEADER, Blocks.xerialBlock(raw));
        assertThat(bomb(d, ContainerFormat.XERIAL, DecodeLimits.defaults(), xerial).offset()).isEqualTo(20);
        byte[] framed = Blocks.concat(Blocks.STREAM_ID, Blocks.compressedChunk(raw, new byte[0]));
        assertThat(bomb(d, ContainerFormat.FRAMED, DecodeLimits.defaults(), framed).offset()).isEqualTo(18);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decompressors")
    void manyPlausibleChunksOverTheLimitFailBeforeAllocating(Supplier<BlockDecompressor> d) {
        // each chunk is a fair 64 KiB of zeros (3,000-odd bytes of copies); together they pass the limit
        Blocks zeros = Blocks.exact().literal(new byte[1]);
        while (zeros.expected().length + 64 <= 65_536) {
            zeros.copy2(1, 64);
        }
        byte[] block = zeros.withExactPreamble();
        byte[] chunk = Blocks.compressedChunk(block, zeros.expected());
        byte[][] parts = new byte[1 + 40][];
        parts[0] = Blocks.STREAM_ID;
        for (int i = 1; i < parts.length; i++) {
            parts[i] = chunk;
        }
        byte[] framed = Blocks.concat(parts);
        DecodeLimits limits = DecodeLimits.builder().maxDecompressedBytes(2 << 20).build();
        PromsnapException e = bomb(d, ContainerFormat.FRAMED, limits, framed);
        assertThat(e.category()).isEqualTo(ErrorCategory.LIMIT);
        long perChunk = zeros.expected().length;
        long chunksFitting = (2 << 20) / perChunk;
        assertThat(e.offset()).isEqualTo(10 + chunksFitting * chunk.length + 8);
    }
}
