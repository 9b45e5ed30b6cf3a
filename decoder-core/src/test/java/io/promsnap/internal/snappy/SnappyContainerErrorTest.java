package io.promsnap.internal.snappy;

import io.promsnap.ContainerFormat;
import io.promsnap.DecodeLimits;
import io.promsnap.ErrorCategory;
import io.promsnap.PromsnapException;
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

import static io.promsnap.ContainerFormat.FRAMED;
import static io.promsnap.ContainerFormat.RAW;
import static io.promsnap.ContainerFormat.XERIAL;
import static io.promsnap.ErrorCategory.COMPRESSION;
import static io.promsnap.ErrorCategory.LIMIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every class of bad payload, through every decompressor: the exact category, offset (relative to the
 * payload start) and reason, identical whichever library decompresses.
 */
class SnappyContainerErrorTest {

    record Bad(ContainerFormat format, byte[] payload, ErrorCategory category, long offset, String reason,
               DecodeLimits limits) {
        Bad(ContainerFormat format, byte[] payload, ErrorCategory category, long offset, String reason) {
            this(format, payload, category, offset, reason, DecodeLimits.defaults());
        }
    }

    /** Preamble (1 byte), a 4-byte literal (tag at 1), then a 2-byte copy with its tag at offset 6. */
    private static byte[] abcdThenCopy1(int declared, int copyOffset) {
        return Blocks.declaring(declared).literal("abcd").raw(0x01, copyOffset).bytes();
    }

    private static final byte[] VALID = Blocks.exact().literal("abcd").copy1(4, 4).withExactPreamble();
    private static final byte[] VALID_PLAIN = "abcdabcd".getBytes();

    static List<Named<Bad>> bad() {
        List<Named<Bad>> l = new ArrayList<>();
        // ---- raw: preamble
        l.add(Named.of("empty payload", new Bad(RAW, new byte[0], COMPRESSION, 0, "truncated length preamble")));
        l.add(Named.of("preamble cut after a continuation byte",
                new Bad(RAW, bytes(0x80), COMPRESSION, 1, "truncated length preamble")));
        l.add(Named.of("preamble longer than 5 bytes",
                new Bad(RAW, bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x00), COMPRESSION, 4, "longer than 5 bytes")));
        l.add(Named.of("preamble over 32 bits",
                new Bad(RAW, bytes(0xff, 0xff, 0xff, 0xff, 0x1f), COMPRESSION, 4, "exceeds 32 bits")));
        // ---- raw: elements
        l.add(Named.of("copy offset 0", new Bad(RAW, abcdThenCopy1(8, 0), COMPRESSION, 6, "copy offset 0")));
        l.add(Named.of("copy before the output start",
                new Bad(RAW, abcdThenCopy1(8, 5), COMPRESSION, 6, "before the start of the output")));
        l.add(Named.of("4-byte copy offset 2^31 (negative as an int)",
                new Bad(RAW, Blocks.declaring(5).literal("a").copy4(0x8000_0000L, 4).bytes(), COMPRESSION, 3,
                        "before the start of the output")));
        l.add(Named.of("copy offset 0, 2-byte form",
                new Bad(RAW, Blocks.declaring(5).literal("a").copy2(0, 4).bytes(), COMPRESSION, 3, "copy offset 0")));
        l.add(Named.of("declared longer than produced",
                new Bad(RAW, abcdThenCopy1(9, 4), COMPRESSION, 8, "produced 8 bytes but its preamble declared 9")));
        l.add(Named.of("declared shorter than produced",
                new Bad(RAW, abcdThenCopy1(7, 4), COMPRESSION, 6, "more than the 7 bytes")));
        l.add(Named.of("declared 0 with elements",
                new Bad(RAW, Blocks.declaring(0).literal("a").bytes(), COMPRESSION, 1, "more than the 0 bytes")));
        l.add(Named.of("literal past the input",
                new Bad(RAW, bytes(8, 0x1c, 'a', 'b', 'c', 'd'), COMPRESSION, 1, "literal of 8 bytes runs past")));
        l.add(Named.of("literal length bytes missing",
                new Bad(RAW, bytes(10, 0xf4), COMPRESSION, 1, "truncated literal length")));
        l.add(Named.of("literal of 2^32 bytes",
                new Bad(RAW, bytes(10, 0xfc, 0xff, 0xff, 0xff, 0xff, 'a'), COMPRESSION, 1,
                        "literal of 4294967296 bytes runs past")));
        l.add(Named.of("copy offset bytes missing",
                new Bad(RAW, bytes(8, 0x0c, 'a', 'b', 'c', 'd', 0x02, 0x01), COMPRESSION, 6, "truncated copy")));
        // ---- raw: sizes
        l.add(Named.of("5-byte payload declaring 4 GiB",
                new Bad(RAW, bytes(0xff, 0xff, 0xff, 0xff, 0x0f), LIMIT, 0, "exceeds the limit")));
        l.add(Named.of("200 MiB declared, 3 bytes of elements",
                new Bad(RAW, Blocks.declaring(200 << 20).literal("ab").bytes(), COMPRESSION, 0,
                        "more than 3 bytes of Snappy elements can produce")));
        l.add(Named.of("1 KiB declared over a 1000-byte limit",
                new Bad(RAW, Blocks.exact().literal(new byte[1024]).withExactPreamble(), LIMIT, 0, "limit of 1000",
                        DecodeLimits.builder().maxDecompressedBytes(1000).build())));

