package io.promsnap;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One sample as an immutable value, for callers who do not need the allocation-free
 * {@link SampleVisitor}. Labels keep payload order. {@code equals} compares the value bit for bit
 * ({@code NaN} equals {@code NaN}, {@code 0.0} differs from {@code -0.0}).
 */
public final class Sample {
    private final String name;
    private final Map<String, String> labels;
    private final double value;
    private final long timestampMillis;

    public Sample(String name, Map<String, String> labels, double value, long timestampMillis) {
        this.name = Objects.requireNonNull(name, "name");
        this.labels = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(labels, "labels")));
        this.value = value;
        this.timestampMillis = timestampMillis;
    }

    public String name() {
        return name;
    }

    /** Unmodifiable, in payload order, without {@code __name__}, {@code value} and {@code timestamp}. */
    public Map<String, String> labels() {
        return labels;
    }

    public double value() {
        return value;
    }

    public long timestampMillis() {
        return timestampMillis;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Sample s)) {
            return false;
        }
        return Double.doubleToLongBits(value) == Double.doubleToLongBits(s.value)
                && timestampMillis == s.timestampMillis && name.equals(s.name)
                && labels.equals(s.labels) && labelOrderEquals(s);
    }

    private boolean labelOrderEquals(Sample s) {
        var a = labels.keySet().iterator();
        var b = s.labels.keySet().iterator();
        while (a.hasNext()) {
            if (!a.next().equals(b.next())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, labels, Double.doubleToLongBits(value), timestampMillis);
    }

    @Override
    public String toString() {
        return name + labels + " " + value + " @" + timestampMillis;
    }
}
