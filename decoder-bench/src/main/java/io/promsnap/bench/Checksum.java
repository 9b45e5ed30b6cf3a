package io.promsnap.bench;

import io.promsnap.Sample;
import io.promsnap.SampleView;
import io.promsnap.SampleVisitor;
import io.promsnap.Utf8View;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The sink every benchmark workload feeds: it touches every sample's name, each label key and value,
 * the value and the timestamp, and folds them into a checksum that the benchmark returns (so JMH's
 * Blackhole consumes it and the JIT cannot drop the work).
 *
 * <p>Each string contributes its length and its first and last unit, not a hash of all its bytes: a
 * byte-by-byte hash would cost more than the fastest decoder's parsing and hide the differences
 * between decoders. Locating a string's bounds is exactly the work a decoder must do, so this still
 * forces it. Strings are measured in their native form: UTF-8 bytes for the visitor API's
 * {@link Utf8View}s ({@link Kind#BYTES}), UTF-16 chars for {@code String}s ({@link Kind#STRINGS}); the
 * expected values of both kinds are computed from the corpus model by {@link #expected}.
 * Not thread-safe; one per benchmark thread.
 */
public final class Checksum implements SampleVisitor {

    /** How a workload sees strings, and so which expected checksum it must match. */
    public enum Kind {
        /** {@link Utf8View}s: UTF-8 byte length, first and last byte. */
        BYTES,
        /** {@code String}s: char length, first and last char. */
        STRINGS,
        /** Decompression or validation only: no samples; byte counts and a few bytes of the output. */
        RAW_BYTES
    }

    private static final long M = 0x9E3779B97F4A7C15L;

    /** Samples seen since {@link #reset()}. */
    public long samples;
    /** The checksum since {@link #reset()}. */
    public long hash;

    public void reset() {
        samples = 0;
        hash = 0;
    }

    /** The value returned to JMH. */
    public long result() {
        return hash ^ samples;
    }

    @Override
    public void onSample(SampleView s) {
        long h = bytes(s.name());
        for (int i = 0, n = s.labelCount(); i < n; i++) {
            h = h * 31 + bytes(s.labelKey(i));
            h = h * 31 + bytes(s.labelValue(i));
        }
        end(h, s.value(), s.timestampMillis());
    }

    /** A sample given as {@code String}s (the convenience API and the naive references). */
    public void onSample(Sample s) {
        long h = chars(s.name());
        for (Map.Entry<String, String> e : s.labels().entrySet()) {
            h = h * 31 + chars(e.getKey());
            h = h * 31 + chars(e.getValue());
        }
        end(h, s.value(), s.timestampMillis());
    }

    /** Streaming form for references that never build a {@code Sample}: start, labels, then end. */
    public static long startChars(String name) {
        return chars(name);
    }

    public static long labelChars(long h, String key, String value) {
        return (h * 31 + chars(key)) * 31 + chars(value);
    }

    /** Ends one sample whose strings were folded into {@code h}. */
    public void end(long h, double value, long timestamp) {
        samples++;
        hash = (hash ^ h ^ Double.doubleToLongBits(value) * M ^ Long.rotateLeft(timestamp, 29)) * M;
    }

    /** Decompress-only and validate-only rows: {@code n} bytes produced into {@code out}. */
    public void bytesProduced(byte[] out, int n) {
        long t = n == 0 ? 0 : ((long) (out[0] & 0xff) << 40 | (long) (out[n >>> 1] & 0xff) << 32
                | (long) (out[n - 1] & 0xff) << 24);
        hash = (hash ^ t ^ n) * M;
    }

    static long bytes(Utf8View v) {
        int n = v.length();
        if (n == 0) {
            return 0;
        }
        byte[] a = v.array();
        int o = v.offset();
        return token(n, a[o] & 0xff, a[o + n - 1] & 0xff);
    }

    static long chars(String s) {
        int n = s.length();
        return n == 0 ? 0 : token(n, s.charAt(0), s.charAt(n - 1));
    }

    private static long token(int length, int first, int last) {
        return (long) length << 32 | (long) first << 16 | last;
    }

    // ------------------------------------------------------------------ expected values

    /** What a workload of this kind must compute for these samples (one payload after another). */
    public static long expected(Kind kind, List<List<Sample>> payloads, List<byte[]> jsonOfPayloads) {
        Checksum c = new Checksum();
        if (kind == Kind.RAW_BYTES) {
            for (byte[] j : jsonOfPayloads) {
                c.bytesProduced(j, j.length);
            }
            return c.result();
        }
        for (List<Sample> payload : payloads) {
            for (Sample s : payload) {
                if (kind == Kind.STRINGS) {
                    c.onSample(s);
                } else {
                    long h = utf8(s.name());
                    for (Map.Entry<String, String> e : s.labels().entrySet()) {
                        h = h * 31 + utf8(e.getKey());
                        h = h * 31 + utf8(e.getValue());
                    }
                    c.end(h, s.value(), s.timestampMillis());
                }
            }
        }
        return c.result();
    }

    private static long utf8(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return b.length == 0 ? 0 : token(b.length, b[0] & 0xff, b[b.length - 1] & 0xff);
    }
}
