package io.promsnap.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest {
    static final String SEED_LINE = "{\"name\":\"apiserver_admission_controller_admission_duration_seconds_bucket\","
            + "\"labels\":{\"instance\":\"*****\",\"pod\":\"*****\",\"namespace\":\"default\",\"service\":\"kubernetes\","
            + "\"job\":\"apiserver\",\"endpoint\":\"http-metrics\",\"operation\":\"UPDATE\",\"type\":\"validate\","
            + "\"rejected\":\"false\",\"name\":\"*****\",\"le\":\"2.5\"},\"value\":675.0,\"timestamp\":1698732988354}";

    record Result(int exit, String out, String err, String stdout) {
    }

    static Result run(String... args) {
        // System.out is replaced before the CommandLine exists: picocli's default execution strategy remembers
        // System.out when created and re-installs it as the output writer if System.out changed since
        PrintStream old = System.out;
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        System.setOut(new PrintStream(raw, true, StandardCharsets.UTF_8));
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        try {
            int exit = cl.execute(args);
            return new Result(exit, out.toString(), err.toString(), raw.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }

    static Path corpusFile(Path dir, String name) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, DemoCommand.exampleCorpus().get(name));
        return p;
    }

    @Test
    void demoDecodesTheExampleCorpusWithEveryDecoderAndTheyAgree() {
        Result r = run("demo", "--corpus-only");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("All 6 available decoders agree").contains("aircompressor+scanner")
                .contains("snappy-java+jackson");
    }

    /** Steps 2-4 of the demo through a real embedded broker; the JMH step is covered by decoder-bench's tests. */
    @Test
    void demoRunsGeneratorAndEveryDecoderThroughARealBroker(@TempDir Path dir) {
        Result r = run("demo", "--samples", "20000", "--no-bench", "--output", dir.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("broker up at 127.0.0.1:").contains("20000 samples sent in 20 batches")
                .contains("DEMO PASSED");
        assertThat(r.out().lines().filter(l -> l.endsWith("ok: read = decoded + rejected, samples = generated")))
                .hasSize(6).allMatch(l -> l.matches("\\S+ +20 +20 +0 +20000 .*"));
        assertThat(dir.resolve("generate.json")).exists();
    }

    @Test
    void decodersListsAllSix() {
        Result r = run("decoders");
        assertThat(r.exit()).isZero();
        assertThat(r.out().lines().filter(l -> l.contains(" available "))).hasSize(6);
    }

    @Test
    void decodeWritesCanonicalJsonLinesToStdout(@TempDir Path dir) throws Exception {
        Path seed = corpusFile(dir, "seed-example.raw.bin");
        for (String decoder : new String[] {"aircompressor+scanner", "snappy-java+jackson", "aircompressor+dsl-json"}) {
            Result r = run("decode", "--decoder", decoder, seed.toString());
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.stdout()).isEqualTo(SEED_LINE + "\n");
        }
    }

    @Test
    void decodeToOutputDirGoesOnAfterABadFile(@TempDir Path dir) throws Exception {
        Path seed = corpusFile(dir, "seed-example.raw.bin");
        Path bad = dir.resolve("bad.bin");
        Files.write(bad, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f});
        Path framed = corpusFile(dir, "realistic-go-numbers.framed.bin");
        Path out = dir.resolve("out");
        Result r = run("decode", "--format", "auto", "--output-dir", out.toString(), bad.toString(), seed.toString(),
                framed.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().lines()).hasSize(1).first().asString().startsWith(bad + ": LIMIT at byte 0");
        assertThat(Files.readString(out.resolve("bad.error"))).startsWith("LIMIT ");
        assertThat(Files.readString(out.resolve("seed-example.raw.jsonl"))).isEqualTo(SEED_LINE + "\n");
        assertThat(Files.readAllLines(out.resolve("realistic-go-numbers.framed.jsonl"))).hasSize(500);
        assertThat(out.resolve("bad.jsonl")).doesNotExist();
    }

    @Test
    void decodeMatchKeepsOnlySelectedSamplesAndBadSelectorsAreUsageErrors(@TempDir Path dir) throws Exception {
        Path framed = corpusFile(dir, "realistic-go-numbers.framed.bin");
        java.util.List<String> all = run("decode", "--container", "framed", framed.toString()).stdout().lines().toList();
        String name = all.get(0).substring("{\"name\":\"".length(), all.get(0).indexOf('"', 9));
        Result r = run("decode", "--container", "framed", "--match", name, framed.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        java.util.List<String> selected = r.stdout().lines().toList();
        assertThat(selected).isNotEmpty().isEqualTo(all.stream().filter(l -> l.startsWith("{\"name\":\"" + name + "\"")).toList());
        assertThat(selected.size()).isLessThan(all.size());
        // repeated --match flags are ANDed; the delivery task's label=regex form is accepted too
        Result none = run("decode", "--container", "framed", "--match", name, "--match", "__name__=x.*", framed.toString());
        assertThat(none.exit()).as(none.err()).isZero();
        assertThat(none.stdout()).isEmpty();
        Result bad = run("decode", "--match", "{job=~\"(\"}", framed.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--match").contains("invalid regular expression");
    }

    @Test
    void usageErrorsExitTwo(@TempDir Path dir) throws Exception {
        Path seed = corpusFile(dir, "seed-example.raw.bin");
        assertThat(run("decode").exit()).isEqualTo(2);
        assertThat(run("decode", "--format", "zip", seed.toString()).exit()).isEqualTo(2);
        Result unknown = run("decode", "--decoder", "nope", seed.toString());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown decoder").contains("aircompressor+scanner");
        assertThat(run("frobnicate").exit()).isEqualTo(2);
    }

    @Test
    void unreadableFileIsBadInputNotACrash(@TempDir Path dir) {
        Result r = run("decode", dir.resolve("missing.bin").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("missing.bin").contains("cannot read");
    }
}
