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
import org.openjdk.jmh.infra.BenchmarkParams;

import java.util.concurrent.TimeUnit;

/**
 * Every registered decoder × every corpus; one operation decodes the whole corpus and consumes every
 * sample into a {@link Checksum} that is returned (so JMH's Blackhole keeps it). {@code visitor} is the
 * allocation-free API, {@code batch} the convenience API. The {@code decoder} values are filled at run
 * time from the registry, third-party decoders on the class path included.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecoderBenchmark {
    /**
     * {@code -Dpromsnap.bench.slowdown=0.2} makes every invocation take 1/(1-0.2) times as long (by
     * spinning after the real work), to measure the CI gate's detection rate on a real, timed slowdown.
     */
    static final double SLOWDOWN = Double.parseDouble(System.getProperty("promsnap.bench.slowdown", "0"));

    /**
     * {@code -Dpromsnap.bench.allocate=16} allocates a {@code byte[16]} (32 bytes on a 64-bit JVM with
     * compressed oops) per decoded sample, kept reachable until the next one: a decoder that started
     * allocating per sample, to measure the allocation gate. It costs a few percent of throughput at most.
     */
    static final int ALLOCATE = Integer.getInteger("promsnap.bench.allocate", 0);

    /** The injected allocation's last array; a field, so escape analysis cannot remove the allocations. */
    public byte[] garbage;

    /**
     * A placeholder: JMH wants values at compile time, but the decoders are whatever the registry finds at
     * run time, so the {@code bench} and {@code gate} commands always pass {@code -p decoder=...} from
     * {@code DecoderRegistry}; a run without it stops in {@link #setup()} saying so.
     */
    @Param(Workloads.FROM_REGISTRY)
    public String decoder;

    @Param({"typical"})
    public String corpus;

    /**
     * A selector in PromQL form ({@code bench --match}), or empty for none: {@code bench --match} runs every
     * decoder row with both values in the same run, so selected rows sit beside the unselected ones.
     */
    @Param({""})
    public String match;

    private Workload visitor;
    private Workload batch;
    private final Checksum sink = new Checksum();

    @Setup
    public void setup(BenchmarkParams params) throws Exception {
        Workloads.requireSet("decoder", decoder);
        Corpus c = Corpus.load(corpus);
        io.promsnap.Selector sel = match.isEmpty() ? io.promsnap.Selector.all() : io.promsnap.Selector.parse(match);
        visitor = Workloads.visitor(decoder, c, sel);
        batch = Workloads.batch(decoder, c, sel);
        Settle.until(params.getBenchmark().endsWith(".batch") ? batch : visitor, sink);
    }

    @Setup(Level.Iteration)
    public void beforeIteration() {
        Settle.beforeIteration();
    }

    @Benchmark
    public long visitor() throws Exception {
        return measure(visitor);
    }

    @Benchmark
    public long batch() throws Exception {
        return measure(batch);
    }

    private long measure(Workload w) throws Exception {
        sink.reset();
        if (SLOWDOWN > 0) {
            long t0 = System.nanoTime();
            w.run(sink);
            long target = t0 + (long) ((System.nanoTime() - t0) / (1 - SLOWDOWN));
            while (System.nanoTime() < target) {
                Thread.onSpinWait();
            }
        } else {
            w.run(sink);
        }
        if (ALLOCATE > 0) {
            for (long i = 0, n = sink.samples; i < n; i++) {
                garbage = new byte[ALLOCATE];
            }
        }
        return sink.result();
    }
}
