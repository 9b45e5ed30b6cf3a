package io.promsnap.relay;

import java.util.Arrays;

import io.promsnap.SampleView;

/**
 * One decoded sample on its way to a sink: an immutable copy (the decoder's view lives only during its
 * callback, a sink holds samples until acknowledged), with {@code --add-label}s applied, the label order
 * of the payload kept for the JSON formats, and the series hash that shards and keys it.
 */
public final class RelaySample {
    private final String name;
    /** key0, value0, key1, value1, ... in payload order, added labels last; never __name__. */
    private final String[] labels;
    private final double value;
    private final long timestampMillis;
    private final long seriesHash;
    /** Sorted, non-empty: computed once for the hash and kept for the remote-write encoder. */
    private final String[] series;
    private final Object origin;

    RelaySample(String name, String[] labels, double value, long timestampMillis, Object origin) {
        this.name = name;
        this.labels = labels;
        this.value = value;
        this.timestampMillis = timestampMillis;
        this.origin = origin;
        this.series = sortSeries(labels);
        this.seriesHash = seriesHash(name, series);
    }

    /** For tests and benchmarks: a sample from no message. */
    public static RelaySample of(String name, String[] labels, double value, long timestampMillis) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels must be key, value pairs");
        }
        return new RelaySample(name, labels.clone(), value, timestampMillis, null);
    }

    /** Copies a decoder's view; {@code added} (pairs) are appended unless the sample has that label already. */
    static RelaySample copy(SampleView v, String[] added, Object origin) {
        int n = v.labelCount();
        String[] l = new String[2 * n + added.length];
        for (int i = 0; i < n; i++) {
            l[2 * i] = v.labelKey(i).toString();
            l[2 * i + 1] = v.labelValue(i).toString();
        }
        int len = 2 * n;
        outer:
        for (int a = 0; a < added.length; a += 2) {
            // the sample's own label wins, as with Prometheus' external_labels
            for (int i = 0; i < n; i++) {
                if (l[2 * i].equals(added[a])) {
                    continue outer;
                }
            }
            l[len++] = added[a];
            l[len++] = added[a + 1];
        }
        return new RelaySample(v.name().toString(), len == l.length ? l : Arrays.copyOf(l, len), v.value(),
                v.timestampMillis(), origin);
    }

    public String name() {
        return name;
    }

    public int labelCount() {
        return labels.length / 2;
    }

    public String labelKey(int i) {
        return labels[2 * i];
    }

    public String labelValue(int i) {
        return labels[2 * i + 1];
    }

    public double value() {
        return value;
    }

    public long timestampMillis() {
        return timestampMillis;
    }

    /**
     * 64-bit hash of the series (name and label set, order-independent, empty-valued labels ignored as
     * Prometheus ignores them): the remote-write shard and the Kafka key.
     */
    public long seriesHash() {
        return seriesHash;
    }

    /** The message this sample came from (the relay's bookkeeping; null for {@link #of}). */
    Object origin() {
        return origin;
    }

    /**
     * The series' label pairs as remote-write sends them: sorted by key, empty values left out (an empty
     * label is no label in Prometheus); a new array.
     */
    public String[] seriesLabels() {
        return series.clone();
    }

    /** The same series as another sample (name and non-empty labels). */
    public boolean sameSeries(RelaySample o) {
        return o.seriesHash == seriesHash && o.name.equals(name) && java.util.Arrays.equals(o.series, series);
    }

    private static String[] sortSeries(String[] labels) {
        int n = 0;
        for (int i = 0; i < labels.length; i += 2) {
            if (!labels[i + 1].isEmpty()) {
                n++;
            }
        }
        Integer[] idx = new Integer[n];
        for (int i = 0, j = 0; i < labels.length / 2; i++) {
            if (!labels[2 * i + 1].isEmpty()) {
                idx[j++] = i;
            }
        }
        Arrays.sort(idx, (a, b) -> labels[2 * a].compareTo(labels[2 * b]));
        String[] out = new String[2 * n];
        for (int i = 0; i < n; i++) {
            out[2 * i] = labels[2 * idx[i]];
            out[2 * i + 1] = labels[2 * idx[i] + 1];
        }
        return out;
    }

    /** FNV-1a over name, then sorted key/value pairs, with separators no label can contain. */
    static long seriesHash(String name, String[] sorted) {
        long h = 0xcbf29ce484222325L;
        h = fnv(h, name);
        for (String s : sorted) {
            h = (h ^ 0xff) * 0x100000001b3L;
            h = fnv(h, s);
        }
        // fmix64 (MurmurHash3's finaliser): the low bits pick shards and partitions
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private static long fnv(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            h = (h ^ (c & 0xff)) * 0x100000001b3L;
            h = (h ^ (c >>> 8)) * 0x100000001b3L;
        }
        return h;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(labels) + " " + value + " @" + timestampMillis;
    }
}
