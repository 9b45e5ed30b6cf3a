package io.promsnap.traffic.encode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

import io.promsnap.ContainerFormat;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyFramedOutputStream;
import org.xerial.snappy.SnappyOutputStream;

/**
 * Compresses a batch's JSON with snappy-java into the chosen container: {@link ContainerFormat#RAW} (a raw
 * Snappy block, what {@code Snappy.uncompress(byte[])} reads: the vendor's format and the default),
 * {@link ContainerFormat#FRAMED} (the Snappy framing format) or {@link ContainerFormat#XERIAL}
 * ({@code SnappyOutputStream}). Not thread-safe (reuses a scratch buffer).
 */
public final class PayloadCompressor {
    private final ContainerFormat format;
    private byte[] scratch = new byte[0];

    public PayloadCompressor(ContainerFormat format) {
        if (format == ContainerFormat.AUTO) {
            throw new IllegalArgumentException("AUTO is a decoder setting; choose RAW, FRAMED or XERIAL to write");
        }
        this.format = format;
    }

    public ContainerFormat format() {
        return format;
    }

    /** A new array holding {@code in[off, off+len)} compressed. */
    public byte[] compress(byte[] in, int off, int len) {
        try {
            switch (format) {
                case RAW: {
                    int max = Snappy.maxCompressedLength(len);
                    if (scratch.length < max) {
                        scratch = new byte[max];
                    }
                    int n = Snappy.compress(in, off, len, scratch, 0);
                    return Arrays.copyOf(scratch, n);
                }
                case FRAMED: {
                    ByteArrayOutputStream bos = new ByteArrayOutputStream(len / 4 + 64);
                    try (OutputStream out = new SnappyFramedOutputStream(bos)) {
                        out.write(in, off, len);
                    }
                    return bos.toByteArray();
                }
                case XERIAL: {
                    ByteArrayOutputStream bos = new ByteArrayOutputStream(len / 4 + 64);
                    try (OutputStream out = new SnappyOutputStream(bos)) {
                        out.write(in, off, len);
                    }
                    return bos.toByteArray();
                }
                default:
                    throw new IllegalStateException(format.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("snappy compression failed", e);
        }
    }
}
