package io.promsnap.spark;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.promsnap.DecoderRegistry;
import io.promsnap.PayloadDecoder;
import io.promsnap.PromsnapException;
import io.promsnap.SampleView;
import io.promsnap.SampleVisitor;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The decoding both functions share: a per-thread decoder and a visitor that turns each sample into a
 * {@link Row} of {@link PromsnapSpark#SAMPLE_TYPE}.
 */
final class Decoding {
    /**
     * Decoders per executor thread, by configuration. Spark's task threads are pooled, so a decoder (and its
     * buffers) is reused by every task its thread runs; a thread never sees another thread's decoder. The
     * map stays as small as the number of configurations registered in the session.
     */
    private static final ThreadLocal<Map<String, PayloadDecoder>> DECODERS = ThreadLocal.withInitial(HashMap::new);

    private Decoding() {
    }

    static PayloadDecoder decoder(PromsnapSpark.Options options) {
        return DECODERS.get().computeIfAbsent(options.decoderKey(),
                k -> DecoderRegistry.getDefault().create(options.decoder, options.config()));
    }

    /** Collects the samples of one message as rows, and under SKIP the reasons of dropped samples. */
    static final class Collector implements SampleVisitor {
        final List<Row> rows = new ArrayList<>();
        List<String> skipped;

        @Override
        public void onSample(SampleView s) {
            int n = s.labelCount();
            // Spark converts a java.util.Map in insertion order: labels keep payload order
            Map<String, String> labels = new LinkedHashMap<>(Math.max(4, n * 2));
            for (int i = 0; i < n; i++) {
                labels.put(s.labelKey(i).toString(), s.labelValue(i).toString());
            }
            rows.add(RowFactory.create(s.name().toString(), labels, s.value(),
                    Instant.ofEpochMilli(s.timestampMillis())));
        }

        @Override
        public void onSkipped(PromsnapException reason) {
            if (skipped == null) {
                skipped = new ArrayList<>();
            }
            skipped.add(reason.getMessage());
        }
    }

    /** Decodes one message; throws {@link PromsnapException} for bad input. */
    static Collector decode(PromsnapSpark.Options options, byte[] value) {
        Collector c = new Collector();
        decoder(options).decode(value, 0, value.length, c);
        return c;
    }
}
