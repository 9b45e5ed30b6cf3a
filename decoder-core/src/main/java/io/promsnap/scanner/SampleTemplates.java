package io.promsnap.scanner;

import io.promsnap.PromsnapException;
import io.promsnap.SampleView;
import io.promsnap.internal.access.ViewAccess;
import io.promsnap.internal.text.Numbers;
import io.promsnap.spi.SampleWriter;

import java.util.Arrays;

import static io.promsnap.internal.json.JsonLex.LABEL;
import static io.promsnap.internal.json.JsonLex.NAME;
import static io.promsnap.internal.json.JsonLex.TIMESTAMP;
import static io.promsnap.internal.json.JsonLex.VALUE;
import static io.promsnap.internal.json.JsonLex.keyKind;

/**
 * Template-guided parsing: the scanner's first try for each element. Consecutive samples of a delivered
 * batch mostly repeat one another's layout ({@code {"__name__":"…","job":"…",…,"value":"…","timestamp":"…"}})
 * and many of the bytes between the quotes. A template is the bytes of the last sample of one metric name
 * whose layout was learnt (compact, every member a string without escapes), with where each member's
 * value starts and ends. A new sample is compared with the template by {@link Arrays#mismatch} (an
 * intrinsic: wide compares) from its '{'; where the bytes differ inside a value, that value's end is
 * searched (only from the first differing byte on: the bytes before it equal the template's, which hold
 * no special byte), and the comparison resumes at the template's closing quote. A difference anywhere
 * else (a key, a separator) is a surprise: the caller then runs the full scanner, which also reports
 * every error, so this path never throws and accepts only what the full scanner accepts with the same
 * result: identical bytes in an identical lexer state give identical tokens, a verified key sequence has
 * no duplicates (the template's had none), and the shared UTF-8 pass has checked every byte already.
 *
 * <p>Templates are kept per metric name (a small direct-mapped table keyed by a hash of the name), so
 * batches where several targets' scrapes interleave still find the layout of the family. Unchanged
 * values and timestamps reuse the template's parsed number. When the name and the labels of the
 * sample just before (index - 1) came through the same template and none of them differ, the view keeps
 * its label views as they are ({@link SampleView#sameLabelsAsPrevious()} is then known without a
 * comparison).
 *
 * <p>Allocates only when a name is first seen (a template of a new table slot) or a layout outgrows a
 * template's arrays; steady state allocates nothing. Not thread-safe; one per scanner.
 */
final class SampleTemplates {
    /** {@code {"__name__":"} as two little-endian words: the first eight bytes, then five. */
    private static final long PREFIX0 = le("{\"__name");
    private static final long PREFIX1 = le("__\":\"");
    private static final int PREFIX_LEN = 13;
    private static final int SLOTS = 512;

    /** What changed in a matched sample, against its template. */
    private static final int CHANGED_SERIES = 1;
    private static final int CHANGED_VALUE = 2;
    private static final int CHANGED_TS = 4;

    private static final class Template {
        byte[] bytes = new byte[512];
        int length;
        /** Members in order: value content {@code [start, end)} relative to the '{', key kind and length. */
        int members;
        int[] start = new int[24];
        int[] end = new int[24];
        int[] kind = new int[24];
        int[] keyLength = new int[24];
        double value;
        long timestamp;
        /** False while being (re)learnt or after a failed learn. */
        boolean valid;
        /** Learns that failed (escapes, number tokens, whitespace): stop trying after a few. */
        int failedLearns;

        void ensureMembers(int n) {
            if (n > start.length) {
                int cap = Math.max(n, start.length * 2);
                start = Arrays.copyOf(start, cap);
                end = Arrays.copyOf(end, cap);
                kind = Arrays.copyOf(kind, cap);
                keyLength = Arrays.copyOf(keyLength, cap);
            }
        }
    }

    private final Template[] slots = new Template[SLOTS];
    private final int maxStringBytes;
    private final SampleWriter writer;
    private final SampleView view;

    /** The table slot of the current element's name, or -1 when it does not start with {@code {"__name__":"}. */
    private int slot = -1;
    /** Where each member's value lies in the current element (absolute positions). */
    private int[] off = new int[24];
    private int[] len = new int[24];
    /** A layout being learnt, before it replaces a template. */
    private int[] learnStart = new int[24];
    private int[] learnEnd = new int[24];
    private int[] learnKind = new int[24];
    private int[] learnKeyLength = new int[24];
    /** The template that holds exactly the bytes of the sample delivered at {@link #hintIndex}, or null. */
    private Template hint;
    private long hintIndex = -2;

    SampleTemplates(int maxStringBytes, SampleWriter writer) {
        this.maxStringBytes = maxStringBytes;
        this.writer = writer;
        this.view = writer.view();
    }

