package io.promsnap.internal.snappy;

import io.promsnap.ContainerFormat;
import org.junit.jupiter.api.Named;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyFramedOutputStream;
import org.xerial.snappy.SnappyOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/** The compressors and containers a payload can come from, each with the format that reads it. */
final class Encoders {
    private Encoders() {
    }

    interface Encoder {
        byte[] encode(byte[] plain) throws IOException;

        ContainerFormat format();
    }

    private record E(ContainerFormat format, ThrowingEncoder f) implements Encoder {
        @Override
        public byte[] encode(byte[] plain) throws IOException {
            return f.encode(plain);
        }
    }

    private interface ThrowingEncoder {
        byte[] encode(byte[] plain) throws IOException;
    }

    static List<Named<Encoder>> all() {
        return List.of(
                Named.of("snappy-java Snappy.compress (raw)", new E(ContainerFormat.RAW, Snappy::compress)),
                Named.of("aircompressor SnappyCompressor (raw)", new E(ContainerFormat.RAW, Encoders::aircompressorRaw)),
                Named.of("snappy-java SnappyFramedOutputStream", new E(ContainerFormat.FRAMED,
                        p -> stream(p, SnappyFramedOutputStream::new))),
                Named.of("aircompressor SnappyFramedOutputStream", new E(ContainerFormat.FRAMED,
                        p -> stream(p, io.airlift.compress.snappy.SnappyFramedOutputStream::new))),
                Named.of("framed, every chunk uncompressed (0x01), with padding and skippable chunks",
                        new E(ContainerFormat.FRAMED, Encoders::framedUncompressedWithPadding)),
                Named.of("snappy-java SnappyOutputStream (xerial)", new E(ContainerFormat.XERIAL,
                        p -> stream(p, SnappyOutputStream::new))),
                Named.of("snappy-java SnappyOutputStream, 1 KiB blocks", new E(ContainerFormat.XERIAL,
                        p -> stream(p, o -> new SnappyOutputStream(o, 1024)))),
                Named.of("two concatenated SnappyOutputStreams", new E(ContainerFormat.XERIAL, Encoders::xerialTwice)),
                Named.of("two concatenated framed streams", new E(ContainerFormat.FRAMED, Encoders::framedTwice)));
    }

    static byte[] aircompressorRaw(byte[] plain) {
        io.airlift.compress.snappy.SnappyCompressor c = new io.airlift.compress.snappy.SnappyCompressor();
        byte[] out = new byte[c.maxCompressedLength(plain.length)];
        int n = c.compress(plain, 0, plain.length, out, 0, out.length);
        return Arrays.copyOf(out, n);
    }

    interface StreamFactory {
        OutputStream open(OutputStream sink) throws IOException;
    }

    static byte[] stream(byte[] plain, StreamFactory f) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream o = f.open(sink)) {
            // odd write sizes so that chunks do not line up with the writes
            for (int i = 0; i < plain.length; i += 7777) {
                o.write(plain, i, Math.min(7777, plain.length - i));
            }
        }
        return sink.toByteArray();
    }

    private static byte[] xerialTwice(byte[] plain) throws IOException {
        int half = plain.length / 2;
        return Blocks.concat(stream(Arrays.copyOfRange(plain, 0, half), SnappyOutputStream::new),
                stream(Arrays.copyOfRange(plain, half, plain.length), SnappyOutputStream::new));
    }

    private static byte[] framedTwice(byte[] plain) throws IOException {
        int half = plain.length / 2;
        return Blocks.concat(stream(Arrays.copyOfRange(plain, 0, half), SnappyFramedOutputStream::new),
                stream(Arrays.copyOfRange(plain, half, plain.length), SnappyFramedOutputStream::new));
    }

    private static byte[] framedUncompressedWithPadding(byte[] plain) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(Blocks.STREAM_ID);
        o.writeBytes(Blocks.chunk(0xfe, new byte[3]));
        for (int i = 0; i < plain.length; i += 65_536) {
            o.writeBytes(Blocks.uncompressedChunk(Arrays.copyOfRange(plain, i, Math.min(plain.length, i + 65_536))));
            o.writeBytes(Blocks.chunk(0x80 + i % 0x7e, new byte[i % 5]));
            o.writeBytes(Blocks.STREAM_ID); // repeated stream identifiers are allowed
        }
        o.writeBytes(Blocks.chunk(0xfd, new byte[0]));
        return o.toByteArray();
    }

    static byte[] unchecked(Encoder e, byte[] plain) {
        try {
            return e.encode(plain);
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }
}
