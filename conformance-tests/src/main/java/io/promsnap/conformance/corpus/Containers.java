package io.promsnap.conformance.corpus;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32C;

/**
 * Writers for the two stream containers (docs/format.md section 1), written from the format
 * descriptions, not from any library, so that the corpus can hold chunk sequences libraries never write:
 * tiny chunks that split a UTF-8 character, padding and skippable chunks, repeated stream identifiers,
 * uncompressed chunks, concatenated snappy-java streams.
 */
public final class Containers {
    public static final byte[] FRAMED_STREAM_ID = {(byte) 0xff, 6, 0, 0, 's', 'N', 'a', 'P', 'p', 'Y'};
    public static final byte[] XERIAL_MAGIC = {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};

    private Containers() {
    }

    /** The framing format's masked CRC-32C of {@code data[off, off+len)}. */
    public static int maskedCrc(byte[] data, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(data, off, len);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + 0xa282ead8;
    }

    /** Builds a framing-format stream chunk by chunk. */
    public static final class Framed {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public Framed streamId() {
            out.writeBytes(FRAMED_STREAM_ID);
            return this;
        }

        /** A compressed data chunk (type 0x00) of {@code data[off, off+len)}. */
        public Framed compressed(byte[] data, int off, int len, SnappyEncoder.Shape shape) {
            byte[] slice = java.util.Arrays.copyOfRange(data, off, off + len);
            return chunk(0x00, maskedCrc(data, off, len), SnappyEncoder.compress(slice, shape));
        }

        /** An uncompressed data chunk (type 0x01). */
        public Framed uncompressed(byte[] data, int off, int len) {
            return chunk(0x01, maskedCrc(data, off, len), java.util.Arrays.copyOfRange(data, off, off + len));
        }

        /** A data chunk with the given checksum and body (for corrupt chunks). */
        public Framed chunk(int type, int crc, byte[] body) {
            header(type, body.length + 4);
            for (int i = 0; i < 4; i++) {
                out.write(crc >>> (8 * i));
            }
            out.writeBytes(body);
            return this;
        }

        /** A chunk without checksum: padding (0xfe), skippable (0x80-0xfd) or reserved types. */
        public Framed plain(int type, byte[] body) {
            header(type, body.length);
            out.writeBytes(body);
            return this;
        }

        public Framed header(int type, int length) {
            out.write(type);
            out.write(length);
            out.write(length >>> 8);
            out.write(length >>> 16);
            return this;
        }

        public Framed bytes(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        public byte[] toByteArray() {
            return out.toByteArray();
        }

        /** The whole of {@code data} as compressed chunks of at most {@code chunkSize} bytes. */
        public static byte[] of(byte[] data, int chunkSize, SnappyEncoder.Shape shape) {
            Framed f = new Framed().streamId();
            for (int off = 0; off < data.length; off += chunkSize) {
                f.compressed(data, off, Math.min(chunkSize, data.length - off), shape);
            }
            return f.toByteArray();
        }
    }

    /** Builds a snappy-java {@code SnappyOutputStream} stream block by block. */
    public static final class Xerial {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        /** The 16-byte header: magic, version, compatible version (both 1 as snappy-java writes them). */
        public Xerial header() {
            return header(1, 1);
        }

        public Xerial header(int version, int compatible) {
            out.writeBytes(XERIAL_MAGIC);
            int32(version);
            int32(compatible);
            return this;
        }

        public Xerial block(byte[] data, int off, int len, SnappyEncoder.Shape shape) {
            return rawBlock(SnappyEncoder.compress(java.util.Arrays.copyOfRange(data, off, off + len), shape));
        }

        /** A length-prefixed block with the given raw Snappy bytes. */
        public Xerial rawBlock(byte[] block) {
            int32(block.length);
            out.writeBytes(block);
            return this;
        }

        public Xerial int32(int v) {
            out.write(v >>> 24);
            out.write(v >>> 16);
            out.write(v >>> 8);
            out.write(v);
            return this;
        }

        public Xerial bytes(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        public byte[] toByteArray() {
            return out.toByteArray();
        }

        public static byte[] of(byte[] data, int blockSize, SnappyEncoder.Shape shape) {
            Xerial x = new Xerial().header();
            for (int off = 0; off < data.length; off += blockSize) {
                x.block(data, off, Math.min(blockSize, data.length - off), shape);
            }
            return x.toByteArray();
        }
    }
}
