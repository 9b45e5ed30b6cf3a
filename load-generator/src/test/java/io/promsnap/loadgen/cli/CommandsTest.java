package io.promsnap.loadgen.cli;

import static io.promsnap.broker.TopicRecords.readAll;
import static io.promsnap.loadgen.cli.KafkaTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import io.promsnap.broker.EmbeddedKafkaBroker;
import io.promsnap.broker.EmbeddedKafkaExtension;
import io.promsnap.loadgen.testdecoder.VendorStyleDecoderFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(EmbeddedKafkaExtension.class)
@Timeout(120) // a hung client must fail the test, not the CI job
class CommandsTest {

    /** 3 good batches, then a value that is not Snappy, then 2 good batches, on one partition. */
    private static void mixedTopic(EmbeddedKafkaBroker broker, String topic, Path tmp) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Path dir = tmp.resolve(topic);
        assertThat(run(new GenerateCommand(), "--output-dir", dir.toString(), "--samples", "500", "--batch-samples", "100",
                "--series", "500", "--quiet").exit()).isZero();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        assertThat(files).hasSize(5);
        Properties p = new Properties();
        p.put("bootstrap.servers", broker.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 5; i++) {
                if (i == 3) {
                    producer.send(new ProducerRecord<>(topic, 0, null, "not snappy".getBytes(StandardCharsets.UTF_8))).get();
                }
                producer.send(new ProducerRecord<>(topic, 0, null, Files.readAllBytes(files.get(i)))).get();
            }
        }
    }

    private static long committed(EmbeddedKafkaBroker broker, String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> m = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            OffsetAndMetadata o = m.get(new TopicPartition(topic, 0));
            return o == null ? -1 : o.offset();
        }
    }

    @Test
    void consumeMatchDeliversTheSelectedSamplesAndCountsTheRest(EmbeddedKafkaBroker broker, @TempDir Path tmp) throws Exception {
        assertThat(run(new GenerateCommand(), "--bootstrap-server", broker.bootstrapServers(), "--topic", "match",
                "--samples", "3000", "--series", "600", "--quiet").exit()).isZero();
        // what to expect, read by the test-only vendor-style decoder (Snappy.uncompress and a Jackson tree)
        List<io.promsnap.Sample> all;
        try (io.promsnap.PayloadDecoder vendor = new VendorStyleDecoderFactory().create(io.promsnap.DecoderConfig.defaults())) {
            all = KafkaTestSupport.decodeAll(vendor, readAll(broker.bootstrapServers(), "match"));
        }
        assertThat(all).hasSize(3000);
        String name = all.get(0).name();
        long expected = all.stream().filter(x -> x.name().equals(name)).count();
        assertThat(expected).isBetween(1L, 2999L);

        Path json = tmp.resolve("consume.json");
        KafkaTestSupport.Run r = run(new ConsumeCommand(), "--bootstrap-server", broker.bootstrapServers(),
                "--topic", "match", "--group", "g-match", "--match", "{__name__=\"" + name + "\"}",
                "--idle-timeout", "1s", "--quiet", "--json", json.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        // delivered + unselected = every sample in the topic: nothing is lost from the counts
        assertThat(KafkaTestSupport.lastLine(r.out())).matches(
                "messages=\\d+ decoded=\\d+ rejected=0 samples=" + expected + " tombstones=0 unselected="
                        + (3000 - expected) + " match=.*");
        com.fasterxml.jackson.databind.JsonNode summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        assertThat(summary.get("unselected.samples").asLong()).isEqualTo(3000 - expected);
        assertThat(summary.get("samples").asLong()).isEqualTo(expected);
    }

    @Test
    void consumeSkipCountsTheBadMessageAndGoesOn(EmbeddedKafkaBroker broker, @TempDir Path tmp) throws Exception {
        mixedTopic(broker, "mixed-skip", tmp);
        KafkaTestSupport.Run r = run(new ConsumeCommand(), "--bootstrap-server", broker.bootstrapServers(),
                "--topic", "mixed-skip", "--decoder", VendorStyleDecoderFactory.NAME, "--on-error", "skip",
                "--group", "g-skip", "--idle-timeout", "1s", "--quiet");
        assertThat(r.exit()).isZero();
        assertThat(KafkaTestSupport.lastLine(r.out())).isEqualTo("messages=6 decoded=5 rejected=1 samples=500 tombstones=0");
        assertThat(committed(broker, "g-skip", "mixed-skip")).isEqualTo(6);
    }

    @Test
    void consumeFailStopsBeforeTheBadMessageAndDoesNotCommitIt(EmbeddedKafkaBroker broker, @TempDir Path tmp) throws Exception {
        mixedTopic(broker, "mixed-fail", tmp);
        KafkaTestSupport.Run r = run(new ConsumeCommand(), "--bootstrap-server", broker.bootstrapServers(),
                "--topic", "mixed-fail", "--decoder", VendorStyleDecoderFactory.NAME, "--group", "g-fail",
                "--idle-timeout", "5s", "--quiet");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(KafkaTestSupport.lastLine(r.out())).isEqualTo("messages=4 decoded=3 rejected=1 samples=300 tombstones=0");
        // a rerun starts at the bad message
        assertThat(committed(broker, "g-fail", "mixed-fail")).isEqualTo(3);
    }

    @Test
    void consumeDeadLettersTheRawValueWithTheError(EmbeddedKafkaBroker broker, @TempDir Path tmp) throws Exception {
        mixedTopic(broker, "mixed-dlt", tmp);
        KafkaTestSupport.Run r = run(new ConsumeCommand(), "--bootstrap-server", broker.bootstrapServers(),
                "--topic", "mixed-dlt", "--decoder", VendorStyleDecoderFactory.NAME, "--on-error", "dead-letter",
                "--dead-letter-topic", "mixed-dlt-bad", "--group", "g-dlt", "--max-messages", "6", "--quiet");
        assertThat(r.exit()).isZero();
        assertThat(KafkaTestSupport.lastLine(r.out())).isEqualTo("messages=6 decoded=5 rejected=1 samples=500 tombstones=0");
        List<ConsumerRecord<byte[], byte[]>> dead = readAll(broker.bootstrapServers(), "mixed-dlt-bad");
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not snappy");
        assertThat(new String(dead.get(0).headers().lastHeader("promsnap.error.category").value(), StandardCharsets.UTF_8))
                .isEqualTo("COMPRESSION");
        assertThat(new String(dead.get(0).headers().lastHeader("promsnap.source").value(), StandardCharsets.UTF_8))
                .isEqualTo("mixed-dlt-0@3");
        assertThat(committed(broker, "g-dlt", "mixed-dlt")).isEqualTo(6);
    }

    @Test
    void consumeCountsTombstonesSeparatelyAndSkipsThemEvenWithOnErrorFail(EmbeddedKafkaBroker broker, @TempDir Path tmp)
            throws Exception {
        mixedTopic(broker, "mixed-tomb", tmp);
        Properties p = new Properties();
        p.put("bootstrap.servers", broker.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            // two tombstones after the bad message: with --on-error fail a tombstone must not stop the run
            producer.send(new ProducerRecord<>("mixed-tomb", 0, "k".getBytes(StandardCharsets.UTF_8), null)).get();
            producer.send(new ProducerRecord<>("mixed-tomb", 0, "k".getBytes(StandardCharsets.UTF_8), null)).get();
        }
        // the deserializer's rule, which consume must match: a tombstone is null, not an error
        try (io.promsnap.kafka.PromsnapDeserializer d = new io.promsnap.kafka.PromsnapDeserializer()) {
            d.configure(Map.of(), false);
            assertThat(d.deserialize("mixed-tomb", null)).isNull();
        }
        KafkaTestSupport.Run skip = run(new ConsumeCommand(), "--bootstrap-server", broker.bootstrapServers(),
                "--topic", "mixed-tomb", "--decoder", VendorStyleDecoderFactory.NAME, "--on-error", "skip",
                "--group", "g-tomb", "--idle-timeout", "1s", "--quiet");
        assertThat(skip.exit()).isZero();
        assertThat(KafkaTestSupport.lastLine(skip.out())).isEqualTo("messages=8 decoded=5 rejected=1 samples=500 tombstones=2");
        assertThat(committed(broker, "g-tomb", "mixed-tomb")).isEqualTo(8);
        // dead-letter: the tombstones are not sent to the dead-letter topic
        KafkaTestSupport.Run dl = run(new ConsumeCommand(), "--bootstrap-server", broker.bootstrapServers(),
                "--topic", "mixed-tomb", "--decoder", VendorStyleDecoderFactory.NAME, "--on-error", "dead-letter",
                "--group", "g-tomb-dl", "--idle-timeout", "1s", "--quiet");
        assertThat(dl.exit()).isZero();
        assertThat(KafkaTestSupport.lastLine(dl.out())).isEqualTo("messages=8 decoded=5 rejected=1 samples=500 tombstones=2");
        assertThat(readAll(broker.bootstrapServers(), "mixed-tomb.dead-letter")).hasSize(1);
    }

    @Test
    void consumeThreadsKeepTheErrorPoliciesAndCommitOnlyWhatWasProcessed(EmbeddedKafkaBroker broker, @TempDir Path tmp)
            throws Exception {
        // one partition, three threads: two of them get nothing, and the counts and commits still hold
        mixedTopic(broker, "mixed-threads", tmp);
        KafkaTestSupport.Run fail = run(new ConsumeCommand(), "--bootstrap-server", broker.bootstrapServers(),
                "--topic", "mixed-threads", "--decoder", VendorStyleDecoderFactory.NAME, "--group", "g-threads-fail",
                "--threads", "3", "--idle-timeout", "3s", "--quiet");
        assertThat(fail.exit()).isEqualTo(1);
        assertThat(KafkaTestSupport.lastLine(fail.out())).isEqualTo("messages=4 decoded=3 rejected=1 samples=300 tombstones=0");
        assertThat(committed(broker, "g-threads-fail", "mixed-threads")).isEqualTo(3);
        ConsumeCommand skip = new ConsumeCommand();
        KafkaTestSupport.Run r = run(skip, "--bootstrap-server", broker.bootstrapServers(),
                "--topic", "mixed-threads", "--decoder", VendorStyleDecoderFactory.NAME, "--on-error", "dead-letter",
                "--group", "g-threads-dlt", "--threads", "3", "--idle-timeout", "3s", "--quiet");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(KafkaTestSupport.lastLine(r.out())).isEqualTo("messages=6 decoded=5 rejected=1 samples=500 tombstones=0");
        assertThat(committed(broker, "g-threads-dlt", "mixed-threads")).isEqualTo(6);
        assertThat(readAll(broker.bootstrapServers(), "mixed-threads.dead-letter")).hasSize(1);
        // the summary has a row per thread; exactly one thread held the partition
        assertThat(skip.lastSummary().threads()).hasSize(3);
        assertThat(skip.lastSummary().threads()).filteredOn(t -> t.messages() > 0).hasSize(1);
        assertThat(r.out()).contains("total ").contains("rebal.ms");
    }

    @Test
    void consumeMeasuresTheLagOfABacklogWhileItWorksThroughIt(EmbeddedKafkaBroker broker, @TempDir Path tmp) throws Exception {
        mixedTopic(broker, "mixed-lag", tmp);
        ConsumeCommand slow = new ConsumeCommand();
        // one message per poll, 400 ms of work per message: a backlog that lasts a few seconds
        slow.tap = thread -> new io.promsnap.SampleVisitor() {
            long last = -1;

            @Override
            public void onSample(io.promsnap.SampleView s) {
                if (s.index() == 0) {
                    try {
                        Thread.sleep(400);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        KafkaTestSupport.Run r = run(slow, "--bootstrap-server", broker.bootstrapServers(), "--topic", "mixed-lag",
                "--decoder", VendorStyleDecoderFactory.NAME, "--on-error", "skip", "--group", "g-lag",
                "--consumer-property", "max.poll.records=1", "--max-messages", "6", "--json", tmp.resolve("c.json").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        ConsumeSummary s = slow.lastSummary();
        assertThat(s.keepUp().maxLag()).as(r.err()).isPositive();
        assertThat(s.keepUp().keptUp()).as("a backlog read is not judged").isNull();
        assertThat(r.err()).containsPattern("lag=[1-5]\\b");
        assertThat(Files.readString(tmp.resolve("c.json"))).contains("\"data.consumed.in.nMsg\":6", "\"rejected\":1",
                "\"over.time\":[[");
    }

    @Test
    void consumeMaxMessagesCommitsExactlyThoseMessages(EmbeddedKafkaBroker broker, @TempDir Path tmp) throws Exception {
        mixedTopic(broker, "mixed-max", tmp);
        KafkaTestSupport.Run r = run(new ConsumeCommand(), "--bootstrap-server", broker.bootstrapServers(),
                "--topic", "mixed-max", "--decoder", VendorStyleDecoderFactory.NAME, "--group", "g-max",
                "--max-messages", "2", "--quiet");
        assertThat(KafkaTestSupport.lastLine(r.out())).isEqualTo("messages=2 decoded=2 rejected=0 samples=200 tombstones=0");
        assertThat(committed(broker, "g-max", "mixed-max")).isEqualTo(2);
        // the same group goes on where it stopped
        KafkaTestSupport.Run rest = run(new ConsumeCommand(), "--bootstrap-server", broker.bootstrapServers(),
                "--topic", "mixed-max", "--decoder", VendorStyleDecoderFactory.NAME, "--group", "g-max",
                "--max-messages", "1", "--quiet");
        assertThat(KafkaTestSupport.lastLine(rest.out())).isEqualTo("messages=1 decoded=1 rejected=0 samples=100 tombstones=0");
    }

    @Test
    void captureSavesRawValuesAsFiles(EmbeddedKafkaBroker broker, @TempDir Path tmp) throws Exception {
        mixedTopic(broker, "mixed-capture", tmp);
        Path out = tmp.resolve("corpus");
        KafkaTestSupport.Run r = run(new CaptureCommand(), "--bootstrap-server", broker.bootstrapServers(),
                "--topic", "mixed-capture", "--output-dir", out.toString(), "--messages", "4");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("captured=4");
        List<ConsumerRecord<byte[], byte[]>> records = readAll(broker.bootstrapServers(), "mixed-capture");
        for (int i = 0; i < 4; i++) {
            assertThat(out.resolve("mixed-capture-0-" + i + ".bin")).hasBinaryContent(records.get(i).value());
        }
        try (Stream<Path> s = Files.list(out)) {
            assertThat(s.count()).isEqualTo(4);
        }
        // fewer messages than asked within the idle timeout: exit code 1, what arrived is saved
        KafkaTestSupport.Run more = run(new CaptureCommand(), "--bootstrap-server", broker.bootstrapServers(),
                "--topic", "mixed-capture", "--output-dir", tmp.resolve("c2").toString(), "--messages", "10",
                "--idle-timeout", "1s");
        assertThat(more.exit()).isEqualTo(1);
        assertThat(more.out()).contains("captured=6");
    }

    @Test
    void commandConfigFileIsUsedForClientProperties(EmbeddedKafkaBroker broker, @TempDir Path tmp) throws Exception {
        Path cfg = tmp.resolve("client.properties");
        // a bad security protocol must make the command fail: proof that the file is read
        Files.writeString(cfg, "security.protocol=NOT_A_PROTOCOL\n");
        KafkaTestSupport.Run r = run(new GenerateCommand(), "--bootstrap-server", broker.bootstrapServers(),
                "--command-config", cfg.toString(), "--samples", "10", "--quiet", "--topic", "cfg-test");
        assertThat(r.exit()).isNotZero();
        Files.writeString(cfg, "client.id=promsnap-test\n");
        KafkaTestSupport.Run ok = run(new GenerateCommand(), "--bootstrap-server", broker.bootstrapServers(),
                "--command-config", cfg.toString(), "--samples", "10", "--quiet", "--topic", "cfg-test");
        assertThat(ok.exit()).isZero();
        assertThat(readAll(broker.bootstrapServers(), "cfg-test")).hasSize(1);
    }
}