        // ---- framed
        byte[] chunk = Blocks.compressedChunk(VALID, VALID_PLAIN);
        l.add(Named.of("framed: empty payload", new Bad(FRAMED, new byte[0], COMPRESSION, 0, "missing stream identifier")));
        l.add(Named.of("framed: no stream identifier",
                new Bad(FRAMED, chunk, COMPRESSION, 0, "missing stream identifier")));
        l.add(Named.of("framed: bad stream identifier",
                new Bad(FRAMED, Blocks.concat(Blocks.STREAM_ID, Blocks.chunk(0xff, "sNaPpZ".getBytes())),
                        COMPRESSION, 10, "bad stream identifier")));
        l.add(Named.of("framed: bad CRC of a compressed chunk",
                new Bad(FRAMED, Blocks.concat(Blocks.STREAM_ID, flip(chunk, 4)), COMPRESSION, 14, "checksum mismatch")));
        l.add(Named.of("framed: bad CRC of an uncompressed chunk",
                new Bad(FRAMED, Blocks.concat(Blocks.STREAM_ID, flip(Blocks.uncompressedChunk(VALID_PLAIN), 9)),
                        COMPRESSION, 14, "checksum mismatch")));
        l.add(Named.of("framed: unskippable chunk 0x02",
                new Bad(FRAMED, Blocks.concat(Blocks.STREAM_ID, chunk, Blocks.chunk(0x02, new byte[3])),
                        COMPRESSION, 10 + chunk.length, "unskippable chunk of reserved type 0x02")));
        l.add(Named.of("framed: unskippable chunk 0x7f",
                new Bad(FRAMED, Blocks.concat(Blocks.STREAM_ID, Blocks.chunk(0x7f, new byte[0])),
                        COMPRESSION, 10, "reserved type 0x7f")));
        l.add(Named.of("framed: chunk length past the end",
                new Bad(FRAMED, Blocks.concat(Blocks.STREAM_ID, Arrays.copyOf(chunk, chunk.length - 1)),
                        COMPRESSION, 10, "runs past the end of the payload")));
        l.add(Named.of("framed: truncated chunk header",
                new Bad(FRAMED, Blocks.concat(Blocks.STREAM_ID, bytes(0x00, 0x10)), COMPRESSION, 10,
                        "truncated chunk header")));
        l.add(Named.of("framed: data chunk shorter than its CRC",
                new Bad(FRAMED, Blocks.concat(Blocks.STREAM_ID, Blocks.chunk(0x00, new byte[3])), COMPRESSION, 10,
                        "shorter than its 4-byte checksum")));
        l.add(Named.of("framed: compressed chunk over 65536 bytes",
                new Bad(FRAMED, Blocks.concat(Blocks.STREAM_ID, Blocks.compressedChunk(
                        Blocks.exact().literal(new byte[65_537]).withExactPreamble(), new byte[65_537])),
                        COMPRESSION, 18, "more than the 65536 a chunk may hold")));
        l.add(Named.of("framed: uncompressed chunk over 65536 bytes",
                new Bad(FRAMED, Blocks.concat(Blocks.STREAM_ID, Blocks.uncompressedChunk(new byte[65_537])),
                        COMPRESSION, 10, "more than the 65536 a chunk may hold")));
        l.add(Named.of("framed: copy offset 0 inside a chunk (offset = chunk data + 4 + element)",
                new Bad(FRAMED, Blocks.concat(Blocks.STREAM_ID, Blocks.compressedChunk(abcdThenCopy1(8, 0), VALID_PLAIN)),
                        COMPRESSION, 18 + 6, "copy offset 0")));
        l.add(Named.of("framed: a copy may not reach into the previous chunk",
                new Bad(FRAMED, Blocks.concat(Blocks.STREAM_ID, chunk, Blocks.compressedChunk(
                        Blocks.declaring(4).copy1(4, 4).bytes(), "abcd".getBytes())),
                        COMPRESSION, 10 + chunk.length + 8 + 1, "before the start of the output")));
        l.add(Named.of("framed: chunk declaring 200 MiB",
                new Bad(FRAMED, Blocks.concat(Blocks.STREAM_ID, Blocks.compressedChunk(
                        Blocks.declaring(200 << 20).literal("ab").bytes(), new byte[0])),
                        COMPRESSION, 18, "more than the 65536")));
        l.add(Named.of("framed: chunk declaring 60000 bytes with 3 bytes of elements",
                new Bad(FRAMED, Blocks.concat(Blocks.STREAM_ID, Blocks.compressedChunk(
                        Blocks.declaring(60_000).literal("ab").bytes(), new byte[0])),
                        COMPRESSION, 18, "more than 3 bytes of Snappy elements can produce")));
        l.add(Named.of("framed: first error in payload order (bad CRC before an unknown chunk)",
                new Bad(FRAMED, Blocks.concat(Blocks.STREAM_ID, flip(chunk, 5), Blocks.chunk(0x03, new byte[0])),
                        COMPRESSION, 14, "checksum mismatch")));
        l.add(Named.of("framed: first error in payload order (bad element before a truncated header)",
                new Bad(FRAMED, Blocks.concat(Blocks.STREAM_ID, Blocks.compressedChunk(abcdThenCopy1(8, 5), VALID_PLAIN),
                        bytes(0x00)), COMPRESSION, 18 + 6, "before the start of the output")));
        byte[] sixtyK = new byte[60_000];
        l.add(Named.of("framed: chunk sizes summed against the limit",
                new Bad(FRAMED, Blocks.concat(Blocks.STREAM_ID, Blocks.uncompressedChunk(sixtyK),
                        Blocks.uncompressedChunk(sixtyK)), LIMIT, 10 + 60_008 + 4, "declared decompressed size 120000",
                        DecodeLimits.builder().maxDecompressedBytes(100_000).build())));
        l.add(Named.of("framed: limit wins over an earlier corrupt chunk (checked before allocating)",
                new Bad(FRAMED, Blocks.concat(Blocks.STREAM_ID, flip(Blocks.uncompressedChunk(sixtyK), 5),
                        Blocks.uncompressedChunk(sixtyK)), LIMIT, 10 + 60_008 + 4, "exceeds the limit",
                        DecodeLimits.builder().maxDecompressedBytes(100_000).build())));

