package io.promsnap.bench.cli;

import io.promsnap.bench.Settle;
import org.junit.jupiter.api.Test;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every iteration of a bench run starts on a collected heap through one {@code System.gc()} in the fork
 * ({@link Settle#beforeIteration}), not JMH's {@code -gc true} and its 200 ms waits (docs/benchmarks.md,
 * "Quick vs careful": 0.6 s of wall time per iteration).
 */
class GcEachIterationTest {

    @Test
    void theRunnerAsksItsForksForOneCollectionPerIteration() {
        BenchRunner.Plan plan = new BenchRunner.Plan(List.of("aircompressor+scanner"), List.of(), List.of("typical"), false,
                BenchRunner.Settings.QUICK, null, List.of("-Dmine=1"), Path.of("x.json"));
        List<String> args = BenchRunner.forkArgs(plan);
        assertThat(args).contains("-Dpromsnap.bench.gcEachIteration=true");
        assertThat(args.indexOf("-Dmine=1")).as("the user's own arguments come last and win")
                .isGreaterThan(args.indexOf("-Dpromsnap.bench.gcEachIteration=true"));
    }

    @Test
    void beforeIterationCollectsOnlyWhenAsked() {
        String key = "promsnap.bench.gcEachIteration";
        String old = System.getProperty(key);
        try {
            System.setProperty(key, "true");
            long before = collections();
            Settle.beforeIteration();
            assertThat(collections()).as("a System.gc() has run and finished").isGreaterThan(before);
        } finally {
            if (old == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, old);
            }
        }
    }

    private static long collections() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }
}
