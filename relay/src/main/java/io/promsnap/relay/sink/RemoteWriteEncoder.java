package io.promsnap.relay.sink;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.airlift.compress.snappy.SnappyCompressor;
import io.promsnap.relay.RelaySample;
import io.promsnap.relay.internal.prompb.Remote.Label;
import io.promsnap.relay.internal.prompb.Remote.Sample;
import io.promsnap.relay.internal.prompb.Remote.TimeSeries;
import io.promsnap.relay.internal.prompb.Remote.WriteRequest;

/**
 * Samples to a Remote-Write 1.0 request body: a protobuf {@code WriteRequest} (classes generated from
 * remote.proto at build time) with one {@code TimeSeries} per series, in the order each series first
 * appears and its samples in delivery order, labels sorted by name with {@code __name__} among them and
 * empty-valued labels left out (the spec forbids them; Prometheus treats them as absent), then
 * Snappy-compressed in the block format. Not thread-safe (one per shard).
 */
public final class RemoteWriteEncoder {
    private final SnappyCompressor snappy = new SnappyCompressor();
    private byte[] out = new byte[64 * 1024];

    /** The request body for these samples; a new array. */
    public byte[] encode(List<RelaySample> samples) {
        byte[] raw = writeRequest(samples).toByteArray();
        int max = snappy.maxCompressedLength(raw.length);
        if (out.length < max) {
            out = new byte[max];
        }
        int n = snappy.compress(raw, 0, raw.length, out, 0, out.length);
        return Arrays.copyOf(out, n);
    }

    /** The uncompressed message (tests read it back). */
    public static WriteRequest writeRequest(List<RelaySample> samples) {
        Map<SeriesKey, TimeSeries.Builder> series = new LinkedHashMap<>();
        for (RelaySample s : samples) {
            SeriesKey key = new SeriesKey(s);
            TimeSeries.Builder ts = series.get(key);
            if (ts == null) {
                String[] sorted = s.seriesLabels();
                ts = TimeSeries.newBuilder();
                boolean nameDone = false;
                for (int i = 0; i < sorted.length; i += 2) {
                    if (!nameDone && "__name__".compareTo(sorted[i]) < 0) {
                        ts.addLabels(Label.newBuilder().setName("__name__").setValue(s.name()));
                        nameDone = true;
                    }
                    ts.addLabels(Label.newBuilder().setName(sorted[i]).setValue(sorted[i + 1]));
                }
                if (!nameDone) {
                    ts.addLabels(Label.newBuilder().setName("__name__").setValue(s.name()));
                }
                series.put(key, ts);
            }
            ts.addSamples(Sample.newBuilder().setValue(s.value()).setTimestamp(s.timestampMillis()));
        }
        WriteRequest.Builder req = WriteRequest.newBuilder();
        for (TimeSeries.Builder ts : series.values()) {
            req.addTimeseries(ts);
        }
        return req.build();
    }

    private record SeriesKey(RelaySample s) {
        @Override
        public boolean equals(Object o) {
            return o instanceof SeriesKey k && k.s.sameSeries(s);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(s.seriesHash());
        }
    }
}
