package io.promsnap.connect;

import io.promsnap.Sample;
import io.promsnap.broker.EmbeddedKafkaBroker;
import io.promsnap.broker.EmbeddedKafkaExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.util.FutureCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The converter in a real Kafka Connect standalone worker (what {@code connect-standalone.sh} runs:
 * {@link ConnectStandalone}, its {@code StandaloneHerder}, {@code Worker} and file offset store, with
 * the REST server on a free port), the real {@code FileStreamSinkConnector}, and the embedded broker.
 * The worker and connector configurations are the files that docs/integrations.md shows.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
@Timeout(240)
class ConnectWorkerTest {
    static final String TOPIC = "prometheus-metrics";
    static final String DLQ = "prometheus-metrics-dlq";

    @TempDir
    static Path dir;
    static Connect<StandaloneHerder> connect;

    static Map<String, String> properties(String resource) throws IOException {
        Properties p = new Properties();
        try (InputStream in = ConnectWorkerTest.class.getResourceAsStream(resource)) {
            p.load(in);
        }
        return new TreeMap<>(p.entrySet().stream()
                .collect(Collectors.toMap(e -> (String) e.getKey(), e -> (String) e.getValue())));
    }

    @BeforeAll
    static void startWorker(EmbeddedKafkaBroker broker) throws IOException {
        // a worker that cannot start calls Exit.exit(3); in a test that must be a failure, not a JVM exit
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("Connect worker exit " + code + ": " + message);
        });
        Map<String, String> worker = properties("/connect-standalone.properties");
        // only what differs on a test machine: the broker, the files, a free REST port
        worker.put("bootstrap.servers", broker.bootstrapServers());
        worker.put("offset.storage.file.filename", dir.resolve("connect.offsets").toString());
        worker.put("plugin.path", Files.createDirectories(dir.resolve("plugins")).toString());
        worker.put("listeners", "http://127.0.0.1:0");
        connect = new ConnectStandalone().startConnect(worker);
    }

    @AfterAll
    static void stopWorker() {
        if (connect != null) {
            connect.stop();
            connect.awaitStop();
        }
        Exit.resetExitProcedure();
    }

    @Test
    void everySampleArrivesAndABadMessageGoesToTheDeadLetterQueue(EmbeddedKafkaBroker broker) throws Exception {
        String bootstrap = broker.bootstrapServers();
        List<Sample> sent = new ArrayList<>(Generated.into(bootstrap, TOPIC, 3, 6000, 11));
        byte[] bad = Arrays.copyOf(PromsnapConverterTest.seedExample(), 40); // truncated: a compression error
        try (KafkaProducer<byte[], byte[]> p = producer(bootstrap)) {
            p.send(new ProducerRecord<>(TOPIC, 1, null, bad)).get();
            p.send(new ProducerRecord<>(TOPIC, 2, null, null)).get(); // a tombstone
        }
        sent.addAll(Generated.into(bootstrap, TOPIC, 3, 4000, 12)); // after the bad one: the task goes on

        Path out = dir.resolve("prometheus-samples.txt");
        Map<String, String> config = properties("/promsnap-file-sink.properties");
        config.put("file", out.toString()); // the one change: a temporary file
        createConnector(config);

        waitFor(Duration.ofSeconds(120), () -> sampleLines(out).samples().size() >= sent.size());
        Lines lines = sampleLines(out);
        assertThat(lines.samples()).hasSize(10_000);
        assertThat(lines.messages()).isEqualTo(10_000 / 250);
        assertThat(lines.nulls()).isEqualTo(1);
        // every sample that was generated, with its labels (in order), value and timestamp, exactly once
        assertThat(multiset(lines.samples())).isEqualTo(multiset(sent.stream().map(ConnectWorkerTest::asLine).toList()));

        List<ConsumerRecord<byte[], byte[]>> dead = readAll(bootstrap, DLQ, 1);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value()).isEqualTo(bad);
        assertThat(header(dead.get(0), "__connect.errors.topic")).isEqualTo(TOPIC);
        assertThat(header(dead.get(0), "__connect.errors.exception.class.name"))
                .isEqualTo("org.apache.kafka.connect.errors.DataException");
        assertThat(header(dead.get(0), "__connect.errors.exception.message"))
                .startsWith("promsnap: cannot decode value from topic prometheus-metrics: ")
                .contains("COMPRESSION");

        ConnectorStateInfo status = connect.herder().connectorStatus(config.get("name"));
        assertThat(status.tasks()).singleElement().satisfies(t -> assertThat(t.state()).isEqualTo("RUNNING"));
    }

    @Test
    void withErrorsToleranceNoneABadMessageFailsTheTask(EmbeddedKafkaBroker broker) throws Exception {
        String topic = "prometheus-metrics-strict";
        try (KafkaProducer<byte[], byte[]> p = producer(broker.bootstrapServers())) {
            p.send(new ProducerRecord<>(topic, null, PromsnapConverterTest.seedExample())).get();
            p.send(new ProducerRecord<>(topic, null, "[{\"not\":\"snappy\"}]".getBytes(StandardCharsets.UTF_8))).get();
        }
        Map<String, String> config = properties("/promsnap-file-sink.properties");
        config.put("name", "promsnap-strict");
        config.put("topics", topic);
        config.put("file", dir.resolve("strict.txt").toString());
        config.put("errors.tolerance", "none");
        config.keySet().removeIf(k -> k.startsWith("errors.deadletterqueue"));
        createConnector(config);

        waitFor(Duration.ofSeconds(60), () -> taskState("promsnap-strict").state().equals("FAILED"));
        ConnectorStateInfo.TaskState task = taskState("promsnap-strict");
        assertThat(task.trace())
                .contains("Tolerance exceeded in error handler")
                .contains("org.apache.kafka.connect.errors.DataException: promsnap: cannot decode value from topic "
                        + topic + ": ");
    }

    // ------------------------------------------------------------------ helpers

    static void createConnector(Map<String, String> config) throws Exception {
        FutureCallback<StandaloneHerder.Created<?>> created = new FutureCallback<>();
        connect.herder().putConnectorConfig(config.get("name"), config, false, (e, r) -> created.onCompletion(e, r));
        created.get(60, TimeUnit.SECONDS);
    }

    static ConnectorStateInfo.TaskState taskState(String connector) {
        List<ConnectorStateInfo.TaskState> tasks = connect.herder().connectorStatus(connector).tasks();
        return tasks.isEmpty() ? new ConnectorStateInfo.TaskState(0, "UNASSIGNED", "", null, null) : tasks.get(0);
    }

    /** The file sink writes {@code String.valueOf(record.value())}: here a List of Structs per line. */
    record Lines(List<String> samples, int messages, int nulls) {
    }

    static Lines sampleLines(Path file) {
        List<String> samples = new ArrayList<>();
        int messages = 0;
        int nulls = 0;
        List<String> lines;
        try {
            String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            // read while the sink is writing: a last line without its newline is still being written
            lines = List.of(text.substring(0, text.lastIndexOf('\n') + 1).split("\n", -1));
            lines = lines.subList(0, lines.size() - 1);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        for (String line : lines) {
            if (line.equals("null")) {
                nulls++;
                continue;
            }
            assertThat(line).startsWith("[Struct{name=").endsWith("}]");
            messages++;
            samples.addAll(Arrays.asList(line.substring(1, line.length() - 1).split(", (?=Struct\\{name=)")));
        }
        return new Lines(samples, messages, nulls);
    }

    /** What a generated sample looks like in the file, built without the decoder. */
    static String asLine(Sample s) {
        return new Struct(PromsnapConverter.SAMPLE_SCHEMA).put("name", s.name()).put("labels", s.labels())
                .put("value", s.value()).put("timestamp", new Date(s.timestampMillis())).toString();
    }

    static Map<String, Long> multiset(List<String> items) {
        return items.stream().collect(Collectors.groupingBy(x -> x, TreeMap::new, Collectors.counting()));
    }

    static void waitFor(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(200);
        }
    }

    static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrap);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic, int atLeast) throws InterruptedException {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrap);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (c.partitionsFor(topic).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(pi -> new TopicPartition(topic, pi.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            while (out.size() < atLeast && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            c.poll(Duration.ofMillis(500)).forEach(out::add); // nothing more should come
        }
        return out;
    }

    static String header(ConsumerRecord<?, ?> r, String key) {
        Header h = r.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
