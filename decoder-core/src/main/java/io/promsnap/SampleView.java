package io.promsnap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sample as a reusable, allocation-free view, handed to {@link SampleVisitor#onSample}. Valid only
 * during that call. Labels are in payload order and never include {@code __name__}, {@code value} or
 * {@code timestamp}.
 *
 * <p>Visitors only read: the mutators are package-private and reached by decoders through
 * {@code io.promsnap.spi.SampleWriter} (which owns its own view), so a visitor cannot change the view a
 * decoder hands it.
 */
public final class SampleView {
    private final Utf8View name = new Utf8View();
    /**
     * Label keys and values, set directly by {@link #addLabel} (no parallel arrays of array/offset/length
     * to copy from on every {@link #labelKey}): one flyweight per position, allocated with the capacity.
     */
    private Utf8View[] keyViews = views(16);
    private Utf8View[] valueViews = views(16);

    private int[] keyHash = new int[16];
    private int labelCount;

    private long index;
    private double value;
    private long timestampMillis;

    /**
     * Open-addressing table of label keys for duplicate detection. A slot holds
     * {@code generation << 32 | labelIndex}; slots of an older generation are empty, so starting a sample
     * is one increment instead of clearing the table.
     */
    private long[] dupTable = new long[64];
    /** Generation of the current sample, never 0 (the value of a fresh slot). */
    private long generation = 1;
    /** One bit per key of the current sample (a hash of {@link #keyWord} picks it), while it has few labels. */
    private long filter;

    /** Payloads started on this view ({@code SampleWriter.startPayload}): tells one payload's index 5 from another's. */
    private long payload;
    /** What the decoder knows of {@link #sameLabelsAsPrevious()} for this sample: {@link #UNKNOWN}, {@link #SAME}, {@link #DIFFERENT}. */
    private byte same;
    private static final byte UNKNOWN = 0;
    private static final byte SAME = 1;
    private static final byte DIFFERENT = 2;
    /**
     * A copy of the name and labels of the last sample {@link #sameLabelsAsPrevious()} was asked about
     * ({@link #snapPayload}, {@link #snapIndex}): the bytes the next sample is compared with. Strings one
     * after the other in {@link #snapBytes}, their lengths in {@link #snapLengths} (name, key, value, key, ...).
     */
    private byte[] snapBytes = new byte[0];
    private int[] snapLengths = new int[0];
    private int snapLabels;
    private long snapPayload = -1;
    private long snapIndex = -2;
    /** The answer for ({@link #askedPayload}, {@link #askedIndex}), so asking twice copies nothing. */
    private long askedPayload = -1;
    private long askedIndex = -2;
    private boolean asked;

    /** Created by decoders ({@code io.promsnap.spi.SampleWriter}), not by visitors. */
    SampleView() {
    }

    /** 0-based index of this sample's element in the payload's JSON array. */
    public long index() {
        return index;
    }

    /** The metric name ({@code __name__}). */
    public Utf8View name() {
        return name;
    }

    public int labelCount() {
        return labelCount;
    }

    /** The key of label {@code i} (0-based, payload order); a distinct flyweight per position. */
    public Utf8View labelKey(int i) {
        checkLabel(i);
        return keyViews[i];
    }

    /** The value of label {@code i}; a distinct flyweight per position. */
    public Utf8View labelValue(int i) {
        checkLabel(i);
        return valueViews[i];
    }

    /** The value of the label with this key, or {@code null}. Linear scan; does not allocate for ASCII keys. */
    public Utf8View label(String key) {
        for (int i = 0; i < labelCount; i++) {
            if (labelKey(i).contentEquals(key)) {
                return labelValue(i);
            }
        }
        return null;
    }

    public double value() {
        return value;
    }

    /** Milliseconds since the epoch (may be negative). */
    public long timestampMillis() {
        return timestampMillis;
    }

    /**
     * Whether this sample's name and labels (keys and values, in order) are byte for byte those of the
     * element just before it in the same payload ({@code index() - 1}), that element having been delivered
     * to this visitor. False for a payload's first element and for the element after a skipped one. Meant
     * for relays and aggregators that key state by series: when true, the series (and any hash of it) is
     * the previous sample's, and the label views hold the same bytes.
     *
     * <p>Exact when the visitor asks for every sample it is handed (the decoder keeps a copy of what it
     * compares with only for samples it was asked about; for a previous sample it was not asked about the
     * answer is false unless the decoder knows without that copy, as the scanner usually does). Costs
     * nothing when nobody asks; when asked, at most one copy of the name and labels per sample whose
     * labels changed. Does not allocate once the copy's buffer has grown to the largest label set.
     */
    public boolean sameLabelsAsPrevious() {
        if (askedIndex == index && askedPayload == payload) {
            return asked;
        }
        boolean previousKept = snapPayload == payload && snapIndex == index - 1;
        boolean answer;
        if (same == SAME) {
            answer = true;
        } else if (same == DIFFERENT) {
            answer = false;
        } else {
            answer = previousKept && snapshotEquals();
        }
        if (!(answer && previousKept)) {
            snapshot();
        }
        snapPayload = payload;
        snapIndex = index;
        askedPayload = payload;
        askedIndex = index;
        asked = answer;
        return answer;
    }

    private boolean snapshotEquals() {
        if (snapLabels != labelCount) {
            return false;
        }
        byte[] s = snapBytes;
        int[] lens = snapLengths;
        int p = 0;
        if (lens[0] != name.length() || !name.equalsRange(s, p)) {
            return false;
        }
        p += lens[0];
        for (int i = 0; i < labelCount; i++) {
            Utf8View k = keyViews[i];
            if (lens[1 + 2 * i] != k.length() || !k.equalsRange(s, p)) {
                return false;
            }
            p += k.length();
            Utf8View v = valueViews[i];
            if (lens[2 + 2 * i] != v.length() || !v.equalsRange(s, p)) {
                return false;
            }
            p += v.length();
        }
        return true;
    }

    private void snapshot() {
        int n = name.length();
        for (int i = 0; i < labelCount; i++) {
            n += keyViews[i].length() + valueViews[i].length();
        }
        if (snapBytes.length < n) {
            snapBytes = new byte[Math.max(n, snapBytes.length * 2)];
        }
        if (snapLengths.length < 1 + 2 * labelCount) {
            snapLengths = new int[Math.max(1 + 2 * labelCount, snapLengths.length * 2)];
        }
        byte[] s = snapBytes;
        int[] lens = snapLengths;
        int p = name.copyTo(s, 0);
        lens[0] = p;
        for (int i = 0; i < labelCount; i++) {
            int k = keyViews[i].copyTo(s, p);
            p += k;
            lens[1 + 2 * i] = k;
            int v = valueViews[i].copyTo(s, p);
            p += v;
            lens[2 + 2 * i] = v;
        }
        snapLabels = labelCount;
    }

    private void checkLabel(int i) {
        if (i < 0 || i >= labelCount) {
            throw new IndexOutOfBoundsException("label " + i + " of " + labelCount);
        }
    }

    /** An immutable copy. Allocates. */
    public Sample toSample() {
        Map<String, String> labels = new LinkedHashMap<>(Math.max(4, labelCount * 2));
        for (int i = 0; i < labelCount; i++) {
            labels.put(labelKey(i).toString(), labelValue(i).toString());
        }
        return new Sample(name.toString(), labels, value, timestampMillis);
    }

    @Override
    public String toString() {
        return toSample().toString();
    }

    // ---- for decoders, through io.promsnap.internal.access.ViewAccess ----

    /** Starts a new sample: clears name, labels, value and timestamp. */
    void begin(long index) {
        this.index = index;
        this.labelCount = 0;
        this.name.set(Utf8ViewConstants.EMPTY, 0, 0);
        this.value = 0;
        this.timestampMillis = 0;
        this.filter = 0;
        this.same = UNKNOWN;
        if (++generation == 1L << 31) {
            // after 2^31 samples: start over with an empty table rather than let generations wrap
            Arrays.fill(dupTable, 0);
            generation = 1;
        }
    }

    /** A new payload starts: its first sample has no previous one. */
    void startPayload() {
        payload++;
    }

    /**
     * Starts sample {@code index} keeping the name and labels as they are: the decoder has verified that
     * they are byte for byte the previous element's, which was the last sample begun and was delivered.
     */
    void beginSameLabels(long index) {
        this.index = index;
        this.value = 0;
        this.timestampMillis = 0;
        this.same = SAME;
    }

    /** The decoder knows the name or a label differs from the previous element's, which was delivered. */
    void markDifferentLabels() {
        this.same = DIFFERENT;
    }

    /**
     * Sets label {@code n} (the labels before it are set) without the duplicate check: for a decoder that
     * has verified the key sequence has no duplicate (a layout it checked before). Sets the count to n + 1.
     */
    void putLabel(int n, byte[] kArr, int kOff, int kLen, byte[] vArr, int vOff, int vLen) {
        if (n >= keyViews.length) {
            grow();
        }
        keyViews[n].set(kArr, kOff, kLen);
        valueViews[n].set(vArr, vOff, vLen);
        labelCount = n + 1;
    }

    void setName(byte[] array, int offset, int length) {
        name.set(array, offset, length);
    }

    void setValue(double value) {
        this.value = value;
    }

    void setTimestampMillis(long timestampMillis) {
        this.timestampMillis = timestampMillis;
    }

    /**
     * Appends a label. Returns {@code false} (and adds nothing) when an earlier label of this sample has
     * the same key, so every decoder detects duplicates identically. The caller checks
     * {@link DecodeLimits#checkLabelCount} first.
     */
    boolean addLabel(byte[] kArr, int kOff, int kLen, byte[] vArr, int vOff, int vLen) {
        // Kept small (the exact comparison and the many-labels table are out of line) so that decoders'
        // hot loops can inline it: a call here makes them spill everything around it.
        int n = labelCount;
        if (n >= FEW) {
            return addLabelMany(n, kArr, kOff, kLen, vArr, vOff, vLen);
        }
        // A 64-bit filter of the keys seen: a key whose bit is clear cannot be a duplicate, and with a
        // handful of labels most bits are clear, so the common case is one load, a multiply and a test.
        long bit = 1L << ((keyWord(kArr, kOff, kLen) * 0x9E3779B97F4A7C15L) >>> 58);
        if ((filter & bit) != 0 && containsKey(n, kArr, kOff, kLen)) {
            return false;
        }
        filter |= bit;
        keyViews[n].set(kArr, kOff, kLen); // stores the array reference only when it changes
        valueViews[n].set(vArr, vOff, vLen);
        labelCount = n + 1;
        return true;
    }

    /**
     * Labels up to this many are checked for duplicates by {@link #filter} and a linear comparison; from
     * then on by {@link #dupTable} (a sample with thousands of labels must not cost quadratic time). Equal to
     * the initial capacity, so the common path never grows the arrays.
     */
    private static final int FEW = 16;

    /** Whether one of the first {@code n} keys equals the given one. */
    private boolean containsKey(int n, byte[] kArr, int kOff, int kLen) {
        for (int j = 0; j < n; j++) {
            if (sameKey(j, kArr, kOff, kLen)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first and last eight bytes of a key (all of it, zero-padded, when shorter) folded with its
     * length: equal keys give equal words, and keys that differ in those bytes or length rarely do.
     */
    private static long keyWord(byte[] a, int off, int len) {
        long w;
        if (len >= 8) {
            w = (long) LONGS.get(a, off) ^ Long.rotateLeft((long) LONGS.get(a, off + len - 8), 29);
        } else if (a.length - off >= 8) {
            w = (long) LONGS.get(a, off) & ((1L << (8 * len)) - 1);
        } else {
            w = lastBytes(a, off, len);
        }
        return w + len;
    }

    private boolean addLabelMany(int n, byte[] kArr, int kOff, int kLen, byte[] vArr, int vOff, int vLen) {
        if (n == FEW) {
            // leaving the filter: enter the first FEW keys into the table of this sample's generation
            long gen = generation << 32;
            for (int j = 0; j < FEW; j++) {
                Utf8View k = keyViews[j];
                keyHash[j] = hash(k.array(), k.offset(), k.length());
                insert(gen, j);
            }
        }
        if (n >= keyHash.length || n * 2 >= dupTable.length) {
            makeRoom(n);
        }
        int h = hash(kArr, kOff, kLen);
        long[] table = dupTable;
        long gen = generation << 32;
        int mask = table.length - 1;
        int slot = h & mask;
        long e;
        while (((e = table[slot]) & 0xFFFFFFFF00000000L) == gen) {
            if (keyHash[(int) e] == h && sameKey((int) e, kArr, kOff, kLen)) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        table[slot] = gen | n;
        keyViews[n].set(kArr, kOff, kLen);
        valueViews[n].set(vArr, vOff, vLen);
        keyHash[n] = h;
        labelCount = n + 1;
        return true;
    }

    /** Enters label {@code j} (its {@link #keyHash} set) into {@link #dupTable}, which has a free slot. */
    private void insert(long gen, int j) {
        long[] table = dupTable;
        int mask = table.length - 1;
        int slot = keyHash[j] & mask;
        while ((table[slot] & 0xFFFFFFFF00000000L) == gen) {
            slot = (slot + 1) & mask;
        }
        table[slot] = gen | j;
    }

    private boolean sameKey(int j, byte[] kArr, int kOff, int kLen) {
        Utf8View k = keyViews[j];
        return k.length() == kLen && Arrays.equals(k.array(), k.offset(), k.offset() + kLen, kArr, kOff, kOff + kLen);
    }

    private void makeRoom(int n) {
        if (n >= keyHash.length) {
            grow();
        }
        if (n * 2 >= dupTable.length) {
            rehash(dupTable.length * 4);
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * Hash of a label key, eight bytes at a time: the key read as little-endian words, the last one
     * zero-padded (read whole when the array has room, else byte by byte: same value), mixed with its length.
     */
    private static int hash(byte[] a, int off, int len) {
        long h = len * 0x9E3779B97F4A7C15L;
        int i = off;
        int end = off + len;
        while (end - i >= 8) {
            h = (h ^ (long) LONGS.get(a, i)) * 0xBF58476D1CE4E5B9L;
            i += 8;
        }
        int rest = end - i;
        if (rest > 0) {
            long w = a.length - i >= 8 ? (long) LONGS.get(a, i) & (-1L >>> (64 - 8 * rest)) : lastBytes(a, i, rest);
            h = (h ^ w) * 0xBF58476D1CE4E5B9L;
        }
        h ^= h >>> 31;
        return (int) (h ^ (h >>> 32));
    }

    /** The {@code rest} (1 to 7) bytes at {@code i}, little-endian, where a whole word would overrun the array. */
    private static long lastBytes(byte[] a, int i, int rest) {
        long w = 0;
        for (int k = rest - 1; k >= 0; k--) {
            w = (w << 8) | (a[i + k] & 0xFF);
        }
        return w;
    }

    private void rehash(int size) {
        long[] table = new long[size];
        long gen = generation << 32;
        int mask = size - 1;
        for (int j = 0; j < labelCount; j++) {
            int slot = keyHash[j] & mask;
            while (table[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = gen | j;
        }
        dupTable = table;
    }

    private void grow() {
        int cap = keyHash.length * 2;
        keyHash = Arrays.copyOf(keyHash, cap);
        keyViews = grown(keyViews, cap);
        valueViews = grown(valueViews, cap);
    }

    private static Utf8View[] views(int n) {
        return grown(new Utf8View[0], n);
    }

    private static Utf8View[] grown(Utf8View[] a, int cap) {
        int old = a.length;
        Utf8View[] b = Arrays.copyOf(a, cap);
        for (int i = old; i < cap; i++) {
            b[i] = new Utf8View();
        }
        return b;
    }

    private static final class Utf8ViewConstants {
        static final byte[] EMPTY = new byte[0];
    }
}
