package io.promsnap.bench.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The gate fails on a real regression, passes on identical or noisy results, and refuses malformed files. */
class GateCommandTest {
    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
    }

    Result gate(String... args) {
        CommandLine cl = GateCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return new Result(cl.execute(args), out.toString(), err.toString());
    }

    /** A JMH result file in JMH's own format: rows of (decoder or reference, score, error, alloc). */
    Path jmh(String file, Map<String, double[]> rows) throws Exception {
        StringBuilder sb = new StringBuilder("[\n");
        boolean first = true;
        for (var e : rows.entrySet()) {
            String name = e.getKey();
            double[] v = e.getValue();
            boolean ref = name.contains(":") || name.equals("seed-naive");
            boolean batch = name.endsWith(" (batch)");
            String bench = ref ? "io.promsnap.bench.ReferenceBenchmark.run"
                    : batch ? "io.promsnap.bench.DecoderBenchmark.batch" : "io.promsnap.bench.DecoderBenchmark.visitor";
            String param = ref ? "reference" : "decoder";
            name = batch ? name.substring(0, name.length() - " (batch)".length()) : name;
            sb.append(first ? "" : ",\n");
            first = false;
            sb.append(String.format(Locale.ROOT, """
                    {"jmhVersion":"1.37","benchmark":"%s","mode":"thrpt","threads":1,"forks":1,
                     "jvm":"/usr/bin/java","jdkVersion":"17.0.15","vmName":"OpenJDK 64-Bit Server VM",
                     "params":{"%s":"%s","corpus":"typical"},
                     "primaryMetric":{"score":%f,"scoreError":%f,"scoreConfidence":[%f,%f],"scoreUnit":"ops/s",
                       "rawData":[[%f,%f,%f]]},
                     "secondaryMetrics":{"\u00b7gc.alloc.rate.norm":{"score":%f,"scoreError":0.0,"scoreUnit":"B/op"}}}
                    """, bench, param, name, v[0], v[1], v[0] - v[1], v[0] + v[1], v[0], v[0], v[0], v[2]));
        }
        sb.append("]\n");
        Path p = dir.resolve(file);
        Files.writeString(p, sb.toString());
        return p;
    }

    static Map<String, double[]> baseline() {
        return Map.of(
                "snappy-java+scanner", new double[] {100.0, 3.0, 1.0},
                "aircompressor+jackson", new double[] {30.0, 1.0, 500.0},
                "seed-naive", new double[] {15.0, 0.5, 30000.0});
    }

    @Test
    void identicalResultsPass() throws Exception {
        Path b = jmh("b.json", baseline());
        Result r = gate("--baseline", b.toString(), "--current", b.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("gate passed").contains("snappy-java+scanner").contains("1.000");
    }

    @Test
    void noiseWithinTheErrorBoundsPassesEvenBeyondTheThreshold() throws Exception {
        Path b = jmh("b.json", baseline());
        // 12% slower but with a ±15% interval on each side: not a clear slowdown
        Path c = jmh("c.json", Map.of(
                "snappy-java+scanner", new double[] {88.0, 13.0, 1.0},
                "aircompressor+jackson", new double[] {29.0, 1.0, 500.0},
                "seed-naive", new double[] {14.0, 0.5, 30000.0}));
        Result r = gate("--baseline", b.toString(), "--current", c.toString(), "--max-regression", "10");
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("slower, within noise");
    }

    @Test
    void anInjectedTwentyPercentSlowdownFails() throws Exception {
        Path b = jmh("b.json", baseline());
        Path c = jmh("c.json", Map.of(
                "snappy-java+scanner", new double[] {80.0, 2.5, 1.0},
                "aircompressor+jackson", new double[] {30.0, 1.0, 500.0},
                "seed-naive", new double[] {15.0, 0.5, 30000.0}));
        Result r = gate("--baseline", b.toString(), "--current", c.toString());
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).containsPattern("snappy-java\\+scanner .* 0\\.800 .*REGRESSION").contains("GATE FAILED");
        assertThat(r.out()).containsPattern("aircompressor\\+jackson .* ok");
    }

    @Test
    void aSlowerReferenceRowAloneDoesNotFailTheGate() throws Exception {
        Path b = jmh("b.json", baseline());
        Path c = jmh("c.json", Map.of(
                "snappy-java+scanner", new double[] {100.0, 3.0, 1.0},
                "aircompressor+jackson", new double[] {30.0, 1.0, 500.0},
                "seed-naive", new double[] {5.0, 0.1, 30000.0}));
        Result r = gate("--baseline", b.toString(), "--current", c.toString());
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).containsPattern("seed-naive .* reference");
    }

    @Test
    void normalisingByAReferenceCancelsAUniformlySlowerMachine() throws Exception {
        Path b = jmh("b.json", baseline());
        // everything 30% slower: the machine, not the code
        Path c = jmh("c.json", Map.of(
                "snappy-java+scanner", new double[] {70.0, 2.0, 1.0},
                "aircompressor+jackson", new double[] {21.0, 0.7, 500.0},
                "seed-naive", new double[] {10.5, 0.3, 30000.0}));
        assertThat(gate("--baseline", b.toString(), "--current", c.toString()).exit()).isEqualTo(1);
        Result r = gate("--baseline", b.toString(), "--current", c.toString(), "--normalize", "seed-naive");
        assertThat(r.exit()).as(r.out()).isZero();
    }

    @Test
    void summaryFilesAreComparedToo() throws Exception {
        String base = """
                {"corpus":"typical","results":[
                  {"decoder":"snappy-java+scanner","mbPerSec":1500.0,"samplesPerSec":6000000,"allocBytesPerSample":0.0,"error":30.0},
                  {"decoder":"aircompressor+dsl-json","mbPerSec":400.0,"samplesPerSec":1600000,"allocBytesPerSample":2.0,"error":10.0}]}
                """;
        String slow = base.replace("\"mbPerSec\":1500.0", "\"mbPerSec\":1100.0");
        Path b = dir.resolve("b-summary.json");
        Path c = dir.resolve("c-summary.json");
        Files.writeString(b, base);
        Files.writeString(c, slow);
        assertThat(gate("--baseline", b.toString(), "--current", b.toString()).exit()).isZero();
        Result r = gate("--baseline", b.toString(), "--current", c.toString());
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
    }

    @Test
    void malformedFilesAreRefusedWithExitTwoAndAClearMessage() throws Exception {
        Path good = jmh("b.json", baseline());
        for (var bad : List.of(
                List.of("notjson.json", "{\"results\": [", "not valid JSON"),
                List.of("empty.json", "", "empty file"),
                List.of("object.json", "{\"hello\":1}", "neither JMH result JSON"),
                List.of("noscore.json", "[{\"benchmark\":\"io.promsnap.bench.DecoderBenchmark.visitor\","
                        + "\"params\":{\"decoder\":\"x+y\",\"corpus\":\"typical\"},\"primaryMetric\":{}}]", "\"score\""),
                List.of("foreign.json", "[{\"benchmark\":\"org.example.Other.run\",\"params\":{},"
                        + "\"primaryMetric\":{\"score\":1.0}}]", "not a promsnap benchmark"),
                List.of("badsummary.json", "{\"corpus\":\"t\",\"results\":[{\"decoder\":\"a+b\",\"mbPerSec\":\"fast\"}]}",
                        "mbPerSec"))) {
            Path p = dir.resolve(bad.get(0));
            Files.writeString(p, bad.get(1));
            Result r = gate("--baseline", good.toString(), "--current", p.toString());
            assertThat(r.exit()).as(bad.get(0) + ": " + r.out() + r.err()).isEqualTo(2);
            assertThat(r.err()).as(bad.get(0)).contains(p.toString()).contains(bad.get(2));
        }
        Result missing = gate("--baseline", good.toString(), "--current", dir.resolve("nope.json").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("cannot read");
        assertThat(gate("--baseline", good.toString()).exit()).isEqualTo(2);
        assertThat(gate("--baseline", good.toString(), "--current", good.toString(), "--max-regression", "abc").exit())
                .isEqualTo(2);
    }

    /** typical: 20 payloads × 1,000 samples per operation; the files hold B/op. */
    static final double TYPICAL_SAMPLES = 20_000;

    static Map<String, double[]> withAlloc(double visitorBytesPerSample, double batchBytesPerSample) {
        return ordered(
                "snappy-java+scanner", new double[] {100.0, 3.0, visitorBytesPerSample * TYPICAL_SAMPLES},
                "aircompressor+jackson (batch)", new double[] {30.0, 1.0, batchBytesPerSample * TYPICAL_SAMPLES},
                "seed-naive", new double[] {15.0, 0.5, 30000.0 * TYPICAL_SAMPLES});
    }

    /** Rows in this order (Map.of's order changes from run to run; a golden file must not). */
    static Map<String, double[]> ordered(Object... kv) {
        Map<String, double[]> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (double[]) kv[i + 1]);
        }
        return m;
    }

    @Test
    void aVisitorRowThatStartsAllocatingFailsWithUnchangedThroughput() throws Exception {
        Path b = jmh("b.json", withAlloc(0.05, 400));
        Path c = jmh("c.json", withAlloc(32.05, 400));
        Result r = gate("--baseline", b.toString(), "--current", c.toString());
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).containsPattern("snappy-java\\+scanner .* 1\\.000 .* ok")
                .containsPattern("ALLOCATION \\(B/sample\\)")
                .containsPattern("snappy-java\\+scanner +0\\.05000 +32\\.05 +\\+32\\.0 .*REGRESSION")
                .contains("GATE FAILED: regression: snappy-java+scanner allocation +32.0 B/sample");
        // the absolute allowance is a flag
        assertThat(gate("--baseline", b.toString(), "--current", c.toString(), "--max-alloc-increase", "40").exit())
                .isZero();
    }

    @Test
    void nearZeroRowsGetTheAbsoluteAllowanceOthersTheRelativeOne() throws Exception {
        Path b = jmh("b.json", withAlloc(0.05, 400));
        // +0.9 B/sample on the visitor row and +8% on the batch row: within both allowances
        assertThat(gate("--baseline", b.toString(), "--current", jmh("c1.json", withAlloc(0.95, 432)).toString()).exit())
                .isZero();
        // +1.5 B/sample on a near-zero row fails
        assertThat(gate("--baseline", b.toString(), "--current", jmh("c2.json", withAlloc(1.55, 400)).toString()).exit())
                .isEqualTo(1);
        // +12% (48 B/sample) on the allocating batch row fails; with --max-alloc-increase-pct 15 it passes
        Path c3 = jmh("c3.json", withAlloc(0.05, 448));
        Result r = gate("--baseline", b.toString(), "--current", c3.toString());
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).containsPattern("aircompressor\\+jackson \\(batch\\) .*\\+48\\.0 .*REGRESSION");
        assertThat(gate("--baseline", b.toString(), "--current", c3.toString(), "--max-alloc-increase-pct", "15").exit())
                .isZero();
        // the reference row allocates 30 kB/sample and is never gated on it
        Path c4 = jmh("c4.json", Map.of(
                "snappy-java+scanner", new double[] {100.0, 3.0, 0.05 * TYPICAL_SAMPLES},
                "aircompressor+jackson (batch)", new double[] {30.0, 1.0, 400 * TYPICAL_SAMPLES},
                "seed-naive", new double[] {15.0, 0.5, 60000.0 * TYPICAL_SAMPLES}));
        assertThat(gate("--baseline", b.toString(), "--current", c4.toString()).exit()).isZero();
        // less allocation is reported as such and passes
        Result less = gate("--baseline", b.toString(), "--current", jmh("c5.json", withAlloc(0.05, 200)).toString());
        assertThat(less.exit()).isZero();
        assertThat(less.out()).containsPattern("\\(batch\\) .*allocates less");
        assertThat(gate("--baseline", b.toString(), "--current", b.toString(), "--max-alloc-increase", "-1").exit())
                .isEqualTo(2);
    }

    @Test
    void markdownMatchesTheGoldenFile() throws Exception {
        Path b = jmh("b.json", withAlloc(0.05, 400));
        Path c = jmh("c.json", ordered(
                "snappy-java+scanner", new double[] {80.0, 2.5, 0.05 * TYPICAL_SAMPLES},
                "aircompressor+jackson (batch)", new double[] {30.5, 1.0, 448 * TYPICAL_SAMPLES},
                "seed-naive", new double[] {15.2, 0.5, 30000.0 * TYPICAL_SAMPLES}));
        Path md = dir.resolve("out/gate.md");
        Result r = gate("--baseline", b.toString(), "--current", c.toString(), "--markdown", md.toString());
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        String expected;
        try (var in = GateCommandTest.class.getResourceAsStream("gate-golden.md")) {
            expected = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String actual = Files.readString(md);
        if (Boolean.getBoolean("promsnap.updateGolden")) {
            Files.writeString(Path.of("src/test/resources/io/promsnap/bench/cli/gate-golden.md"), actual);
        }
        assertThat(actual).isEqualTo(expected);
        // the same outcome passing: the headline says so
        Result pass = gate("--baseline", b.toString(), "--current", b.toString(), "--markdown", md.toString());
        assertThat(pass.exit()).isZero();
        assertThat(Files.readString(md)).startsWith("### ✅ gate passed: 2 decoder row(s)");
    }

    @Test
    void filesWithNoRowInCommonAreRefused() throws Exception {
        Path b = jmh("b.json", Map.of("snappy-java+scanner", new double[] {100.0, 3.0, 1.0}));
        Path c = jmh("c.json", Map.of("aircompressor+jackson", new double[] {100.0, 3.0, 1.0}));
        Result r = gate("--baseline", b.toString(), "--current", c.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no row in common");
    }
}