    /** A new payload: the previous sample is gone. */
    void startPayload() {
        hint = null;
        hintIndex = -2;
    }

    /** The current element was skipped or delivered by another path that learnt nothing. */
    void forget() {
        hint = null;
    }

    /**
     * Tries the element whose '{' is at {@code s}. Returns the position after its '}' with the sample in the
     * writer, or -1 (the writer possibly begun, nothing else changed) for the full scanner to read it.
     */
    int match(byte[] b, int s, int end, long index) {
        slot = -1;
        if (end - s < 24 || (long) Bytes.LONGS.get(b, s) != PREFIX0
                || ((long) Bytes.LONGS.get(b, s + 8) & 0xFF_FFFF_FFFFL) != PREFIX1) {
            return -1;
        }
        final int ns = s + PREFIX_LEN;
        final int ne = plainEnd(b, ns, end);
        if (ne >= end || b[ne] != '"') {
            return -1;
        }
        slot = slotOf(b, ns, ne - ns);
        final Template t = slots[slot];
        if (t == null || !t.valid) {
            return -1;
        }
        final byte[] tb = t.bytes;
        final int tlen = t.length;
        final int[] vs = t.start;
        final int[] ve = t.end;
        final int m = t.members;
        if (off.length < m) {
            off = new int[t.start.length];
            len = new int[t.start.length];
        }
        final int[] off = this.off;
        final int[] len = this.len;
        int changed = 0;
        int p = s;
        int tp = 0;
        int j = 0; // the first member whose value is not placed yet
        while (true) {
            final int n = Math.min(end - p, tlen - tp);
            final int r = Arrays.mismatch(b, p, p + n, tb, tp, tp + n);
            final int d = p - tp;
            if (r < 0) {
                if (n != tlen - tp) {
                    return -1; // the payload ends inside the template
                }
                for (; j < m; j++) {
                    off[j] = vs[j] + d;
                    len[j] = ve[j] - vs[j];
                }
                p += n;
                break;
            }
            final int at = tp + r;
            while (j < m && ve[j] < at) {
                off[j] = vs[j] + d;
                len[j] = ve[j] - vs[j];
                j++;
            }
            if (j == m || at < vs[j]) {
                return -1; // a key or a separator differs: another layout
            }
            // a value differs from byte `at` on (its closing quote included: it may be longer)
            final int q = plainEnd(b, at + d, end);
            if (q >= end || b[q] != '"') {
                return -1; // an escape, a raw control byte or the end: the full scanner's business
            }
            final int vStart = vs[j] + d;
            if (q - vStart > maxStringBytes) {
                return -1;
            }
            off[j] = vStart;
            len[j] = q - vStart;
            final int k = t.kind[j];
            changed |= k == VALUE ? CHANGED_VALUE : k == TIMESTAMP ? CHANGED_TS : CHANGED_SERIES;
            p = q;
            tp = ve[j];
            j++;
        }
        // every byte verified: now the numbers (a bad one is for the full scanner to report or skip)
        double value = t.value;
        long ts = t.timestamp;
        if ((changed & (CHANGED_VALUE | CHANGED_TS)) != 0) {
            for (int x = 0; x < m; x++) {
                final int k = t.kind[x];
                if (k == VALUE && (changed & CHANGED_VALUE) != 0) {
                    value = Numbers.tryParseValueString(b, off[x], len[x]);
                    if (value != value) {
                        try {
                            value = Numbers.parseValueString(b, off[x], len[x], 0, index);
                        } catch (PromsnapException e) {
                            return -1;
                        }
                    }
                } else if (k == TIMESTAMP && (changed & CHANGED_TS) != 0) {
                    ts = Numbers.tryParseDigits(b, off[x], len[x]);
                    if (ts < 0) {
                        return -1;
                    }
                }
            }
        }
        // deliver
        final SampleWriter w = writer;
        if (hint == t && hintIndex == index - 1 && (changed & CHANGED_SERIES) == 0) {
            // the view still holds the previous sample's name and labels, byte for byte these
            ViewAccess.beginSameLabels(view, index);
        } else {
            w.begin(index);
            final int[] kinds = t.kind;
            final int[] kl = t.keyLength;
            int labels = 0;
            for (int x = 0; x < m; x++) {
                final int k = kinds[x];
                if (k == LABEL) {
                    ViewAccess.putLabel(view, labels++, b, off[x] - 3 - kl[x], kl[x], b, off[x], len[x]);
                } else if (k == NAME) {
                    w.setName(b, off[x], len[x]);
                }
            }
            if (hint == t && hintIndex == index - 1) {
                ViewAccess.markDifferentLabels(view);
            }
        }
        w.setValue(value);
        w.setTimestampMillis(ts);
        if (changed != 0) {
            // the template becomes this sample, so that the next one is compared with its nearest relative
            final int n = p - s;
            if (tb.length < n) {
                t.bytes = new byte[Math.max(n, tb.length * 2)];
            }
            System.arraycopy(b, s, t.bytes, 0, n);
            t.length = n;
            for (int x = 0; x < m; x++) {
                vs[x] = off[x] - s;
                ve[x] = vs[x] + len[x];
            }
            t.value = value;
            t.timestamp = ts;
        }
        hint = t;
        hintIndex = index;
        return p;
    }

