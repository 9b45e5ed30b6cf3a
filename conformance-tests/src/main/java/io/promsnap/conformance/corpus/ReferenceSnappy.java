package io.promsnap.conformance.corpus;

import io.promsnap.ContainerFormat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The generator's own reading of docs/format.md section 1: a strict, slow decompressor for the three
 * containers. The generator uses it to check its own cases (every case that expects samples must
 * decompress to the JSON it wrote; every COMPRESSION case must fail here), and the fuzz tests compare the
 * decoders' decompression with it. It never decides an expected output on its own.
 */
public final class ReferenceSnappy {
    /** Why a payload is not valid, with the category docs/format.md gives it (COMPRESSION or LIMIT). */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        public final boolean limit;

        Invalid(String message, boolean limit) {
            super(message, null, false, false);
            this.limit = limit;
        }
    }

    private final long maxDecompressedBytes;

    public ReferenceSnappy(long maxDecompressedBytes) {
        this.maxDecompressedBytes = maxDecompressedBytes;
    }

    public byte[] decompress(byte[] in, ContainerFormat format) throws Invalid {
        ContainerFormat f = format;
        if (f == ContainerFormat.AUTO) {
            f = startsWith(in, 0, Containers.FRAMED_STREAM_ID) ? ContainerFormat.FRAMED
                    : startsWith(in, 0, Containers.XERIAL_MAGIC) ? ContainerFormat.XERIAL : ContainerFormat.RAW;
        }
        return switch (f) {
            case RAW -> {
                long declared = preamble(in, 0, in.length)[0];
                checkLimit(declared);
                yield block(in, 0, in.length);
            }
            case FRAMED -> framed(in);
            case XERIAL -> xerial(in);
            case AUTO -> throw new AssertionError();
        };
    }

    private void checkLimit(long total) throws Invalid {
        if (total > maxDecompressedBytes) {
            throw new Invalid("declared " + total + " bytes exceed the limit", true);
        }
    }

    private static boolean startsWith(byte[] in, int at, byte[] magic) {
        return in.length - at >= magic.length && Arrays.equals(in, at, at + magic.length, magic, 0, magic.length);
    }

    /** {declared length, preamble size}. */
    static long[] preamble(byte[] in, int off, int len) throws Invalid {
        long v = 0;
        for (int i = 0; i < 5; i++) {
            if (i >= len) {
                throw new Invalid("truncated preamble", false);
            }
            int b = in[off + i] & 0xFF;
            v |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (v > 0xFFFF_FFFFL) {
                    throw new Invalid("preamble exceeds 32 bits", false);
                }
                return new long[] {v, i + 1};
            }
        }
        throw new Invalid("preamble longer than 5 bytes", false);
    }

    /** Decompresses one raw block (preamble included) that occupies exactly {@code in[off, off+len)}. */
    static byte[] block(byte[] in, int off, int len) throws Invalid {
        long[] p = preamble(in, off, len);
        long declared = p[0];
        int elements = len - (int) p[1];
        if (declared > (long) elements * 22 + 64) {
            throw new Invalid("declared length implausible", false);
        }
        byte[] out = new byte[(int) declared];
        int o = 0;
        int i = off + (int) p[1];
        int end = off + len;
        while (i < end) {
            int tag = in[i++] & 0xFF;
            int type = tag & 3;
            if (type == 0) {
                long n = tag >>> 2;
                if (n >= 60) {
                    int extra = (int) n - 59;
                    if (end - i < extra) {
                        throw new Invalid("truncated literal length", false);
                    }
                    n = 0;
                    for (int k = 0; k < extra; k++) {
                        n |= (long) (in[i + k] & 0xFF) << (8 * k);
                    }
                    i += extra;
                }
                n += 1;
                if (n > end - i) {
                    throw new Invalid("literal runs past the input", false);
                }
                if (n > out.length - o) {
                    throw new Invalid("literal runs past the declared length", false);
                }
                System.arraycopy(in, i, out, o, (int) n);
                i += (int) n;
                o += (int) n;
            } else {
                int n;
                long offset;
                if (type == 1) {
                    if (end - i < 1) {
                        throw new Invalid("truncated copy", false);
                    }
                    n = ((tag >>> 2) & 7) + 4;
                    offset = ((tag >>> 5) << 8) | (in[i++] & 0xFF);
                } else if (type == 2) {
                    if (end - i < 2) {
                        throw new Invalid("truncated copy", false);
                    }
                    n = (tag >>> 2) + 1;
                    offset = (in[i] & 0xFF) | (in[i + 1] & 0xFF) << 8;
                    i += 2;
                } else {
                    if (end - i < 4) {
                        throw new Invalid("truncated copy", false);
                    }
                    n = (tag >>> 2) + 1;
                    offset = (in[i] & 0xFFL) | (in[i + 1] & 0xFFL) << 8 | (in[i + 2] & 0xFFL) << 16
                            | (in[i + 3] & 0xFFL) << 24;
                    i += 4;
                }
                if (offset == 0 || offset > o) {
                    throw new Invalid("bad copy offset " + offset, false);
                }
                if (n > out.length - o) {
                    throw new Invalid("copy runs past the declared length", false);
                }
                for (int k = 0; k < n; k++) {
                    out[o] = out[o - (int) offset];
                    o++;
                }
            }
        }
        if (o != out.length) {
            throw new Invalid("block produced " + o + " of " + out.length + " declared bytes", false);
        }
        return out;
    }

    private byte[] framed(byte[] in) throws Invalid {
        // limit first, over the whole stream, before anything else: as docs/format.md orders it
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long total = 0;
        Invalid structural = null;
        boolean seenId = false;
        int p = 0;
        while (p < in.length) {
            if (in.length - p < 4) {
                structural = new Invalid("truncated chunk header", false);
                break;
            }
            int type = in[p] & 0xFF;
            int clen = (in[p + 1] & 0xFF) | (in[p + 2] & 0xFF) << 8 | (in[p + 3] & 0xFF) << 16;
            int data = p + 4;
            if (!seenId && type != 0xFF) {
                structural = new Invalid("missing stream identifier", false);
                break;
            }
            if (clen > in.length - data) {
                structural = new Invalid("chunk past the end", false);
                break;
            }
            if (type == 0xFF) {
                if (!startsWith(in, p, Containers.FRAMED_STREAM_ID)) {
                    structural = new Invalid("bad stream identifier", false);
                    break;
                }
                seenId = true;
            } else if (type == 0x00 || type == 0x01) {
                if (clen < 4) {
                    structural = new Invalid("chunk shorter than its checksum", false);
                    break;
                }
                long n;
                if (type == 0x00) {
                    try {
                        n = preamble(in, data + 4, clen - 4)[0];
                    } catch (Invalid e) {
                        structural = e;
                        break;
                    }
                } else {
                    n = clen - 4;
                }
                if (n > 65536) {
                    structural = new Invalid("chunk holds more than 65536 bytes", false);
                    break;
                }
                total += n;
                checkLimit(total);
            } else if (type < 0x80) {
                structural = new Invalid("unskippable chunk", false);
                break;
            }
            p = data + clen;
        }
        if (structural == null && !seenId) {
            structural = new Invalid("missing stream identifier", false);
        }
        // second pass: decompress and check CRCs up to where the structure broke
        int stop = p;
        p = 0;
        while (p < stop) {
            int type = in[p] & 0xFF;
            int clen = (in[p + 1] & 0xFF) | (in[p + 2] & 0xFF) << 8 | (in[p + 3] & 0xFF) << 16;
            int data = p + 4;
            if (type == 0x00 || type == 0x01) {
                byte[] chunk = type == 0x00 ? block(in, data + 4, clen - 4) : Arrays.copyOfRange(in, data + 4, data + clen);
                int crc = (in[data] & 0xFF) | (in[data + 1] & 0xFF) << 8 | (in[data + 2] & 0xFF) << 16
                        | (in[data + 3] & 0xFF) << 24;
                if (crc != Containers.maskedCrc(chunk, 0, chunk.length)) {
                    throw new Invalid("checksum mismatch", false);
                }
                out.writeBytes(chunk);
            }
            p = data + clen;
        }
        if (structural != null) {
            throw structural;
        }
        return out.toByteArray();
    }

    private byte[] xerial(byte[] in) throws Invalid {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!startsWith(in, 0, Containers.XERIAL_MAGIC)) {
            throw new Invalid("missing header", false);
        }
        long total = 0;
        Invalid structural = null;
        int p = 0;
        while (p < in.length) {
            if (startsWith(in, p, Containers.XERIAL_MAGIC)) {
                if (in.length - p < 16) {
                    structural = new Invalid("truncated header", false);
                    break;
                }
                p += 16;
                continue;
            }
            if (in.length - p < 4) {
                structural = new Invalid("truncated block length", false);
                break;
            }
            int blen = (in[p] & 0xFF) << 24 | (in[p + 1] & 0xFF) << 16 | (in[p + 2] & 0xFF) << 8 | (in[p + 3] & 0xFF);
            if (blen < 0 || blen > in.length - p - 4) {
                structural = new Invalid("block length out of range", false);
                break;
            }
            try {
                total += preamble(in, p + 4, blen)[0];
            } catch (Invalid e) {
                structural = e;
                break;
            }
            checkLimit(total);
            p += 4 + blen;
        }
        int stop = p;
        p = 0;
        while (p < stop) {
            if (startsWith(in, p, Containers.XERIAL_MAGIC)) {
                p += 16;
                continue;
            }
            int blen = (in[p] & 0xFF) << 24 | (in[p + 1] & 0xFF) << 16 | (in[p + 2] & 0xFF) << 8 | (in[p + 3] & 0xFF);
            out.writeBytes(block(in, p + 4, blen));
            p += 4 + blen;
        }
        if (structural != null) {
            throw structural;
        }
        return out.toByteArray();
    }
}
