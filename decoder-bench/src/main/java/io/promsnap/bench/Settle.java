package io.promsnap.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * A warm-up sized by the row's own JIT: before JMH's iterations, runs the workload in slices until the JIT
 * compiler has been idle for {@link #QUIET_MILLIS} (its total compilation time stopped growing), at least
 * {@link #MIN_MILLIS} and at most {@code -Dpromsnap.bench.settle=MILLIS}, then collects the garbage of the
 * warm-up so that the measurement starts on a clean heap. One JMH fork runs one row, so the JVM's
 * compilation counter is this row's. Why: a fixed warm-up of a second left the allocation-heavy reference
 * rows (seed-naive, the naive library pairs) mid-compilation in quick runs, with ±150% errors and ratios
 * 2–3× off the careful run's (issue 16). Off when the property is absent or 0 (plain JMH runs).
 */
public final class Settle {
    static final long MAX_MILLIS = Long.getLong("promsnap.bench.settle", 0);
    static final long MIN_MILLIS = 500;
    static final long QUIET_MILLIS = 600;
    static final long SLICE_MILLIS = 100;

    private Settle() {
    }

    /**
     * Before each iteration ({@code @Setup(Level.Iteration)}, outside the measured time), with
     * {@code -Dpromsnap.bench.gcEachIteration=true}: one {@code System.gc()}, so that every iteration starts on a
     * collected heap and no pause of the last one's garbage lands in it. This replaces JMH's own {@code -gc true},
     * which after its {@code System.gc()} sleeps in 200 ms steps until the collector counts look settled (it
     * must also serve collectors that run {@code System.gc()} concurrently): about 0.6 s per iteration, 5 s of a
     * quick row's 15 here. The forks' G1 runs {@code System.gc()} as a stop-the-world full collection that has
     * finished when the call returns, so one call does the same work without the waits.
     */
    public static void beforeIteration() {
        if (Boolean.getBoolean("promsnap.bench.gcEachIteration")) {
            System.gc();
        }
    }

    /** Settles within {@code -Dpromsnap.bench.settle}; returns the milliseconds spent (0 when off). */
    public static long until(Workload w, Checksum sink) throws Exception {
        return until(w, sink, MAX_MILLIS);
    }

    static long until(Workload w, Checksum sink, long maxMillis) throws Exception {
        if (maxMillis <= 0) {
            return 0;
        }
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
        long start = System.nanoTime();
        long quietSince = start;
        long compiled = timed ? jit.getTotalCompilationTime() : 0;
        long now = start;
        while (now - start < maxMillis * 1_000_000L) {
            long sliceEnd = now + SLICE_MILLIS * 1_000_000L;
            do {
                sink.reset();
                w.run(sink);
                now = System.nanoTime();
            } while (now < sliceEnd);
            long c = timed ? jit.getTotalCompilationTime() : compiled;
            if (c != compiled) {
                compiled = c;
                quietSince = now;
            } else if (now - quietSince >= QUIET_MILLIS * 1_000_000L && now - start >= MIN_MILLIS * 1_000_000L) {
                break;
            }
        }
        System.gc();
        return (System.nanoTime() - start) / 1_000_000L;
    }
}