    /**
     * After the full scanner delivered the element {@code [s, after)} (its sample in the view): learns its
     * layout as the template of its name when it is compact with string members without escapes.
     */
    void learn(byte[] b, int s, int after, long index) {
        hint = null;
        if (slot < 0) {
            return;
        }
        Template t = slots[slot];
        if (t != null && !t.valid && t.failedLearns >= 4) {
            return; // this name's samples do not fit a template (number tokens, whitespace): stop trying
        }
        // read the layout into this object's arrays first, so that a sample that does not fit (an escape)
        // leaves the name's template as it was
        final int n = after - s;
        int p = s + 1;
        int m = 0;
        while (true) {
            if (p >= after || b[p] != '"') {
                failedLearn(t);
                return;
            }
            final int q = plainEnd(b, p + 1, after);
            if (q + 3 >= after || b[q] != '"' || b[q + 1] != ':' || b[q + 2] != '"') {
                failedLearn(t);
                return;
            }
            final int kOff = p + 1;
            final int kLen = q - kOff;
            final int vOff = q + 3;
            final int e = plainEnd(b, vOff, after);
            if (e + 1 >= after || b[e] != '"') {
                failedLearn(t);
                return;
            }
            if (m == learnStart.length) {
                int cap = m * 2;
                learnStart = Arrays.copyOf(learnStart, cap);
                learnEnd = Arrays.copyOf(learnEnd, cap);
                learnKind = Arrays.copyOf(learnKind, cap);
                learnKeyLength = Arrays.copyOf(learnKeyLength, cap);
            }
            learnStart[m] = vOff - s;
            learnEnd[m] = e - s;
            learnKind[m] = keyKind(b, kOff, kLen);
            learnKeyLength[m] = kLen;
            m++;
            final byte c = b[e + 1];
            if (c == ',') {
                p = e + 2;
            } else if (c == '}' && e + 2 == after) {
                break;
            } else {
                failedLearn(t);
                return;
            }
        }
        if (t == null) {
            t = new Template();
            slots[slot] = t;
        }
        t.ensureMembers(m);
        System.arraycopy(learnStart, 0, t.start, 0, m);
        System.arraycopy(learnEnd, 0, t.end, 0, m);
        System.arraycopy(learnKind, 0, t.kind, 0, m);
        System.arraycopy(learnKeyLength, 0, t.keyLength, 0, m);
        if (t.bytes.length < n) {
            t.bytes = new byte[Math.max(n, t.bytes.length * 2)];
        }
        System.arraycopy(b, s, t.bytes, 0, n);
        t.length = n;
        t.members = m;
        t.value = view.value();
        t.timestamp = view.timestampMillis();
        t.valid = true;
        t.failedLearns = 0;
        hint = t;
        hintIndex = index;
    }

    private void failedLearn(Template t) {
        if (t == null) {
            t = new Template();
            slots[slot] = t;
        }
        t.failedLearns++;
    }

    /** The first {@code "}, {@code \} or byte below 0x20 in {@code b[i, end)}, or {@code end}; eight bytes at a time. */
    static int plainEnd(byte[] b, int i, int end) {
        while (end - i >= 8) {
            int bits = Bytes.specialBits((long) Bytes.LONGS.get(b, i), true);
            if (bits != 0) {
                return i + Integer.numberOfTrailingZeros(bits);
            }
            i += 8;
        }
        for (; i < end; i++) {
            if (Bytes.isSpecial(b[i], true)) {
                return i;
            }
        }
        return end;
    }

    /** A slot for the name {@code b[off, off+len)}: its length and first and last eight bytes, mixed. */
    private static int slotOf(byte[] b, int off, int len) {
        long w;
        if (len >= 8) {
            w = (long) Bytes.LONGS.get(b, off) ^ Long.rotateLeft((long) Bytes.LONGS.get(b, off + len - 8), 23);
        } else {
            w = 0;
            for (int k = 0; k < len; k++) {
                w = (w << 8) | (b[off + k] & 0xFF);
            }
        }
        return (int) (((w + len) * 0x9E3779B97F4A7C15L) >>> (64 - 9));
    }

    private static long le(String s) {
        long w = 0;
        for (int k = s.length() - 1; k >= 0; k--) {
            w = (w << 8) | (s.charAt(k) & 0xFF);
        }
        return w;
    }
}
