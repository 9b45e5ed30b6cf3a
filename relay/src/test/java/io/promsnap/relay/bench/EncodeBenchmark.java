package io.promsnap.relay.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.promsnap.DecoderConfig;
import io.promsnap.DecoderRegistry;
import io.promsnap.PayloadDecoder;
import io.promsnap.relay.DecodePath;
import io.promsnap.relay.RelaySample;
import io.promsnap.relay.format.SampleFormat;
import io.promsnap.relay.sink.RemoteWriteEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The relay's encode path in samples/s: decoded samples to a remote-write request body (protobuf
 * {@code WriteRequest}, Snappy) and to each per-sample JSON format. One operation is one sample
 * (a request of {@link EncodeWorkload#SAMPLES}), so the scores read directly as samples per second.
 * Run: see relay/README.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class EncodeBenchmark {
    @Param({"1000"})
    int series;

    List<RelaySample> samples;
    List<byte[]> payloads;
    RemoteWriteEncoder encoder;
    StringBuilder scratch;
    PayloadDecoder decoder;
    List<RelaySample> decoded;

    @Setup
    public void setup() {
        EncodeWorkload w = new EncodeWorkload(series, 1);
        samples = w.samples;
        payloads = w.payloads;
        encoder = new RemoteWriteEncoder();
        scratch = new StringBuilder(1024);
        decoder = DecoderRegistry.getDefault().create("aircompressor+scanner", DecoderConfig.defaults());
        decoded = new ArrayList<>(EncodeWorkload.SAMPLES);
    }

    @TearDown
    public void tearDown() {
        decoder.close();
    }

    /** The other side, for the ratio: the relay's decode of the same samples (aircompressor+scanner, copied out). */
    @Benchmark
    @OperationsPerInvocation(EncodeWorkload.SAMPLES)
    public List<RelaySample> decode() {
        decoded.clear();
        for (int i = 0; i < payloads.size(); i++) {
            DecodePath.decode(decoder, payloads.get(i), decoded);
        }
        return decoded;
    }

    @Benchmark
    @OperationsPerInvocation(EncodeWorkload.SAMPLES)
    public byte[] remoteWrite() {
        return encoder.encode(samples);
    }

    @Benchmark
    @OperationsPerInvocation(EncodeWorkload.SAMPLES)
    public void jsonl(Blackhole bh) {
        json(SampleFormat.JSONL, bh);
    }

    @Benchmark
    @OperationsPerInvocation(EncodeWorkload.SAMPLES)
    public void victoriametrics(Blackhole bh) {
        json(SampleFormat.VICTORIAMETRICS, bh);
    }

    @Benchmark
    @OperationsPerInvocation(EncodeWorkload.SAMPLES)
    public void clickhouse(Blackhole bh) {
        json(SampleFormat.CLICKHOUSE, bh);
    }

    private void json(SampleFormat f, Blackhole bh) {
        for (int i = 0; i < samples.size(); i++) {
            bh.consume(f.encode(scratch, samples.get(i)));
        }
    }
}
