package io.promsnap.traffic.encode;

import java.util.Arrays;

import io.promsnap.traffic.Series;

/**
 * Writes one batch as a JSON array of sample objects into a reused, growing byte buffer:
 * <code>[{"__name__":"up","job":"x","value":"675.0","timestamp":"1698732988354"},…]</code>.
 * Names and labels come pre-escaped from {@link Series#jsonPrefix()}; per sample only the value and
 * timestamp are formatted (the timestamp only when it differs from the previous sample's). Values and
 * timestamps are JSON strings (as the vendor's example) or JSON numbers; NaN and infinities are always
 * strings because JSON has no token for them. Not thread-safe.
 */
public final class JsonBatchWriter {
    private static final byte[] TS_STRING = ",\"timestamp\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] TS_NUMBER = ",\"timestamp\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final ValueSpelling spelling;
    private final boolean quoted;
    private byte[] buf = new byte[64 * 1024];
    private int pos;
    private int samples;
    private boolean finished;
    /**
     * The last sample's timestamp and its ASCII tail (<code>,"timestamp":"…"}</code>, quoted or not): a scrape gives all
     * of a target's series one timestamp, so 98.5% of the bundled corpus' samples repeat the previous one's and
     * cost a copy instead of 13 digit divisions.
     */
    private long tailTs;
    private final byte[] tail = new byte[TS_STRING.length + ValueFormat.MAX_LENGTH + 2];
    private int tailLen;

    /**
     * @param spelling how values are spelled
     * @param quoted   values and timestamps as JSON strings ({@code true}, the seed's way) or numbers
     */
    public JsonBatchWriter(ValueSpelling spelling, boolean quoted) {
        this.spelling = spelling;
        this.quoted = quoted;
        formatTail(0); // a valid tail from the start, so the hot path tests the timestamp only
        reset();
    }

    /** Starts a new, empty batch (the buffer is reused). */
    public void reset() {
        buf[0] = '[';
        pos = 1;
        samples = 0;
        finished = false;
    }

    /** Appends one sample. */
    public void add(Series series, double value, long timestampMillis) {
        if (finished) {
            throw new IllegalStateException("batch is finished; reset() first");
        }
        byte[] prefix = series.jsonPrefix();
        ensure(prefix.length + 2 * ValueFormat.MAX_LENGTH + 24);
        byte[] b = buf;
        int p = pos;
        if (samples > 0) {
            b[p++] = ',';
        }
        System.arraycopy(prefix, 0, b, p, prefix.length);
        p += prefix.length;
        boolean q = quoted || !Double.isFinite(value);
        if (q) {
            b[p++] = '"';
        }
        p = ValueFormat.append(spelling, b, p, value);
        if (q) {
            b[p++] = '"';
        }
        if (timestampMillis != tailTs) {
            formatTail(timestampMillis);
        }
        System.arraycopy(tail, 0, b, p, tailLen);
        p += tailLen;
        pos = p;
        samples++;
    }

    private void formatTail(long timestampMillis) {
        byte[] ts = quoted ? TS_STRING : TS_NUMBER;
        System.arraycopy(ts, 0, tail, 0, ts.length);
        int p = ValueFormat.appendLong(tail, ts.length, timestampMillis);
        if (quoted) {
            tail[p++] = '"';
        }
        tail[p++] = '}';
        tailLen = p;
        tailTs = timestampMillis;
    }

    /** A position to {@link #rollback} to, taken before an {@link #add}. */
    public long mark() {
        return ((long) samples << 32) | pos;
    }

    /** Removes the samples added since {@code mark}. */
    public void rollback(long mark) {
        pos = (int) mark;
        samples = (int) (mark >>> 32);
        finished = false;
    }

    /** Closes the array; the JSON is then {@code buffer()[0, length())}. Idempotent. */
    public void finish() {
        if (!finished) {
            ensure(1);
            buf[pos++] = ']';
            finished = true;
        }
    }

    /** Bytes written so far, including the closing bracket once finished. */
    public int length() {
        return pos;
    }

    /** Length the batch will have once {@link #finish() finished}. */
    public int finishedLength() {
        return finished ? pos : pos + 1;
    }

    public int samples() {
        return samples;
    }

    /** The internal buffer; valid until the next {@link #add} or {@link #reset}. */
    public byte[] buffer() {
        return buf;
    }

    private void ensure(int extra) {
        if (pos + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + extra));
        }
    }
}
