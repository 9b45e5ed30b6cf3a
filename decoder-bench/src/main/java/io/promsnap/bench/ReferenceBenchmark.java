package io.promsnap.bench;

import io.promsnap.bench.corpus.Corpus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * The reference rows ({@link Workloads#reference}) on the same corpora as {@link DecoderBenchmark}, in
 * the same run: seed-naive, decompress-only, validate-only, parse-only and naive library pairs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReferenceBenchmark {
    @Param({"seed-naive", "decompress-only:snappy-java", "decompress-only:aircompressor", "validate-only:utf8",
        "parse-only:jackson", "parse-only:dsl-json", "parse-only:scanner", "naive:snappy-java+jackson",
        "naive:snappy-java+dsl-json", "naive:aircompressor+jackson", "naive:aircompressor+dsl-json"})
    public String reference;

    @Param({"typical"})
    public String corpus;

    private Workload workload;
    private final Checksum sink = new Checksum();

    @Setup
    public void setup() {
        workload = Workloads.reference(reference, Corpus.load(corpus));
    }

    @Benchmark
    public long run() throws Exception {
        sink.reset();
        workload.run(sink);
        return sink.result();
    }
}
