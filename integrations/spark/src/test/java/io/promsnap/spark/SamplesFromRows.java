package io.promsnap.spark;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.promsnap.Sample;
import org.apache.spark.sql.Row;

/** Turns rows of {@code name, keys, values, value, ts} (labels as two arrays: a map would lose order) into samples. */
final class SamplesFromRows {
    private SamplesFromRows() {
    }

    /** The columns to select from an exploded sample {@code s} for {@link #samples}. */
    static final String[] COLUMNS = {"s.name", "map_keys(s.labels) AS k", "map_values(s.labels) AS v", "s.value",
        "s.ts"};

    static List<Sample> samples(List<Row> rows) {
        List<Sample> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            List<String> keys = r.<String>getList(1);
            List<String> values = r.<String>getList(2);
            Map<String, String> labels = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                labels.put(keys.get(i), values.get(i));
            }
            Timestamp ts = r.getTimestamp(4);
            out.add(new Sample(r.getString(0), labels, r.getDouble(3), ts.getTime()));
        }
        return out;
    }

}
