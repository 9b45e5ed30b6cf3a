package io.promsnap.traffic;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One generated time series: metric name and labels (sorted by key, as Prometheus keeps them, with the
 * delivery task's extra labels applied). Immutable; churn creates new objects.
 */
public final class Series {
    private final String name;
    private final String[] keys;
    private final String[] values;
    private final MetricType type;
    private final boolean included;
    private byte[] jsonPrefix;

    Series(String name, String[] keys, String[] values, MetricType type, boolean included) {
        this.name = name;
        this.keys = keys;
        this.values = values;
        this.type = type;
        this.included = included;
    }

    public String name() {
        return name;
    }

    public MetricType type() {
        return type;
    }

    public int labelCount() {
        return keys.length;
    }

    public String labelKey(int i) {
        return keys[i];
    }

    public String labelValue(int i) {
        return values[i];
    }

    /** The value of label {@code key}, or {@code null}. */
    public String label(String key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return values[i];
            }
        }
        return null;
    }

    /** Labels in output order, without {@code __name__}. Allocates. */
    public Map<String, String> labels() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            m.put(keys[i], values[i]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** Whether the delivery task's filters let this series through. */
    public boolean included() {
        return included;
    }

    /**
     * The UTF-8 JSON of this series' sample object up to and including {@code "value":}, i.e.
     * <code>{"__name__":"…","k":"v",…,"value":</code>. Built once and cached, so encoding a sample
     * costs a copy plus the value and timestamp. Do not modify the returned array.
     */
    public byte[] jsonPrefix() {
        byte[] p = jsonPrefix;
        if (p == null) {
            StringBuilder sb = new StringBuilder(32 + keys.length * 24);
            sb.append("{\"__name__\":");
            Json.appendString(sb, name);
            for (int i = 0; i < keys.length; i++) {
                sb.append(',');
                Json.appendString(sb, keys[i]);
                sb.append(':');
                Json.appendString(sb, values[i]);
            }
            sb.append(",\"value\":");
            p = sb.toString().getBytes(StandardCharsets.UTF_8);
            jsonPrefix = p;
        }
        return p;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append('{');
        for (int i = 0; i < keys.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(keys[i]).append("=\"").append(values[i]).append('"');
        }
        return sb.append('}').toString();
    }
}
