package io.promsnap.conformance.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The generator's own model of one sample: what a correct decoder must report. Independent of the
 * decoder contract's {@code Sample} on purpose (labels are an ordered list of pairs, so the model can
 * express exactly what the payload says, including order).
 */
public record ModelSample(String name, List<Label> labels, double value, long timestamp) {
    public ModelSample {
        Objects.requireNonNull(name, "name");
        labels = List.copyOf(labels);
    }

    /** One label, in payload order. */
    public record Label(String key, String value) {
        public Label {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code of("up", 1.0, 5, "job", "x", "instance", "y")}: labels as key, value pairs. */
    public static ModelSample of(String name, double value, long timestamp, String... kv) {
        if (kv.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in key, value pairs");
        }
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < kv.length; i += 2) {
            labels.add(new Label(kv[i], kv[i + 1]));
        }
        return new ModelSample(name, labels, value, timestamp);
    }
}
