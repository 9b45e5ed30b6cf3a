package io.promsnap.bench.cli;

import io.promsnap.bench.corpus.Corpus;
import io.promsnap.bench.results.Gate;
import io.promsnap.bench.results.Results;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The allocation gate on real JMH runs: a decoder that starts allocating per sample
 * ({@code -Dpromsnap.bench.allocate}) fails the gate on allocation alone; the same build does not.
 */
class AllocationGateTest {
    @TempDir
    Path dir;

    static final String DECODER = "aircompressor+scanner";

    Results run(String name, String... jvmArgs) throws Exception {
        // JMH's /tmp/jmh.lock keeps two timed runs apart; this test reads allocation per operation, which
        // another JMH run on the machine cannot disturb, so it must not fail because one is running
        System.setProperty("jmh.ignoreLock", "true");
        Path json = dir.resolve(name + ".json");
        List<String> args = new java.util.ArrayList<>(List.of("-Xms256m", "-Xmx256m"));
        args.addAll(List.of(jvmArgs));
        BenchRunner.Plan plan = new BenchRunner.Plan(List.of(DECODER), List.of(), List.of("small"), false,
                new BenchRunner.Settings(1, 2, TimeValue.milliseconds(300), 3, TimeValue.milliseconds(300)), null, args, json);
        BenchRunner.run(plan, BenchCommand.load(List.of("small")).sizes(), new PrintWriter(new StringWriter()), false);
        return Results.read(json);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aDecoderThatStartsAllocatingPerSampleFailsTheGateOnAllocationAlone() throws Exception {
        Results base = run("base");
        Results same = run("same");
        Results alloc = run("alloc", "-Dpromsnap.bench.allocate=16");
        long samples = Corpus.load("small").samples();
        // the throughput half must not decide this test: ignore it with a threshold nothing reaches
        Gate.Thresholds t = new Gate.Thresholds(99, 1, 10);

        Gate.Outcome ok = Gate.compare(base, same, t, null, GateCommand::samplesPerOp);
        Gate.Line okLine = allocationLine(ok);
        assertThat(ok.regression()).as(text(ok)).isFalse();
        // the visitor API allocates nothing per sample; JMH's own per-iteration allocations, spread over the few
        // operations a loaded machine completes, showed up as 1.06 B/sample on the 2-core machine at load 30
        assertThat(okLine.candidate()).as("the visitor API allocates (almost) nothing per sample").isLessThan(4);

        Gate.Outcome bad = Gate.compare(base, alloc, t, null, GateCommand::samplesPerOp);
        Gate.Line badLine = allocationLine(bad);
        assertThat(bad.regression()).as(text(bad)).isTrue();
        assertThat(badLine.verdict()).isEqualTo(Gate.Verdict.REGRESSION);
        // byte[16] is 32 bytes with compressed class pointers: about that much more per sample
        assertThat(badLine.difference()).as(text(bad)).isBetween(24.0, 40.0);
        assertThat(bad.lines()).filteredOn(l -> l.metric() == Gate.Metric.THROUGHPUT)
                .allSatisfy(l -> assertThat(l.verdict()).isNotEqualTo(Gate.Verdict.REGRESSION));
        assertThat(samples).isPositive();
    }

    static Gate.Line allocationLine(Gate.Outcome o) {
        return o.lines().stream().filter(l -> l.metric() == Gate.Metric.ALLOCATION && l.name().equals(DECODER))
                .findFirst().orElseThrow();
    }

    static String text(Gate.Outcome o) {
        StringWriter s = new StringWriter();
        Gate.print(o, new PrintWriter(s));
        return s.toString();
    }
}
