package io.promsnap.internal.snappy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32C;

/** Hand-made Snappy blocks, framed chunks and snappy-java streams, byte by byte, for tests. */
final class Blocks {
    private final ByteArrayOutputStream b = new ByteArrayOutputStream();
    /** What the elements produce, by the obvious byte-at-a-time reading of the format; null once invalid. */
    private ByteArrayOutputStream expected = new ByteArrayOutputStream();

    private Blocks() {
    }

    /** A block whose preamble declares {@code declared} bytes; elements follow. */
    static Blocks declaring(long declared) {
        Blocks x = new Blocks();
        x.varint(declared);
        return x;
    }

    Blocks varint(long v) {
        while (v >= 0x80) {
            b.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        b.write((int) v);
        return this;
    }

    Blocks raw(int... bytes) {
        for (int x : bytes) {
            b.write(x);
        }
        return this;
    }

    /** A literal element; uses the 1..4-byte length forms when the length needs them. */
    Blocks literal(byte[] data) {
        int n = data.length - 1;
        if (n < 60) {
            b.write(n << 2);
            b.write(data, 0, data.length);
            if (expected != null) {
                expected.write(data, 0, data.length);
            }
            return this;
        }
        return literal(data, n < (1 << 8) ? 1 : n < (1 << 16) ? 2 : n < (1 << 24) ? 3 : 4);
    }

    /** A literal whose length is written in {@code extra} (1..4) bytes, canonical or not. */
    Blocks literal(byte[] data, int extra) {
        int n = data.length - 1;
        b.write((59 + extra) << 2);
        for (int i = 0; i < extra; i++) {
            b.write(n >>> (8 * i));
        }
        b.write(data, 0, data.length);
        if (expected != null) {
            expected.write(data, 0, data.length);
        }
        return this;
    }

    Blocks literal(String ascii) {
        return literal(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Copy with a 1-byte offset: length 4..11, offset 0..2047. */
    Blocks copy1(int offset, int length) {
        if (length < 4 || length > 11 || offset > 2047) {
            throw new IllegalArgumentException();
        }
        b.write(1 | (length - 4) << 2 | (offset >>> 8) << 5);
        b.write(offset);
        return expect(offset, length);
    }

    private Blocks expect(long offset, int length) {
        if (expected == null) {
            return this;
        }
        byte[] sofar = expected.toByteArray();
        if (offset == 0 || offset > sofar.length) {
            expected = null; // invalid on purpose: an error test
            return this;
        }
        byte[] all = java.util.Arrays.copyOf(sofar, sofar.length + length);
        for (int i = sofar.length; i < all.length; i++) {
            all[i] = all[(int) (i - offset)]; // byte at a time: overlapping copies repeat the pattern
        }
        expected.write(all, sofar.length, length);
        return this;
    }

    /** What a correct decoder must produce for the elements written so far. */
    byte[] expected() {
        if (expected == null) {
            throw new IllegalStateException("the block is invalid on purpose");
        }
        return expected.toByteArray();
    }

    /** The block with its preamble declaring exactly what the elements produce. */
    static Blocks exact() {
        return new Blocks();
    }

    /** The elements written so far, behind a preamble declaring what they produce. */
    byte[] withExactPreamble() {
        byte[] elements = b.toByteArray();
        Blocks p = new Blocks();
        p.varint(expected().length);
        return concat(p.b.toByteArray(), elements);
    }

    /** Copy with a 2-byte offset: length 1..64. */
    Blocks copy2(int offset, int length) {
        b.write(2 | (length - 1) << 2);
        b.write(offset);
        b.write(offset >>> 8);
        return expect(offset, length);
    }

    /** Copy with a 4-byte offset: length 1..64. */
    Blocks copy4(long offset, int length) {
        b.write(3 | (length - 1) << 2);
        for (int i = 0; i < 4; i++) {
            b.write((int) (offset >>> (8 * i)));
        }
        return expect(offset, length);
    }

    byte[] bytes() {
        return b.toByteArray();
    }

    // ------------------------------------------------------------------ containers

    static final byte[] STREAM_ID = {(byte) 0xff, 6, 0, 0, 's', 'N', 'a', 'P', 'p', 'Y'};
    static final byte[] XERIAL_HEADER = {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1};

    static int maskedCrc(byte[] data) {
        CRC32C c = new CRC32C();
        c.update(data);
        int crc = (int) c.getValue();
        return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    }

    /** A framing-format chunk: type, 3-byte LE length, body. */
    static byte[] chunk(int type, byte[] body) {
        byte[] c = new byte[4 + body.length];
        c[0] = (byte) type;
        c[1] = (byte) body.length;
        c[2] = (byte) (body.length >>> 8);
        c[3] = (byte) (body.length >>> 16);
        System.arraycopy(body, 0, c, 4, body.length);
        return c;
    }

    /** A compressed-data chunk (0x00) holding {@code block}, whose uncompressed data is {@code plain}. */
    static byte[] compressedChunk(byte[] block, byte[] plain) {
        return chunk(0x00, concat(le32(maskedCrc(plain)), block));
    }

    static byte[] uncompressedChunk(byte[] plain) {
        return chunk(0x01, concat(le32(maskedCrc(plain)), plain));
    }

    /** A snappy-java stream block: int32 BE length, then the raw block. */
    static byte[] xerialBlock(byte[] block) {
        return concat(new byte[] {(byte) (block.length >>> 24), (byte) (block.length >>> 16),
                (byte) (block.length >>> 8), (byte) block.length}, block);
    }

    static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.write(p, 0, p.length);
        }
        return o.toByteArray();
    }

    static byte[] random(long seed, int n) {
        byte[] r = new byte[n];
        new Random(seed).nextBytes(r);
        return r;
    }

    /** Realistic delivery JSON: {@code n} samples with a few repeating label sets. */
    static byte[] samplesJson(long seed, int n) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(n * 240).append('[');
        String[] names = {"up", "node_cpu_seconds_total", "container_memory_working_set_bytes", "go_goroutines"};
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"__name__\":\"").append(names[r.nextInt(names.length)])
                    .append("\",\"job\":\"kubernetes-pods\",\"namespace\":\"ns-").append(r.nextInt(20))
                    .append("\",\"pod\":\"app-").append(Integer.toHexString(r.nextInt()))
                    .append("\",\"regionId\":\"cn-hangzhou\",\"value\":\"").append(r.nextInt(100_000) / 10.0)
                    .append("\",\"timestamp\":\"").append(1698732988354L + i * 15_000L).append("\"}");
        }
        return sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }
}
