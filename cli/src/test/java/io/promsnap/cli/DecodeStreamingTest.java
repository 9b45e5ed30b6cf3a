package io.promsnap.cli;

import static io.promsnap.cli.CliTest.SEED_LINE;
import static io.promsnap.cli.CliTest.corpusFile;
import static io.promsnap.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** decode streams: bounded memory, per-file errors, no output name collisions. */
@Timeout(300)
class DecodeStreamingTest {

    @Test
    void sameBaseNameIsRefusedBeforeAnythingIsWritten(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("c1"));
        Files.createDirectories(dir.resolve("c2"));
        Path a = Files.copy(corpusFile(dir, "seed-example.raw.bin"), dir.resolve("c1/x.bin"));
        Path b = Files.copy(a, dir.resolve("c2/x.bin"));
        Path out = dir.resolve("out");
        CliTest.Result r = run("decode", "--output-dir", out.toString(), a.toString(), b.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("c1/x.bin").contains("c2/x.bin").contains("x.jsonl").doesNotContain("Exception");
        assertThat(out).doesNotExist();
        // a good x.bin and a bad x.dat: the bad one would have deleted the good output
        Path bad = Files.write(dir.resolve("c1/x.dat"), new byte[] {1, 2, 3});
        CliTest.Result r2 = run("decode", "--output-dir", out.toString(), a.toString(), bad.toString());
        assertThat(r2.exit()).isEqualTo(2);
        assertThat(out).doesNotExist();
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void devZeroAndAFileOverTheLimitAreThatFilesErrorAndTheNextFilesAreDecoded(@TempDir Path dir) throws Exception {
        Path huge = dir.resolve("huge.bin");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(300L << 20); // sparse: over the 256 MiB input limit without using the disk
        }
        Path seed = corpusFile(dir, "seed-example.raw.bin");
        Path out = dir.resolve("out");
        CliTest.Result r = run("decode", "--output-dir", out.toString(), "/dev/zero", huge.toString(), seed.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        List<String> lines = r.err().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("/dev/zero: cannot read: more than ");
        assertThat(lines.get(1)).startsWith(huge + ": cannot read: 314572800 bytes is more than the input limit of 268435456");
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("OutOfMemory");
        assertThat(Files.readString(out.resolve("seed-example.raw.jsonl"))).isEqualTo(SEED_LINE + "\n");
        assertThat(Files.readString(out.resolve("huge.error"))).startsWith("INPUT ");
        try (Stream<Path> s = Files.list(out)) {
            assertThat(s.map(p -> p.getFileName().toString())).doesNotContain("huge.jsonl").noneMatch(n -> n.endsWith(".part"));
        }
    }

    /** The goal: a legal 5.6 MB payload of 140,000 samples decodes in a JVM with -Xmx128m. */
    @Test
    void aLargeLegalPayloadDecodesUnderA128MiBHeap(@TempDir Path dir) throws Exception {
        Path gen = dir.resolve("gen");
        assertThat(Main.run("generate", "--output-dir", gen.toString(), "--samples", "140000", "--series", "140000",
                "--batch-samples", "140000", "--batch-bytes", "200000000", "--linger-ms", "0", "--quiet")).isZero();
        Path payload;
        try (Stream<Path> s = Files.list(gen)) {
            payload = s.findFirst().orElseThrow();
        }
        assertThat(Files.size(payload)).isGreaterThan(4_000_000);
        Path out = dir.resolve("out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "decode", "--output-dir", out.toString(), payload.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("log"))).isZero();
        try (Stream<String> lines = Files.lines(out.resolve(DecodeCommand.baseName(payload) + ".jsonl"))) {
            assertThat(lines.count()).isEqualTo(140_000);
        }
    }
}
