package io.promsnap;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sample as a reusable, allocation-free view, handed to {@link SampleVisitor#onSample}. Valid only
 * during that call. Labels are in payload order and never include {@code __name__}, {@code value} or
 * {@code timestamp}.
 *
 * <p>The mutators ({@link #begin}, {@link #setName}, {@link #addLabel}, ...) are for decoder
 * implementations; visitors only read.
 */
public final class SampleView {
    private final Utf8View name = new Utf8View();
    private Utf8View[] keyViews = new Utf8View[0];
    private Utf8View[] valueViews = new Utf8View[0];

    private byte[][] keyArr = new byte[16][];
    private int[] keyOff = new int[16];
    private int[] keyLen = new int[16];
    private int[] keyHash = new int[16];
    private byte[][] valArr = new byte[16][];
    private int[] valOff = new int[16];
    private int[] valLen = new int[16];
    private int labelCount;

    private long index;
    private double value;
    private long timestampMillis;

    // open-addressing table of label-key hashes for duplicate detection; slot holds label index + 1
    private int[] dupTable = new int[64];

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
        return keyViews[i].set(keyArr[i], keyOff[i], keyLen[i]);
    }

    /** The value of label {@code i}; a distinct flyweight per position. */
    public Utf8View labelValue(int i) {
        checkLabel(i);
        return valueViews[i].set(valArr[i], valOff[i], valLen[i]);
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

    // ---- for decoder implementations ----

    /** Starts a new sample: clears name, labels, value and timestamp. */
    public void begin(long index) {
        this.index = index;
        this.labelCount = 0;
        this.name.set(Utf8ViewConstants.EMPTY, 0, 0);
        this.value = 0;
        this.timestampMillis = 0;
        if (dupTableUsed) {
            Arrays.fill(dupTable, 0);
            dupTableUsed = false;
        }
    }

    private boolean dupTableUsed;

    public void setName(byte[] array, int offset, int length) {
        name.set(array, offset, length);
    }

    public void setValue(double value) {
        this.value = value;
    }

    public void setTimestampMillis(long timestampMillis) {
        this.timestampMillis = timestampMillis;
    }

    /**
     * Appends a label. Returns {@code false} (and adds nothing) when an earlier label of this sample has
     * the same key, so every decoder detects duplicates identically. The caller checks
     * {@link DecodeLimits#checkLabelCount} first.
     */
    public boolean addLabel(byte[] kArr, int kOff, int kLen, byte[] vArr, int vOff, int vLen) {
        int n = labelCount;
        int h = hash(kArr, kOff, kLen);
        if (n >= keyArr.length) {
            grow();
        }
        if (n * 2 >= dupTable.length) {
            rehash(dupTable.length * 4);
        }
        int mask = dupTable.length - 1;
        int slot = h & mask;
        while (true) {
            int e = dupTable[slot];
            if (e == 0) {
                break;
            }
            int j = e - 1;
            if (keyHash[j] == h && Arrays.equals(keyArr[j], keyOff[j], keyOff[j] + keyLen[j], kArr, kOff, kOff + kLen)) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        dupTable[slot] = n + 1;
        dupTableUsed = true;
        keyArr[n] = kArr;
        keyOff[n] = kOff;
        keyLen[n] = kLen;
        keyHash[n] = h;
        valArr[n] = vArr;
        valOff[n] = vOff;
        valLen[n] = vLen;
        labelCount = n + 1;
        return true;
    }

    private static int hash(byte[] a, int off, int len) {
        int h = len;
        for (int i = off, end = off + len; i < end; i++) {
            h = 31 * h + a[i];
        }
        return h ^ (h >>> 16);
    }

    private void rehash(int size) {
        dupTable = new int[size];
        int mask = size - 1;
        for (int j = 0; j < labelCount; j++) {
            int slot = keyHash[j] & mask;
            while (dupTable[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            dupTable[slot] = j + 1;
        }
    }

    private void grow() {
        int cap = keyArr.length * 2;
        keyArr = Arrays.copyOf(keyArr, cap);
        keyOff = Arrays.copyOf(keyOff, cap);
        keyLen = Arrays.copyOf(keyLen, cap);
        keyHash = Arrays.copyOf(keyHash, cap);
        valArr = Arrays.copyOf(valArr, cap);
        valOff = Arrays.copyOf(valOff, cap);
        valLen = Arrays.copyOf(valLen, cap);
    }

    /** Call before handing the view to a visitor: makes sure every label position has its flyweights. */
    public void ready() {
        int n = labelCount;
        if (keyViews.length < n) {
            int old = keyViews.length;
            int cap = Math.max(n, old * 2);
            keyViews = Arrays.copyOf(keyViews, cap);
            valueViews = Arrays.copyOf(valueViews, cap);
            for (int i = old; i < cap; i++) {
                keyViews[i] = new Utf8View();
                valueViews[i] = new Utf8View();
            }
        }
    }

    private static final class Utf8ViewConstants {
        static final byte[] EMPTY = new byte[0];
    }
}
