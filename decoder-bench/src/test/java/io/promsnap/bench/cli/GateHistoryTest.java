package io.promsnap.bench.cli;

import io.promsnap.bench.results.Gate;
import io.promsnap.bench.results.History;
import io.promsnap.bench.results.Results;
import io.promsnap.bench.results.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Baselines pooled from several runs, and {@code gate --record} keeping such a history. */
class GateHistoryTest {
    @TempDir
    Path dir;

    final GateCommandTest files = new GateCommandTest();

    Path run(String name, double scanner, double error) throws Exception {
        files.dir = dir;
        return files.jmh(name, GateCommandTest.ordered(
                "snappy-java+scanner", new double[] {scanner, error, 0.05 * GateCommandTest.TYPICAL_SAMPLES},
                "seed-naive", new double[] {15.0, 0.5, 30000.0 * GateCommandTest.TYPICAL_SAMPLES}));
    }

    GateCommandTest.Result gate(String... args) {
        return files.gate(args);
    }

    @Test
    void aRowsBaselineIsTheMedianOfTheRunsSoOneUnluckyRunDoesNotMoveTheBar() throws Exception {
        List<String> args = new ArrayList<>(List.of("--baseline"));
        double[] history = {100, 99, 101, 60, 100};
        for (int i = 0; i < history.length; i++) {
            args.add(run("base-" + i + ".json", history[i], 1.0).toString());
        }
        Path same = run("same.json", 100, 1.0);
        Results pooled = History.baseline(args.subList(1, args.size()).stream().map(Path::of).toList());
        Row r = pooled.find("typical", "snappy-java+scanner");
        assertThat(r.score()).isEqualTo(100.0);
        // the runs disagree (60 among them): the pooled interval says so, far wider than one run's ±1
        assertThat(r.error()).isGreaterThan(30);
        assertThat(pooled.environment()).containsEntry("baselineRuns", "5");

        // against the unlucky run alone the same build looks 1.67× faster; against the history it is 1.000
        GateCommandTest.Result single = gate("--baseline", args.get(4), "--current", same.toString());
        assertThat(single.out()).containsPattern("snappy-java\\+scanner .* 1\\.667 .* faster");
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--current", same.toString()));
        GateCommandTest.Result r5 = gate(all.toArray(String[]::new));
        assertThat(r5.exit()).as(r5.out()).isZero();
        assertThat(r5.out()).contains("baseline: median of 5 runs").containsPattern("snappy-java\\+scanner .* 1\\.000 .* ok")
                .contains("the baseline pools 5 runs");
    }

    @Test
    void aConsistentHistoryStillCatchesATwentyPercentSlowdown() throws Exception {
        List<String> args = new ArrayList<>(List.of("--baseline"));
        double[] history = {100, 99, 101, 100, 98};
        for (int i = 0; i < history.length; i++) {
            args.add(run("base-" + i + ".json", history[i], 1.0).toString());
        }
        args.addAll(List.of("--current", run("slow.json", 80, 1.0).toString()));
        GateCommandTest.Result r = gate(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).containsPattern("snappy-java\\+scanner .* 0\\.800 .*REGRESSION");
    }

    @Test
    void recordAppendsRunsWithTheirCommitAndADirectoryIsABaseline() throws Exception {
        Path hist = dir.resolve("history");
        double[] scores = {50, 100, 101, 99};
        for (int i = 0; i < scores.length; i++) {
            GateCommandTest.Result r = gate("--record", hist.toString(), "--current", run("r" + i + ".json", scores[i], 1.0)
                    .toString(), "--commit", "c0ffee" + i);
            assertThat(r.exit()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains("recorded: " + hist);
            Thread.sleep(1100); // entries are named by the second
        }
        List<Path> entries;
        try (Stream<Path> s = Files.list(hist)) {
            entries = s.sorted().toList();
        }
        assertThat(entries).hasSize(4);
        assertThat(entries.get(0).getFileName().toString()).matches("\\d{8}T\\d{6}Z-c0ffee0\\.json");
        String first = Files.readString(entries.get(0));
        assertThat(first).contains("\"commit\" : \"c0ffee0\"").contains("\"recorded\"").contains("\"cpus\"")
                .contains("\"run\"");
        Results back = Results.read(entries.get(0));
        assertThat(back.find("typical", "snappy-java+scanner").score()).isEqualTo(50.0);
        assertThat(back.environment()).containsEntry("commit", "c0ffee0").containsKey("cpus");

        // the newest 3 runs (100, 101, 99): the 50 recorded first is out of the window
        GateCommandTest.Result r = gate("--baseline", hist.toString(), "--history", "3", "--current",
                run("cur.json", 100, 1.0).toString(), "--markdown", dir.resolve("g.md").toString());
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("baseline: median of 3 runs").containsPattern("snappy-java\\+scanner .* 1\\.000 .* ok");
        assertThat(Files.readString(dir.resolve("g.md"))).contains("the median of 3 runs")
                .contains("| commit | c0ffee1 c0ffee2 c0ffee3 |");

        // compare and record in one go; a broken run is never recorded
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"results\": [");
        GateCommandTest.Result bad = gate("--record", hist.toString(), "--current", broken.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("not valid JSON");
        try (Stream<Path> s = Files.list(hist)) {
            assertThat(s.count()).isEqualTo(4);
        }
        Path empty = Files.createDirectories(dir.resolve("empty"));
        GateCommandTest.Result none = gate("--baseline", empty.toString(), "--current", broken.toString());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("no result files");
    }

    @Test
    void thePooledIntervalGrowsWithTheSpreadBetweenRuns() {
        Results a = new Results(List.of(new Row("t", "a+b", Row.Kind.DECODER, 100, 2, Results.UNIT_JMH, 0, new double[0])),
                java.util.Map.of());
        Results b = new Results(List.of(new Row("t", "a+b", Row.Kind.DECODER, 100, 2, Results.UNIT_JMH, 0, new double[0])),
                java.util.Map.of());
        Results c = new Results(List.of(new Row("t", "a+b", Row.Kind.DECODER, 120, 2, Results.UNIT_JMH, 0, new double[0])),
                java.util.Map.of());
        Row tight = History.pool(List.of(a, b)).rows().get(0);
        Row spread = History.pool(List.of(a, b, c)).rows().get(0);
        assertThat(tight.error()).isEqualTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(spread.score()).isEqualTo(100.0);
        assertThat(spread.error()).isGreaterThan(20);
        assertThat(Gate.compare(History.pool(List.of(a, b)), c, 10, null).lines().get(0).verdict())
                .isEqualTo(Gate.Verdict.FASTER);
    }
}
