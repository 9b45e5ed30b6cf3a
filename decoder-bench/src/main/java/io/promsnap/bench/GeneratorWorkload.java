package io.promsnap.bench;

import java.util.zip.CRC32;

import io.promsnap.ContainerFormat;
import io.promsnap.traffic.ModelConfig;
import io.promsnap.traffic.SampleSink;
import io.promsnap.traffic.TrafficModel;
import io.promsnap.traffic.encode.Batch;
import io.promsnap.traffic.encode.Batcher;
import io.promsnap.traffic.encode.JsonBatchWriter;
import io.promsnap.traffic.encode.PayloadCompressor;
import io.promsnap.traffic.encode.ValueSpelling;

/**
 * The load generator's hot path without Kafka: the traffic model produces samples, {@link JsonBatchWriter}
 * writes them as a JSON array, {@link PayloadCompressor} compresses each batch into a raw Snappy block.
 * Every compressed payload is folded into a CRC-32 (an intrinsic, a few percent of the work), so the
 * output cannot be optimised away and can be checked against an independent encoding. Not thread-safe.
 *
 * <p>{@link #run(int)} takes exactly {@code n} samples: the model emits whole histograms, so the
 * samples of the last group beyond {@code n} are dropped (they are generated, not encoded: at most a
 * few dozen per 10,000) and the next run starts at the next group. The pending batch is flushed at the
 * end of each run.
 */
public final class GeneratorWorkload {
    /** The model every benchmark and its correctness test use. */
    public static ModelConfig model() {
        return ModelConfig.builder().series(10_000).seed(1).build();
    }

    /** Samples per batch (the generator's default). */
    public static final int BATCH_SAMPLES = 1000;

    private final TrafficModel model;
    private final Batcher batcher;
    private final CRC32 crc = new CRC32();
    private long samples;
    private long batches;
    private long jsonBytes;
    private long compressedBytes;
    private int limit;
    private int taken;
    private final SampleSink sink = this::take;

    public GeneratorWorkload(ValueSpelling spelling, boolean valuesAsStrings) {
        model = new TrafficModel(model());
        batcher = new Batcher(new JsonBatchWriter(spelling, valuesAsStrings), new PayloadCompressor(ContainerFormat.RAW),
                BATCH_SAMPLES, 1 << 20, this::accept);
    }

    private void take(io.promsnap.traffic.Series s, double v, long ts) {
        if (taken < limit) {
            batcher.add(s, v, ts);
            taken++;
        }
    }

    private void accept(Batch b) {
        byte[] p = b.payload();
        crc.update(p, 0, p.length);
        samples += b.samples();
        batches++;
        jsonBytes += b.jsonBytes();
        compressedBytes += p.length;
    }

    /** Generates, encodes and compresses exactly {@code n} samples; returns the running checksum. */
    public long run(int n) {
        limit = n;
        taken = 0;
        while (taken < limit) {
            model.step(sink);
        }
        batcher.flush();
        return checksum();
    }

    /** CRC-32 of every compressed payload so far, in order, mixed with the sample count. */
    public long checksum() {
        return crc.getValue() ^ samples << 32;
    }

    public long samples() {
        return samples;
    }

    public long batches() {
        return batches;
    }

    public long jsonBytes() {
        return jsonBytes;
    }

    public long compressedBytes() {
        return compressedBytes;
    }
}