        // ---- xerial
        byte[] xb = Blocks.xerialBlock(VALID);
        l.add(Named.of("xerial: empty payload", new Bad(XERIAL, new byte[0], COMPRESSION, 0, "missing snappy-java stream header")));
        l.add(Named.of("xerial: raw block without header",
                new Bad(XERIAL, VALID, COMPRESSION, 0, "missing snappy-java stream header")));
        l.add(Named.of("xerial: truncated header",
                new Bad(XERIAL, Arrays.copyOf(Blocks.XERIAL_HEADER, 12), COMPRESSION, 0, "truncated snappy-java stream header")));
        l.add(Named.of("xerial: truncated header of a concatenated stream",
                new Bad(XERIAL, Blocks.concat(Blocks.XERIAL_HEADER, xb, Arrays.copyOf(Blocks.XERIAL_HEADER, 9)),
                        COMPRESSION, 16 + xb.length, "truncated snappy-java stream header")));
        l.add(Named.of("xerial: truncated block length",
                new Bad(XERIAL, Blocks.concat(Blocks.XERIAL_HEADER, bytes(0, 0)), COMPRESSION, 16, "truncated block length")));
        l.add(Named.of("xerial: negative block length",
                new Bad(XERIAL, Blocks.concat(Blocks.XERIAL_HEADER, bytes(0x80, 0, 0, 0), VALID), COMPRESSION, 16,
                        "negative block length")));
        l.add(Named.of("xerial: block past the end",
                new Bad(XERIAL, Blocks.concat(Blocks.XERIAL_HEADER, Arrays.copyOf(xb, xb.length - 1)), COMPRESSION, 16,
                        "runs past the end of the payload")));
        l.add(Named.of("xerial: empty block", new Bad(XERIAL, Blocks.concat(Blocks.XERIAL_HEADER, bytes(0, 0, 0, 0)),
                COMPRESSION, 20, "truncated length preamble")));
        l.add(Named.of("xerial: copy before start in the second block",
                new Bad(XERIAL, Blocks.concat(Blocks.XERIAL_HEADER, xb, Blocks.xerialBlock(abcdThenCopy1(8, 5))),
                        COMPRESSION, 16 + xb.length + 4 + 6, "before the start of the output")));
        l.add(Named.of("xerial: block declaring 200 MiB",
                new Bad(XERIAL, Blocks.concat(Blocks.XERIAL_HEADER, Blocks.xerialBlock(
                        Blocks.declaring(200 << 20).literal("ab").bytes())), COMPRESSION, 20,
                        "more than 3 bytes of Snappy elements can produce")));
        l.add(Named.of("xerial: block declaring 4 GiB",
                new Bad(XERIAL, Blocks.concat(Blocks.XERIAL_HEADER, Blocks.xerialBlock(bytes(0xff, 0xff, 0xff, 0xff, 0x0f))),
                        LIMIT, 20, "exceeds the limit")));
        byte[] lit600 = Blocks.xerialBlock(Blocks.exact().literal(new byte[600]).withExactPreamble());
        l.add(Named.of("xerial: block sizes summed against the limit",
                new Bad(XERIAL, Blocks.concat(Blocks.XERIAL_HEADER, lit600, Blocks.XERIAL_HEADER, lit600), LIMIT,
                        16 + lit600.length + 16 + 4, "declared decompressed size 1200",
                        DecodeLimits.builder().maxDecompressedBytes(1000).build())));
        return l;
    }

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        for (var d : Decompressors.all()) {
            for (var b : bad()) {
                list.add(Arguments.of(d, b));
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void rejectsWithExactOffset(Supplier<BlockDecompressor> d, Bad bad) {
        for (ContainerFormat f : new ContainerFormat[] {bad.format(), ContainerFormat.AUTO}) {
            if (f == ContainerFormat.AUTO && SnappyContainer.detect(bad.payload(), 0, bad.payload().length) != bad.format()) {
                continue; // AUTO reads it as another format: a different error, tested there
            }
            PromsnapException e = Outcomes.failure(d.get(), f, bad.limits(), bad.payload());
            assertThat(e.category()).as("%s", e).isEqualTo(bad.category());
            assertThat(e.region()).isEqualTo(PromsnapException.Region.COMPRESSED);
            assertThat(e.offset()).as("%s", e).isEqualTo(bad.offset());
            assertThat(e.sampleIndex()).isEqualTo(-1);
            assertThat(e.reason()).contains(bad.reason());
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void sameResultAtAnOffsetInsideALargerArray(Supplier<BlockDecompressor> d, Bad bad) {
        byte[] wrapped = Blocks.concat(new byte[] {(byte) 0xff, 0x06, 0x00}, bad.payload(), bytes(0x00, 0x01));
        SnappyContainer c = new SnappyContainer(d.get()::decompressBlock, bad.format(), bad.limits());
        PromsnapException e = org.junit.jupiter.api.Assertions.assertThrows(PromsnapException.class,
                () -> c.decompress(wrapped, 3, bad.payload().length));
        assertThat(e.offset()).isEqualTo(bad.offset());
        assertThat(e.category()).isEqualTo(bad.category());
    }

    static byte[] bytes(int... b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = (byte) b[i];
        }
        return r;
    }

    static byte[] flip(byte[] a, int at) {
        byte[] c = a.clone();
        c[at] ^= 0x40;
        return c;
    }
}
