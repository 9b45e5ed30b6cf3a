package io.promsnap.bench.cli;

import io.promsnap.bench.results.Results;
import io.promsnap.bench.results.Row;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;

/**
 * JMH's output condensed to one line per finished benchmark with its result and an ETA. JMH's own
 * chatter is dropped, except a failing benchmark's output (kept in a ring buffer and printed), so an
 * error is never hidden.
 */
final class ProgressOutput implements OutputFormat {
    private final PrintWriter out;
    private final int total;
    private final double plannedSecondsEach;
    private final Map<String, Results.CorpusSize> sizes;
    private final Deque<String> recent = new ArrayDeque<>();
    private final long start = System.nanoTime();
    private int done;
    private long benchStart;
    private String current = "";
    private boolean failing;

    ProgressOutput(PrintWriter out, int total, double plannedSecondsEach, Map<String, Results.CorpusSize> sizes) {
        this.out = out;
        this.total = total;
        this.plannedSecondsEach = plannedSecondsEach;
        this.sizes = sizes;
    }

    static String rowName(BenchmarkParams p) {
        if (p.getParam("reference") != null) {
            return p.getParam("reference");
        }
        String d = p.getParam("decoder");
        return p.getBenchmark().endsWith(".batch") ? d + " (batch)" : d;
    }

    @Override
    public void startRun() {
        out.printf("promsnap bench: %d benchmarks, about %s%n", total, clock(total * plannedSecondsEach));
        out.flush();
    }

    @Override
    public void startBenchmark(BenchmarkParams p) {
        benchStart = System.nanoTime();
        recent.clear();
        failing = false;
        current = String.format("[%d/%d] %-36s %-12s", done + 1, total, rowName(p), shortCorpus(p.getParam("corpus")));
        out.print(current);
        out.flush();
    }

    @Override
    public void iteration(BenchmarkParams benchParams, IterationParams params, int iteration) {
    }

    @Override
    public void iterationResult(BenchmarkParams benchParams, IterationParams params, int iteration, IterationResult data) {
        out.print('.');
        out.flush();
    }

    @Override
    public void endBenchmark(BenchmarkResult result) {
        done++;
        String line;
        if (result == null || result.getPrimaryResult() == null) {
            line = "  FAILED (output below)";
            failing = true;
        } else {
            String corpus = result.getParams().getParam("corpus");
            double ops = result.getPrimaryResult().getScore();
            double err = result.getPrimaryResult().getScoreError();
            Results.CorpusSize size = sizes.get(corpus);
            double alloc = Double.NaN;
            for (var e : result.getSecondaryResults().entrySet()) {
                if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                    alloc = e.getValue().getScore();
                }
            }
            String name = rowName(result.getParams());
            Row row = new Row(corpus, name, Row.Kind.ofRow(name), ops, Double.isFinite(err) ? err : 0, Results.UNIT_JMH,
                    alloc, new double[0]);
            Results.Rates r = Results.rates(row, size);
            line = String.format("  %8.1f ± %-6.1f MB/s  %6.2f M samples/s  %s B/sample", r.mbPerSec(), r.mbError(),
                    r.samplesPerSec() / 1e6, Double.isNaN(r.allocBytesPerSample()) ? "-"
                            : String.format("%.1f", r.allocBytesPerSample())) + (row.unstable() ? "  UNSTABLE" : "");
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double each = elapsed / done;
        out.printf("%s  ETA %s%n", line, clock(each * (total - done)));
        if (failing) {
            recent.forEach(l -> out.println("    | " + l));
        }
        out.flush();
    }

    @Override
    public void endRun(Collection<RunResult> result) {
        out.printf("done in %s%n", clock((System.nanoTime() - start) / 1e9));
        out.flush();
    }

    @Override
    public void print(String s) {
    }

    @Override
    public void println(String s) {
        keep(s);
    }

    @Override
    public void verbosePrintln(String s) {
    }

    private void keep(String s) {
        if (s == null) {
            return;
        }
        if (s.contains("<failure>") || s.contains("Exception") || s.startsWith("<forked VM") || s.contains("ERROR")) {
            failing = true;
        }
        recent.addLast(s);
        while (recent.size() > 60) {
            recent.removeFirst();
        }
    }

    @Override
    public void flush() {
        out.flush();
    }

    @Override
    public void close() {
        out.flush();
    }

    @Override
    public void write(int b) {
    }

    @Override
    public void write(byte[] b) {
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format("%d:%02d", s / 60, s % 60);
    }

    private static String shortCorpus(String c) {
        return c.length() <= 12 ? c : "…" + c.substring(c.length() - 11);
    }
}
