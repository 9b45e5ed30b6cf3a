package io.promsnap.relay.sink;

import java.util.ArrayList;
import java.util.List;

import io.airlift.compress.snappy.SnappyDecompressor;
import io.promsnap.relay.RelaySample;
import io.promsnap.relay.bench.EncodeWorkload;
import io.promsnap.relay.internal.prompb.Remote.Label;
import io.promsnap.relay.internal.prompb.Remote.TimeSeries;
import io.promsnap.relay.internal.prompb.Remote.WriteRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The request body read back (Snappy, then protobuf): also the benchmark's correctness check. */
class RemoteWriteEncoderTest {

    static WriteRequest decode(byte[] body) throws Exception {
        byte[] raw = new byte[SnappyDecompressor.getUncompressedLength(body, 0)];
        new SnappyDecompressor().decompress(body, 0, body.length, raw, 0, raw.length);
        return WriteRequest.parseFrom(raw);
    }

    @Test
    void seriesGroupedInFirstAppearanceOrderSamplesInDeliveryOrderLabelsSorted() throws Exception {
        List<RelaySample> in = List.of(
                RelaySample.of("up", new String[] {"job", "a", "Zone", "z1", "empty", ""}, 1, 1000),
                RelaySample.of("temp", new String[] {"room", "b"}, 20.5, 1000),
                RelaySample.of("up", new String[] {"Zone", "z1", "job", "a"}, Double.NaN, 2000),
                RelaySample.of("up", new String[] {"job", "a", "Zone", "z1"}, 0, 1500));
        WriteRequest req = decode(new RemoteWriteEncoder().encode(in));
        assertThat(req.getTimeseriesCount()).isEqualTo(2);
        TimeSeries up = req.getTimeseries(0);
        assertThat(up.getLabelsList()).extracting(Label::getName).containsExactly("Zone", "__name__", "job");
        assertThat(up.getLabelsList()).extracting(Label::getValue).containsExactly("z1", "up", "a");
        assertThat(up.getSamplesList()).extracting(s -> s.getTimestamp()).containsExactly(1000L, 2000L, 1500L);
        assertThat(up.getSamples(1).getValue()).isNaN();
        TimeSeries temp = req.getTimeseries(1);
        assertThat(temp.getLabelsList()).extracting(Label::getName).containsExactly("__name__", "room");
        assertThat(temp.getSamples(0).getValue()).isEqualTo(20.5);
    }

    @Test
    void theBenchmarkWorkloadRoundTrips() throws Exception {
        List<RelaySample> in = new EncodeWorkload(1000, 1).samples;
        assertThat(in).hasSize(EncodeWorkload.SAMPLES);
        WriteRequest req = decode(new RemoteWriteEncoder().encode(in));
        List<String> out = new ArrayList<>();
        for (TimeSeries ts : req.getTimeseriesList()) {
            ts.getSamplesList().forEach(s -> out.add(ts.getLabelsList().toString() + s.getTimestamp()));
        }
        assertThat(out).hasSize(in.size()).doesNotHaveDuplicates();
    }
}
