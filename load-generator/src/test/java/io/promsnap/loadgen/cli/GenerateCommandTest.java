package io.promsnap.loadgen.cli;

import static io.promsnap.loadgen.cli.KafkaTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

@Timeout(120) // a hung client must fail the test, not the CI job
class GenerateCommandTest {

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void sameSeedSameFilesAndASummaryInJson(@TempDir Path tmp) throws Exception {
        String[] common = {"--samples", "30000", "--series", "5000", "--seed", "7", "--churn", "1m", "--nan-share", "0.01",
            "--label", "tenant=acme", "--quiet"};
        KafkaTestSupport.Run a = run(new GenerateCommand(), concat(common, "--output-dir", tmp.resolve("a").toString(),
                "--json", tmp.resolve("a.json").toString()));
        KafkaTestSupport.Run b = run(new GenerateCommand(), concat(common, "--output-dir", tmp.resolve("b").toString()));
        assertThat(a.exit()).isZero();
        assertThat(b.exit()).isZero();
        List<Path> fa = files(tmp.resolve("a"));
        List<Path> fb = files(tmp.resolve("b"));
        assertThat(fa).hasSize(30);
        assertThat(fb).hasSize(30);
        for (int i = 0; i < fa.size(); i++) {
            assertThat(fa.get(i).getFileName()).isEqualTo(fb.get(i).getFileName());
            assertThat(Files.readAllBytes(fa.get(i))).isEqualTo(Files.readAllBytes(fb.get(i)));
        }
        JsonNode first = new ObjectMapper().readTree(Snappy.uncompress(Files.readAllBytes(fa.get(0))));
        assertThat(first).hasSize(1000);
        assertThat(first.get(0).get("tenant").asText()).isEqualTo("acme");

        JsonNode summary = new ObjectMapper().readTree(tmp.resolve("a.json").toFile());
        assertThat(summary.get("samples").asLong()).isEqualTo(30000);
        assertThat(summary.get("batches").asLong()).isEqualTo(30);
        assertThat(summary.get("acknowledged").asLong()).isEqualTo(30);
        assertThat(summary.get("errors").asLong()).isZero();
        assertThat(summary.get("compressedBytes").asLong()).isLessThan(summary.get("rawBytes").asLong() / 3);
        assertThat(summary.get("latencyP99Ms").asDouble()).isGreaterThanOrEqualTo(summary.get("latencyP50Ms").asDouble());
        assertThat(a.out()).contains("30000 samples sent in 30 batches, 30000 samples acknowledged in 30 batches", "ms 99.9th", "0 errors.");
    }

    @Test
    void rateIsHeldWithoutDrift(@TempDir Path tmp) throws Exception {
        long t0 = System.nanoTime();
        KafkaTestSupport.Run r = run(new GenerateCommand(), "--output-dir", tmp.toString(), "--rate", "10000",
                "--duration", "2s", "--batch-samples", "100", "--quiet", "--json", tmp.resolve("s.json").toString());
        double secs = (System.nanoTime() - t0) / 1e9;
        assertThat(r.exit()).isZero();
        JsonNode s = new ObjectMapper().readTree(tmp.resolve("s.json").toFile());
        // 2 s at 10,000/s: 20,000 samples, not more (no burst) and not much fewer (no drift)
        assertThat(s.get("samples").asLong()).isBetween(19_000L, 20_000L);
        assertThat(s.get("rateWarning").asBoolean()).as(s.toString()).isFalse();
        assertThat(secs).isBetween(1.9, 6.0);
    }

    @Test
    void lingerCutsBatchesOnTheRateSchedule(@TempDir Path tmp) throws Exception {
        // 1,000 samples/s with 100 ms linger: batches of 100 samples although up to 1000 would fit
        KafkaTestSupport.Run r = run(new GenerateCommand(), "--output-dir", tmp.toString(), "--rate", "1000",
                "--samples", "1000", "--linger-ms", "100", "--quiet");
        assertThat(r.exit()).isZero();
        assertThat(files(tmp)).hasSize(10);
    }

    @Test
    void withoutAnOutputItStartsAnEmbeddedBroker() {
        KafkaTestSupport.Run r = run(new GenerateCommand(), "--samples", "3000", "--quiet");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("3000 samples sent in 3 batches, 3000 samples acknowledged in 3 batches", "kafka 127.0.0.1:", "0 errors.");
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertThat(run(new GenerateCommand(), "--duration", "1s", "--samples", "5").exit()).isEqualTo(2);
        assertThat(run(new GenerateCommand(), "--duration", "soon").exit()).isEqualTo(2);
        assertThat(DurationConverter.parse("1500ms")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationConverter.parse("PT3S")).isEqualTo(Duration.ofSeconds(3));
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
