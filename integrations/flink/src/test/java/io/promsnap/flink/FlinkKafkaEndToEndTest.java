package io.promsnap.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.promsnap.PromsnapException;
import io.promsnap.Sample;
import io.promsnap.broker.EmbeddedKafkaBroker;
import io.promsnap.broker.EmbeddedKafkaExtension;
import io.promsnap.flink.example.PrometheusSamplesJob;
import io.promsnap.loadgen.GenerateSummary;
import io.promsnap.loadgen.KafkaClients;
import io.promsnap.loadgen.KafkaOutput;
import io.promsnap.loadgen.LoadGenerator;
import io.promsnap.traffic.ModelConfig;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xerial.snappy.Snappy;

/**
 * Flink's own MiniCluster (one task manager, two slots) reading with {@code KafkaSource} from the embedded
 * KRaft broker, which the load generator filled: the documented job and SQL table deliver every generated
 * sample exactly once with its values, and bad messages follow the configured policy.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
@Timeout(300)
@SuppressWarnings("try") // Flink's CloseableIterator.close() may throw InterruptedException; fine in tests
class FlinkKafkaEndToEndTest {
    static final String TOPIC = "prometheus-delivery";
    static final String BAD_TOPIC = "with-bad-messages";
    static final int SAMPLES = 20_000;

    static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(() -> new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    static GenerateSummary summary;
    static final List<Sample> generated = Collections.synchronizedList(new ArrayList<>());
    static String bootstrap;
    /** The payload of the bad topic's truncated message: one good sample, then the JSON stops. */
    static final String TRUNCATED_JSON = "[{\"__name__\":\"up\",\"job\":\"node\",\"value\":\"1\",\"timestamp\":\"1000\"},{\"__name__\":\"up\"";

    @BeforeAll
    static void fillTopics(EmbeddedKafkaBroker broker) throws Exception {
        bootstrap = broker.bootstrapServers();
        LoadGenerator.Options o = new LoadGenerator.Options();
        o.model = ModelConfig.builder().series(3000).seed(42).nanShare(0.01).infShare(0.01).build();
        o.maxSamples = SAMPLES;
        o.batchSamples = 500;
        o.tap = (s, v, ts) -> generated.add(new Sample(s.name(), s.labels(), v, ts));
        Properties props = KafkaClients.properties(bootstrap, null, List.of());
        try (KafkaOutput out = new KafkaOutput(props, TOPIC, 3, o.batchBytes)) {
            summary = new LoadGenerator(o, out).run();
        }
        assertThat(summary.samples()).isEqualTo(SAMPLES);
        assertThat(summary.errors()).isZero();
        assertThat(summary.acknowledged()).isEqualTo(summary.batches());
        assertThat(generated).hasSize(SAMPLES);

        // one partition, so offsets are known: seed, garbage, truncated JSON, seed
        KafkaOutput.ensureTopic(props, BAD_TOPIC, 1);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(BAD_TOPIC, SeedExampleTest.seed()));
            p.send(new ProducerRecord<>(BAD_TOPIC, "garbage, not snappy".getBytes(StandardCharsets.US_ASCII)));
            p.send(new ProducerRecord<>(BAD_TOPIC, Snappy.compress(TRUNCATED_JSON.getBytes(StandardCharsets.UTF_8))));
            p.send(new ProducerRecord<>(BAD_TOPIC, SeedExampleTest.seed())).get();
        }
    }

    static <T> Map<T, Long> counts(Iterable<? extends T> items) {
        Map<T, Long> m = new HashMap<>();
        for (T t : items) {
            m.merge(t, 1L, Long::sum);
        }
        return m;
    }

    static <S, T> Map<T, Long> counts(List<S> items, Function<S, T> key) {
        Map<T, Long> m = new HashMap<>();
        for (S s : items) {
            m.merge(key.apply(s), 1L, Long::sum);
        }
        return m;
    }

    /**
     * What the generator sent, as {@link PromsnapSample}s: their equality ignores label order, which Flink's
     * map serializer does not keep (decoder-core's {@link Sample} compares it too).
     */
    static Map<PromsnapSample, Long> generatedCounts() {
        return counts(generated.stream().map(s -> new PromsnapSample(s.name(), s.labels(), s.value(), s.timestampMillis())).toList());
    }

    static StreamExecutionEnvironment env() {
        Configuration c = new Configuration();
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "disable"); // a bad message must fail the job, not loop
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(c);
        env.setParallelism(2);
        return env;
    }

    static <T> List<T> collect(DataStream<T> stream) throws Exception {
        List<T> out = new ArrayList<>();
        try (CloseableIterator<T> it = stream.executeAndCollect()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void documentedJobDeliversEveryGeneratedSampleExactlyOnce() throws Exception {
        List<PromsnapSample> got = collect(PrometheusSamplesJob.samples(env(), bootstrap, TOPIC));
        assertThat(got).hasSize(SAMPLES);
        // a multiset comparison: each generated sample (name, labels, value bits, timestamp) exactly once
        assertThat(counts(got)).isEqualTo(generatedCounts());
    }

    @Test
    void documentedMainPrintsTheGeneratorsPerNameCounts() throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            PrometheusSamplesJob.main(new String[] {bootstrap, TOPIC});
        } finally {
            System.setOut(saved);
        }
        // print() writes "subtask> (name,running count)"; the last count per name is the total
        Map<String, Long> last = new HashMap<>();
        Matcher m = Pattern.compile("\\(([^,]+),(\\d+)\\)$", Pattern.MULTILINE).matcher(buf.toString(StandardCharsets.UTF_8));
        while (m.find()) {
            last.merge(m.group(1), Long.parseLong(m.group(2)), Math::max);
        }
        assertThat(last).isEqualTo(counts(generated, Sample::name));
    }

    @Test
    void sqlTableAsDocumentedGivesTheGeneratorsCountsAndValues() throws Exception {
        StreamTableEnvironment tEnv = batchTableEnv();
        tEnv.executeSql(DocsTest.ddl(bootstrap));

        Map<String, Long> perName = new TreeMap<>();
        for (Row r : rows(tEnv.executeSql(DocsTest.resource("samples_per_name.sql")))) {
            perName.put((String) r.getField("name"), (Long) r.getField("samples"));
        }
        assertThat(perName).isEqualTo(new TreeMap<>(counts(generated, Sample::name)));
        assertThat(perName.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(summary.samples());

        // the promoted label column agrees with the labels map and with the generator
        Map<String, Long> perJob = new HashMap<>();
        for (Row r : rows(tEnv.executeSql("SELECT job, COUNT(*) AS c FROM prometheus_samples "
                + "WHERE job = labels['job'] OR (job IS NULL AND labels['job'] IS NULL) GROUP BY job"))) {
            perJob.put((String) r.getField("job"), (Long) r.getField("c"));
        }
        assertThat(perJob).isEqualTo(counts(generated, s -> s.labels().get("job")));

        // every column of every row equals what was generated
        List<PromsnapSample> all = new ArrayList<>();
        for (Row r : rows(tEnv.executeSql("SELECT name, labels, `value`, ts FROM prometheus_samples"))) {
            @SuppressWarnings("unchecked")
            Map<String, String> labels = (Map<String, String>) r.getField(1);
            all.add(new PromsnapSample((String) r.getField(0), labels, (Double) r.getField(2),
                    ((java.time.Instant) r.getField(3)).toEpochMilli()));
        }
        assertThat(counts(all)).isEqualTo(generatedCounts());
    }

    @Test
    void badMessageFailsTheJobByDefault() {
        assertThatThrownBy(() -> collect(PrometheusSamplesJob.samples(env(), bootstrap, BAD_TOPIC)))
                .hasRootCauseInstanceOf(PromsnapException.class)
                .satisfies(e -> assertThat(causeMessages(e)).contains("promsnap: cannot decode " + BAD_TOPIC + "-0@1"));
    }

    @Test
    void badMessagesGoToTheSideOutputWithTheirReason() throws Exception {
        StreamExecutionEnvironment env = env();
        SingleOutputStreamOperator<PromsnapSample> samples = PrometheusSamplesJob.samplesWithDeadLetters(env, bootstrap, BAD_TOPIC);
        List<PromsnapSample> good = new ArrayList<>();
        List<PromsnapBadMessage> dead = new ArrayList<>();
        // both outputs of one job
        try (CloseableIterator<PromsnapSample> g = samples.collectAsync();
             CloseableIterator<PromsnapBadMessage> d = PrometheusSamplesJob.deadLetters(samples).collectAsync()) {
            org.apache.flink.core.execution.JobClient job = env.executeAsync("side output");
            g.forEachRemaining(good::add);
            d.forEachRemaining(dead::add);
            job.getJobExecutionResult().get();
        }

        assertThat(good).containsExactlyInAnyOrder(SeedExampleTest.EXPECTED, SeedExampleTest.EXPECTED,
                new PromsnapSample("up", Map.of("job", "node"), 1.0, 1000L));
        assertThat(dead).hasSize(2);
        Map<String, PromsnapBadMessage> byCategory = new HashMap<>();
        dead.forEach(b -> byCategory.put(b.category, b));
        assertThat(byCategory).containsOnlyKeys("COMPRESSION", "JSON_SYNTAX");
        assertThat(new String(byCategory.get("COMPRESSION").payload, StandardCharsets.US_ASCII)).isEqualTo("garbage, not snappy");
        assertThat(byCategory.get("COMPRESSION").emittedSamples).isZero();
        // the truncated batch's first sample was emitted before the error, and the record says so
        assertThat(Snappy.uncompress(byCategory.get("JSON_SYNTAX").payload)).asString(StandardCharsets.UTF_8).isEqualTo(TRUNCATED_JSON);
        assertThat(byCategory.get("JSON_SYNTAX").emittedSamples).isEqualTo(1);
        assertThat(byCategory.get("JSON_SYNTAX").error).contains("unexpected end of input");
    }

    @Test
    void sqlIgnoreParseErrorsSkipsAndCountsBadMessages() throws Exception {
        StreamTableEnvironment tEnv = batchTableEnv();
        tEnv.executeSql(DocsTest.ddl(bootstrap).replace("prometheus_samples", "lenient").replace(TOPIC, BAD_TOPIC)
                .replace("'promsnap.ignore-parse-errors' = 'false'", "'promsnap.ignore-parse-errors' = 'true'"));
        TableResult result = tEnv.executeSql("SELECT name, COUNT(*) AS c FROM lenient GROUP BY name");
        Map<String, Long> perName = new HashMap<>();
        for (Row r : rows(result)) {
            perName.put((String) r.getField("name"), (Long) r.getField("c"));
        }
        assertThat(perName).isEqualTo(Map.of(SeedExampleTest.EXPECTED.name, 2L, "up", 1L));
        JobID job = result.getJobClient().orElseThrow().getJobID();
        assertThat(counter(job, "promsnap.badMessages")).isEqualTo(2);
        assertThat(counter(job, "promsnap.messages")).isEqualTo(4);
        assertThat(counter(job, "promsnap.samples")).isEqualTo(3);
    }

    @Test
    void sqlFailsOnABadMessageByDefault() throws Exception {
        StreamTableEnvironment tEnv = batchTableEnv();
        tEnv.executeSql(DocsTest.ddl(bootstrap).replace("prometheus_samples", "strict").replace(TOPIC, BAD_TOPIC));
        assertThatThrownBy(() -> rows(tEnv.executeSql("SELECT name, COUNT(*) FROM strict GROUP BY name")))
                .hasRootCauseInstanceOf(PromsnapException.class)
                .satisfies(e -> assertThat(causeMessages(e)).contains("promsnap format: cannot decode message"));
    }

    @Test
    void sqlRefusesAColumnTheFormatCannotFill() throws Exception {
        StreamTableEnvironment tEnv = batchTableEnv();
        tEnv.executeSql(DocsTest.ddl(bootstrap).replace("prometheus_samples", "wrong").replace("job STRING", "pod STRING"));
        assertThatThrownBy(() -> tEnv.executeSql("SELECT pod FROM wrong"))
                .satisfies(e -> assertThat(causeMessages(e)).contains(
                        "promsnap format: column 'pod' is none of name, labels, value, ts and not listed in 'promsnap.label-columns' [job]"));
    }

    static StreamTableEnvironment batchTableEnv() {
        StreamExecutionEnvironment env = env();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH); // bounded scan: one final row per group
        return StreamTableEnvironment.create(env);
    }

    static List<Row> rows(TableResult result) throws Exception {
        List<Row> out = new ArrayList<>();
        try (CloseableIterator<Row> it = result.collect()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    static long counter(JobID job, String suffix) {
        long sum = 0;
        int found = 0;
        // by group: the identifiers of a SQL job's operators repeat, which getMetricsByIdentifiers refuses
        for (Map.Entry<MetricGroup, Map<String, Metric>> g : METRICS.getMetricsByGroup().entrySet()) {
            if (!job.toString().equals(g.getKey().getAllVariables().get("<job_id>"))) {
                continue;
            }
            for (Map.Entry<String, Metric> e : g.getValue().entrySet()) {
                if (g.getKey().getMetricIdentifier(e.getKey()).endsWith(suffix) && e.getValue() instanceof Counter c) {
                    sum += c.getCount();
                    found++;
                }
            }
        }
        assertThat(found).as("counters named *" + suffix).isPositive();
        return sum;
    }

    static String causeMessages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append('\n');
        }
        return sb.toString();
    }
}
