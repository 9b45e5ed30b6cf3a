package io.promsnap.internal.select;

import io.promsnap.SampleView;
import io.promsnap.SampleVisitor;
import io.promsnap.Selector;
import io.promsnap.Utf8View;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link Selector} evaluated on UTF-8 bytes, for one decoder (not thread-safe; holds memos). Equality is a
 * byte compare; a regular expression runs once per distinct value (label values and metric names repeat
 * from sample to sample, so each matcher memoizes its last value and a bounded table of earlier ones), so
 * a steady state allocates nothing.
 *
 * <p>Stages use it in two steps: {@link #nameRejected} as soon as the metric name is read (a rejected sample
 * is then validated without parsing its value), and {@link #matches} on the complete view at its end.
 */
public final class SelectorEvaluator {
    private final M[] all;
    private final M[] name;

    private SelectorEvaluator(Selector s) {
        List<Selector.Matcher> ms = s.matchers();
        all = new M[ms.size()];
        int n = 0;
        for (int k = 0; k < all.length; k++) {
            all[k] = new M(ms.get(k));
            if (all[k].isName) {
                n++;
            }
        }
        name = new M[n];
        n = 0;
        for (M m : all) {
            if (m.isName) {
                name[n++] = m;
            }
        }
    }

    /** The evaluator of {@code s}, or {@code null} when it selects everything (so the hot path tests a null). */
    public static SelectorEvaluator of(Selector s) {
        return s.isAll() ? null : new SelectorEvaluator(s);
    }

    /** Whether a sample with this metric name is certainly not selected (label matchers are not looked at). */
    public boolean nameRejected(byte[] a, int off, int len) {
        for (M m : name) {
            if (!m.test(a, off, len)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the complete sample is selected. */
    public boolean matches(SampleView v) {
        for (M m : all) {
            Utf8View x = m.isName ? v.name() : find(v, m.key);
            boolean ok = x == null ? m.emptyMatches : m.test(x.array(), x.offset(), x.length());
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * What a stage does at the end of a valid sample: deliver it when selected, or tell the engine
     * ({@link UnselectedSink}) that it was not. Returns whether it was delivered.
     */
    public static boolean deliver(SelectorEvaluator sel, boolean nameRejected, SampleView view, SampleVisitor visitor) {
        if (sel != null && (nameRejected || !sel.matches(view))) {
            if (visitor instanceof UnselectedSink u) {
                u.onUnselected();
            }
            return false;
        }
        visitor.onSample(view);
        return true;
    }

    private static Utf8View find(SampleView v, byte[] key) {
        for (int i = 0, n = v.labelCount(); i < n; i++) {
            Utf8View k = v.labelKey(i);
            if (k.length() == key.length
                    && Arrays.equals(k.array(), k.offset(), k.offset() + k.length(), key, 0, key.length)) {
                return v.labelValue(i);
            }
        }
        return null;
    }

    /** One matcher with its memos. */
    private static final class M {
        private static final int SLOTS = 256;
        private static final int MAX_ENTRIES = SLOTS * 3 / 4;

        final Selector.Matcher m;
        final boolean isName;
        final byte[] key;
        final byte[] value;
        final boolean regex;
        final boolean negative;
        final boolean emptyMatches;
        // last value seen and its result
        private byte[] last = new byte[64];
        private int lastLen = -1;
        private boolean lastResult;
        // earlier values (regex only): open addressing, cleared when full
        private byte[][] keys;
        private boolean[] results;
        private int entries;

        M(Selector.Matcher m) {
            this.m = m;
            this.isName = m.isName();
            this.key = m.labelUtf8();
            this.value = m.valueUtf8();
            this.regex = m.op().isRegex();
            this.negative = m.op().isNegative();
            this.emptyMatches = m.matches("");
            if (regex) {
                keys = new byte[SLOTS][];
                results = new boolean[SLOTS];
            }
        }

        boolean test(byte[] a, int off, int len) {
            if (!regex) {
                boolean eq = len == value.length && Arrays.equals(a, off, off + len, value, 0, len);
                return eq != negative;
            }
            if (len == lastLen && Arrays.equals(a, off, off + len, last, 0, len)) {
                return lastResult;
            }
            boolean r = lookup(a, off, len);
            if (last.length < len) {
                last = new byte[Math.max(len, last.length * 2)];
            }
            System.arraycopy(a, off, last, 0, len);
            lastLen = len;
            lastResult = r;
            return r;
        }

        private boolean lookup(byte[] a, int off, int len) {
            int h = 1;
            for (int k = off; k < off + len; k++) {
                h = 31 * h + a[k];
            }
            int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
            while (keys[slot] != null) {
                byte[] kk = keys[slot];
                if (kk.length == len && Arrays.equals(a, off, off + len, kk, 0, len)) {
                    return results[slot];
                }
                slot = (slot + 1) & (SLOTS - 1);
            }
            boolean r = m.matches(new String(a, off, len, StandardCharsets.UTF_8));
            if (entries >= MAX_ENTRIES) { // many distinct values (ids): start over rather than grow without bound
                Arrays.fill(keys, null);
                entries = 0;
                slot = (h ^ (h >>> 16)) & (SLOTS - 1);
            }
            keys[slot] = Arrays.copyOfRange(a, off, off + len);
            results[slot] = r;
            entries++;
            return r;
        }
    }
}
