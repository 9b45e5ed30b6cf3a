package io.promsnap.loadgen.cli;

import static io.promsnap.broker.TopicRecords.readAll;
import static io.promsnap.loadgen.cli.KafkaTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import io.promsnap.broker.EmbeddedKafkaBroker;
import io.promsnap.broker.EmbeddedKafkaExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedKafkaExtension.class)
@Timeout(180)
class ProducerPerformanceComparisonTest {

    @Test
    void generateThenProducerPerformanceOnTheSameBrokerSideBySide(EmbeddedKafkaBroker broker) throws Exception {
        GenerateCommand cmd = new GenerateCommand();
        Path json = Files.createTempFile("promsnap-cmp", ".json");
        KafkaTestSupport.Run r = run(cmd, "--bootstrap-server", broker.bootstrapServers(), "--topic", "cmp",
                "--samples", "20000", "--batch-samples", "500", "--series", "2000", "--quiet", "--compare-producer-performance",
                "--json", json.toString());
        assertThat(r.exit()).as(r.out()).isZero();
        String table = cmd.comparison;
        assertThat(table).isNotNull();
        assertThat(r.out()).contains(table).contains("20000 samples sent in 40 batches");
        List<String> lines = table.lines().toList();
        String gen = lines.stream().filter(l -> l.startsWith("promsnap generate")).findFirst().orElseThrow();
        String perf = lines.stream().filter(l -> l.startsWith("ProducerPerformance")).findFirst().orElseThrow();
        String ratio = lines.stream().filter(l -> l.startsWith("generate / perf")).findFirst().orElseThrow();
        for (String row : List.of(gen, perf)) {
            String[] f = row.substring(20).trim().split("\\s+");
            assertThat(f).as(row).hasSize(8);
            assertThat(Long.parseLong(f[0])).as("records in " + row).isEqualTo(40);
            assertThat(Double.parseDouble(f[1])).as("records/s in " + row).isPositive();
            assertThat(Double.parseDouble(f[2])).as("MB/s in " + row).isPositive();
            assertThat(Double.parseDouble(f[7])).as("max latency in " + row).isGreaterThanOrEqualTo(Double.parseDouble(f[3]));
        }
        assertThat(ratio.substring(20).trim().split("\\s+")[0]).matches("\\d+\\.\\d\\d");
        // the record size is the generate run's average compressed batch
        assertThat(table).containsPattern("40 records of \\d{3,6} B \\(the average compressed batch\\), acks=all");
        // both rows are in the JSON summary too, with the table's figures
        com.fasterxml.jackson.databind.JsonNode c = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile())
                .get("comparison");
        Files.delete(json);
        assertThat(c).as("comparison in the JSON").isNotNull();
        assertThat(c.get("generate").get("records").asLong()).isEqualTo(40);
        assertThat(c.get("producerPerformance").get("records").asLong()).isEqualTo(40);
        assertThat(c.get("warmUpRecords").asLong()).isEqualTo(ProducerPerformanceComparison.WARM_UP_RECORDS);
        String genMb = gen.substring(20).trim().split("\\s+")[2];
        // the JSON keeps 3 decimals, the table 2: the same figure, each rounded once (no re-rounding of the JSON's
        // 5.105 to compare with the table's 5.11)
        assertThat(c.get("generate").get("mbPerSec").asDouble())
                .isCloseTo(Double.parseDouble(genMb), org.assertj.core.api.Assertions.within(0.0051));
        assertThat(c.get("mbPerSecRatio").asDouble()).isCloseTo(c.get("generate").get("mbPerSec").asDouble()
                / c.get("producerPerformance").get("mbPerSec").asDouble(), org.assertj.core.api.Assertions.withinPercentage(1));
        assertThat(r.out()).contains("warm-up (not measured)");
        // and ProducerPerformance really wrote its records (warm-up and measured) to its own topic, leaving the
        // generated one alone
        assertThat(readAll(broker.bootstrapServers(), "cmp-producer-perf"))
                .hasSize(40 + (int) ProducerPerformanceComparison.WARM_UP_RECORDS);
        assertThat(readAll(broker.bootstrapServers(), "cmp")).hasSize(40);
        // the producer settings file it needed is gone, its directory too
        Path config = ProducerPerformanceComparison.PrivateConfig.last;
        assertThat(config).isNotNull().doesNotExist();
        assertThat(config.getParent()).doesNotExist();
    }

    @Test
    void theProducerSettingsWithTheirPasswordAreOnlyForThisUserAndDeletedOnClose() throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", "127.0.0.1:9092");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"u\" password=\"s3cret=x\";");
        Path file;
        Path dir;
        try (ProducerPerformanceComparison.PrivateConfig c = ProducerPerformanceComparison.writeConfig(p)) {
            file = c.path();
            dir = file.getParent();
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            // not even the name is visible to others: the directory is the user's alone, not the shared tmp dir
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                    .isEqualTo("rwx------");
            Properties read = new Properties();
            try (var in = Files.newInputStream(file)) {
                read.load(in);
            }
            assertThat(read.getProperty("sasl.jaas.config")).contains("password=\"s3cret=x\"");
            assertThat(read.getProperty("bootstrap.servers")).isNull();
        }
        assertThat(file).doesNotExist();
        assertThat(dir).doesNotExist();
    }

    @Test
    void parsesTheToolsTotalLineAndNotTheSteadyStateOne() {
        String out = "12 records sent, 2.4 records/sec (0.01 MB/sec), 3.0 ms avg latency, 9.0 ms max latency.\n"
                + "40 records sent, 123.456789 records/sec (4,56 MB/sec), 7.25 ms avg latency, 31.00 ms max latency, "
                + "5 ms 50th, 20 ms 95th, 30 ms 99th, 31 ms 99.9th.\n"
                + "30 steady state records sent, 1.0 records/sec (1.00 MB/sec), 1.00 ms avg latency, 1.00 ms max latency, "
                + "1 ms 50th, 1 ms 95th, 1 ms 99th, 1 ms 99.9th.\n";
        ProducerPerformanceComparison.Row row = ProducerPerformanceComparison.parse(out);
        assertThat(row.records()).isEqualTo(40);
        assertThat(row.recordsPerSec()).isEqualTo(123.456789);
        assertThat(row.mbPerSec()).isEqualTo(4.56);
        assertThat(row.avgMs()).isEqualTo(7.25);
        assertThat(row.p50Ms()).isEqualTo(5);
        assertThat(row.p99Ms()).isEqualTo(30);
        assertThat(row.maxMs()).isEqualTo(31);
        assertThatThrownBy(() -> ProducerPerformanceComparison.parse("nothing")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void badArgumentsThrowInsteadOfEndingTheJvm() throws Exception {
        try (ProducerPerformanceComparison.PrivateConfig config = ProducerPerformanceComparison.writeConfig(new Properties())) {
            PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            assertThatThrownBy(() -> ProducerPerformanceComparison.run(List.of("--topic", "t", "--no-such-option",
                    "--command-config", config.path().toString()), sink))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("wanted to exit with 1");
        }
    }

    @Test
    void theOptionNeedsKafka() {
        KafkaTestSupport.Run r = run(new GenerateCommand(), "--output-dir", "/tmp/never-written", "--samples", "10",
                "--compare-producer-performance");
        assertThat(r.exit()).isNotZero();
        assertThat(Files.exists(Path.of("/tmp/never-written"))).isFalse();
    }
}
