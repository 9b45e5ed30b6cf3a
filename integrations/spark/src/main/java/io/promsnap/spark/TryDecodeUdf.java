package io.promsnap.spark;

import java.util.List;

import io.promsnap.PromsnapException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;

/**
 * {@code try_promsnap_decode}: {@code (samples, error, skipped)}. Only {@link PromsnapException} (bad
 * input) becomes an error value; anything else is a bug and still fails the query.
 */
final class TryDecodeUdf implements UDF1<byte[], Row> {
    private static final long serialVersionUID = 1L;
    private final PromsnapSpark.Options options;

    TryDecodeUdf(PromsnapSpark.Options options) {
        this.options = options;
    }

    @Override
    public Row call(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            Decoding.Collector c = Decoding.decode(options, value);
            return RowFactory.create(c.rows, null, c.skipped == null ? List.of() : c.skipped);
        } catch (PromsnapException e) {
            // no partial samples: a message is decoded entirely or not at all
            return RowFactory.create(null, e.getMessage(), List.of());
        }
    }
}
