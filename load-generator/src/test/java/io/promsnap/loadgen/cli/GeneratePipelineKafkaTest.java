package io.promsnap.loadgen.cli;

import static io.promsnap.broker.TopicRecords.readAll;
import static io.promsnap.loadgen.cli.KafkaTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promsnap.DecoderConfig;
import io.promsnap.PayloadDecoder;
import io.promsnap.Sample;
import io.promsnap.broker.EmbeddedKafkaBroker;
import io.promsnap.broker.EmbeddedKafkaExtension;
import io.promsnap.loadgen.KafkaOutput;
import io.promsnap.loadgen.testdecoder.VendorStyleDecoderFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The pipelined generator into the embedded broker: counts add up, order per partition, failures, rate. */
@ExtendWith(EmbeddedKafkaExtension.class)
@Timeout(180)
class GeneratePipelineKafkaTest {

    private static JsonNode json(Path file) throws Exception {
        return new ObjectMapper().readTree(file.toFile());
    }

    @Test
    void countsAddUpAndEachPartitionHoldsItsBatchesInSendOrder(EmbeddedKafkaBroker broker, @TempDir Path tmp) throws Exception {
        List<String> generated = Collections.synchronizedList(new ArrayList<>());
        GenerateCommand cmd = new GenerateCommand();
        cmd.tap = (s, v, ts) -> generated.add(KafkaTestSupport.key(new Sample(s.name(), s.labels(), v, ts)));
        KafkaTestSupport.Run r = run(cmd, "--bootstrap-server", broker.bootstrapServers(), "--topic", "order",
                "--partitions", "3", "--series", "3000", "--samples", "40000", "--batch-samples", "100", "--seed", "3",
                "--quiet", "--json", tmp.resolve("s.json").toString());
        assertThat(r.exit()).as(r.out()).isZero();
        JsonNode s = json(tmp.resolve("s.json"));
        assertThat(s.get("batches").asLong()).isEqualTo(s.get("acknowledged").asLong() + s.get("errors").asLong()).isEqualTo(400);
        assertThat(s.get("samples").asLong()).isEqualTo(s.get("acknowledgedSamples").asLong() + s.get("failedSamples").asLong())
                .isEqualTo(40_000);

        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < generated.size(); i++) {
            assertThat(position.put(generated.get(i), i)).as("sample twice: %s", generated.get(i)).isNull();
        }
        List<ConsumerRecord<byte[], byte[]>> records = readAll(broker.bootstrapServers(), "order");
        assertThat(records).hasSize((int) s.get("acknowledged").asLong());
        Map<Integer, Integer> lastFirst = new HashMap<>();
        Map<Integer, Long> lastOffset = new HashMap<>();
        int consumedSamples = 0;
        try (PayloadDecoder d = new VendorStyleDecoderFactory().create(DecoderConfig.defaults())) {
            for (ConsumerRecord<byte[], byte[]> rec : records) {
                List<Sample> samples = d.decodeBatch(rec.value()).samples();
                int first = position.get(KafkaTestSupport.key(samples.get(0)));
                // a batch is a run of consecutive samples of the model's order
                for (int j = 0; j < samples.size(); j++) {
                    assertThat(position.get(KafkaTestSupport.key(samples.get(j)))).isEqualTo(first + j);
                }
                // and within a partition, later offsets hold later batches
                assertThat(rec.offset()).isGreaterThan(lastOffset.getOrDefault(rec.partition(), -1L));
                assertThat(first).as("partition %d offset %d", rec.partition(), rec.offset())
                        .isGreaterThan(lastFirst.getOrDefault(rec.partition(), -1));
                lastFirst.put(rec.partition(), first);
                lastOffset.put(rec.partition(), rec.offset());
                consumedSamples += samples.size();
            }
        }
        assertThat(consumedSamples).isEqualTo(40_000);
        assertThat(lastFirst).containsOnlyKeys(0, 1, 2);
    }

    @Test
    void batchesTheBrokerRefusesMidRunAreCountedReportedAndEndTheRunWithExitOne(EmbeddedKafkaBroker broker,
                                                                                @TempDir Path tmp) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", broker.bootstrapServers());
        KafkaOutput.ensureTopic(p, "refuses", 3);
        CompletableFuture<KafkaTestSupport.Run> result = CompletableFuture.supplyAsync(() -> run(new GenerateCommand(),
                "--bootstrap-server", broker.bootstrapServers(), "--topic", "refuses", "--rate", "5000", "--duration", "20s",
                "--batch-samples", "100", "--quiet", "--json", tmp.resolve("s.json").toString()));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (readAll(broker.bootstrapServers(), "refuses").size() < 5 && System.nanoTime() < until) {
            Thread.sleep(200); // until some batches have been written
        }
        // from now on every batch (about 4 KB) is larger than the topic accepts: RecordTooLargeException
        try (Admin admin = Admin.create(p)) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "refuses");
            admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", "500"),
                    AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
        }
        KafkaTestSupport.Run r = result.get(120, TimeUnit.SECONDS);
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains("NOT ACKNOWLEDGED", "stopped early: a batch failed", "first error: ");
        JsonNode s = json(tmp.resolve("s.json"));
        long batches = s.get("batches").asLong();
        long acked = s.get("acknowledged").asLong();
        long errors = s.get("errors").asLong();
        assertThat(acked).as(s.toString()).isPositive();
        assertThat(errors).as(s.toString()).isPositive();
        assertThat(acked + errors).isEqualTo(batches);
        assertThat(s.get("acknowledgedSamples").asLong() + s.get("failedSamples").asLong()).isEqualTo(s.get("samples").asLong());
        // what was acknowledged is what the topic holds: nothing lost, nothing extra
        assertThat(readAll(broker.bootstrapServers(), "refuses")).hasSize((int) acked);
    }

    @Test
    void theRateScheduleHoldsIntoKafka(EmbeddedKafkaBroker broker, @TempDir Path tmp) throws Exception {
        // --samples, not --duration: on a loaded machine the broker may answer late, and a duration's drain
        // deadline would then (rightly) end the run with exit 1; what is checked here is the schedule
        long t0 = System.nanoTime();
        KafkaTestSupport.Run r = run(new GenerateCommand(), "--bootstrap-server", broker.bootstrapServers(), "--topic", "rate",
                "--rate", "5000", "--samples", "15000", "--batch-samples", "100", "--quiet", "--json", tmp.resolve("s.json").toString());
        double secs = (System.nanoTime() - t0) / 1e9;
        assertThat(r.exit()).as(r.out()).isZero();
        JsonNode s = json(tmp.resolve("s.json"));
        assertThat(s.get("samples").asLong()).isEqualTo(15_000);
        assertThat(s.get("acknowledgedSamples").asLong()).isEqualTo(15_000);
        // 15,000 samples at 5,000/s take 3 s: the pipeline does not run ahead of the schedule (the last
        // sample is due at 2.9998 s), and the run's own clock says so too
        assertThat(secs).isBetween(2.99, 60.0);
        assertThat(s.get("elapsedSeconds").asDouble()).isGreaterThanOrEqualTo(2.99);
        assertThat(readAll(broker.bootstrapServers(), "rate")).hasSize((int) s.get("batches").asLong());
    }

    @Test
    void lingerCutsBatchesOnTheRateScheduleIntoKafkaToo(EmbeddedKafkaBroker broker) {
        // 1,000 samples/s with 100 ms linger: batches of 100 samples although 1000 would fit
        KafkaTestSupport.Run r = run(new GenerateCommand(), "--bootstrap-server", broker.bootstrapServers(), "--topic", "linger",
                "--rate", "1000", "--samples", "1000", "--linger-ms", "100", "--quiet");
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("1000 samples sent in 10 batches, 1000 samples acknowledged in 10 batches");
        assertThat(readAll(broker.bootstrapServers(), "linger")).hasSize(10);
    }
}
