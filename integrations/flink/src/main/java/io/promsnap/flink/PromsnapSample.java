package io.promsnap.flink;

import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import io.promsnap.Sample;
import io.promsnap.SampleView;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * One Prometheus sample as a Flink POJO: public fields and a no-argument constructor, so Flink's
 * {@code PojoSerializer} handles it field by field (no Kryo), users can {@code keyBy("name")}-style
 * select fields, and the type can evolve with state. The {@link TypeInfo} annotation pins
 * {@code labels} to a {@code MapTypeInfo<String, String>} wherever Flink extracts this type, so the map
 * never falls back to Kryo either.
 *
 * <p>{@code labels} excludes {@code __name__}, {@code value} and {@code timestamp}. The map created by
 * the decoding schemas keeps payload order; after a network shuffle Flink's map serializer hands back a
 * {@code HashMap}, so code must not rely on label order.
 */
@TypeInfo(PromsnapSample.SampleTypeInfoFactory.class)
public class PromsnapSample {
    public String name;
    public Map<String, String> labels;
    public double value;
    public long timestampMillis;

    public PromsnapSample() {
    }

    public PromsnapSample(String name, Map<String, String> labels, double value, long timestampMillis) {
        this.name = name;
        this.labels = labels;
        this.value = value;
        this.timestampMillis = timestampMillis;
    }

    /** Copies a decoder's view (valid only during the visitor call) into a new object. */
    public static PromsnapSample of(SampleView view) {
        int n = view.labelCount();
        Map<String, String> labels = new java.util.LinkedHashMap<>(n * 4 / 3 + 1);
        for (int i = 0; i < n; i++) {
            labels.put(view.labelKey(i).toString(), view.labelValue(i).toString());
        }
        return new PromsnapSample(view.name().toString(), labels, view.value(), view.timestampMillis());
    }

    /** As decoder-core's immutable {@link Sample} (for comparisons with other decoders). */
    public Sample toSample() {
        return new Sample(name, labels == null ? Map.of() : labels, value, timestampMillis);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PromsnapSample s && Objects.equals(name, s.name) && Objects.equals(labels, s.labels)
                && Double.doubleToLongBits(value) == Double.doubleToLongBits(s.value)
                && timestampMillis == s.timestampMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, labels, Double.doubleToLongBits(value), timestampMillis);
    }

    @Override
    public String toString() {
        return name + labels + " " + value + " @" + timestampMillis;
    }

    /** The POJO type with {@code labels} as {@code MAP<STRING, STRING>}; used by the annotation above. */
    public static final class SampleTypeInfoFactory extends org.apache.flink.api.common.typeinfo.TypeInfoFactory<PromsnapSample> {
        @Override
        public TypeInformation<PromsnapSample> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            Map<String, TypeInformation<?>> fields = new HashMap<>();
            fields.put("name", Types.STRING);
            fields.put("labels", Types.MAP(Types.STRING, Types.STRING));
            fields.put("value", Types.DOUBLE);
            fields.put("timestampMillis", Types.LONG);
            return Types.POJO(PromsnapSample.class, fields);
        }
    }
}
