package io.promsnap.bench;

import io.promsnap.bench.corpus.Corpus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
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
    /** A placeholder (see {@link DecoderBenchmark#decoder}): the {@code bench} command passes {@link Workloads#references}. */
    @Param(Workloads.FROM_REGISTRY)
    public String reference;

    @Param({"typical"})
    public String corpus;

    private Workload workload;
    private final Checksum sink = new Checksum();

    @Setup
    public void setup() throws Exception {
        Workloads.requireSet("reference", reference);
        workload = Workloads.reference(reference, Corpus.load(corpus));
        Settle.until(workload, sink);
    }

    @Setup(Level.Iteration)
    public void beforeIteration() {
        Settle.beforeIteration();
    }

    @Benchmark
    public long run() throws Exception {
        sink.reset();
        workload.run(sink);
        return sink.result();
    }
}
