package io.promsnap.relay.bench;

import java.util.ArrayList;
import java.util.List;

import io.promsnap.ContainerFormat;
import io.promsnap.DecoderConfig;
import io.promsnap.DecoderRegistry;
import io.promsnap.PayloadDecoder;
import io.promsnap.Sample;
import io.promsnap.relay.RelaySample;
import io.promsnap.traffic.ModelConfig;
import io.promsnap.traffic.TrafficModel;
import io.promsnap.traffic.encode.Batch;
import io.promsnap.traffic.encode.Batcher;
import io.promsnap.traffic.encode.JsonBatchWriter;
import io.promsnap.traffic.encode.PayloadCompressor;
import io.promsnap.traffic.encode.ValueSpelling;

/** The benchmark's input: traffic-model payloads of 2,000 samples (the default request size) and their samples. */
public final class EncodeWorkload {
    public static final int SAMPLES = 2000;
    public final List<byte[]> payloads = new ArrayList<>();
    public final List<RelaySample> samples = new ArrayList<>();

    public EncodeWorkload(int series, long seed) {
        TrafficModel model = new TrafficModel(ModelConfig.builder().series(series).seed(seed).build());
        Batcher batcher = new Batcher(new JsonBatchWriter(ValueSpelling.JAVA, true),
                new PayloadCompressor(ContainerFormat.RAW), 500, 1 << 22, (Batch b) -> payloads.add(b.payload()));
        while (payloads.size() < SAMPLES / 500) {
            model.step(batcher::add);
        }
        try (PayloadDecoder d = DecoderRegistry.getDefault().create("aircompressor+scanner", DecoderConfig.defaults())) {
            for (byte[] p : payloads) {
                for (Sample s : d.decodeBatch(p).samples()) {
                    String[] labels = new String[2 * s.labels().size()];
                    int i = 0;
                    for (var e : s.labels().entrySet()) {
                        labels[i++] = e.getKey();
                        labels[i++] = e.getValue();
                    }
                    samples.add(RelaySample.of(s.name(), labels, s.value(), s.timestampMillis()));
                }
            }
        }
    }
}
