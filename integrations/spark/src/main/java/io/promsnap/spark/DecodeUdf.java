package io.promsnap.spark;

import java.util.List;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;

/**
 * {@code promsnap_decode}: the samples of a message; a bad message throws the
 * {@link io.promsnap.PromsnapException}, which fails the task and so the query.
 */
final class DecodeUdf implements UDF1<byte[], List<Row>> {
    private static final long serialVersionUID = 1L;
    private final PromsnapSpark.Options options;

    DecodeUdf(PromsnapSpark.Options options) {
        this.options = options;
    }

    @Override
    public List<Row> call(byte[] value) {
        if (value == null) {
            return null;
        }
        Decoding.Collector c = Decoding.decode(options, value);
        return c.rows;
    }
}
