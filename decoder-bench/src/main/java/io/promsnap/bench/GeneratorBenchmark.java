package io.promsnap.bench;

import java.util.concurrent.TimeUnit;

import io.promsnap.traffic.encode.ValueSpelling;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The load generator on one thread: traffic model + JSON encoding + Snappy compression of 10,000
 * samples (10 batches of 1,000) per invocation, reported per sample, so the score is samples/s. The
 * goal is at least 1 M samples/s on one core. {@code spelling} is Java's ({@code 675.0}) or Go's
 * ({@code 675}, {@code 1.5e+09}); {@code values} are JSON strings (the vendor's example) or numbers.
 * The model runs on across invocations (the steady state of a long run: counters rise, gauges walk).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class GeneratorBenchmark {
    /** Samples per invocation. */
    public static final int SAMPLES = 10_000;

    @Param({"JAVA", "GO"})
    public ValueSpelling spelling;

    @Param({"string", "number"})
    public String values;

    private GeneratorWorkload workload;

    @Setup
    public void setup() {
        workload = new GeneratorWorkload(spelling, "string".equals(values));
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public long generate() {
        return workload.run(SAMPLES);
    }
}
