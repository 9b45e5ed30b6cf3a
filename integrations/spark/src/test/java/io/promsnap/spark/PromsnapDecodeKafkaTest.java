package io.promsnap.spark;

import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.promsnap.DecoderConfig;
import io.promsnap.DecoderRegistry;
import io.promsnap.PayloadDecoder;
import io.promsnap.PromsnapException;
import io.promsnap.Sample;
import io.promsnap.broker.EmbeddedKafkaBroker;
import io.promsnap.broker.EmbeddedKafkaExtension;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xerial.snappy.Snappy;

/**
 * {@code spark.read.format("kafka")} on a topic the load generator filled, through
 * {@code explode(promsnap_decode(value))}: exactly the generated samples. And what a bad message does.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300) // a hung Spark job must fail the test, not the CI job
class PromsnapDecodeKafkaTest {
    static final String TOPIC = "prometheus";
    static final long SAMPLES = 20_000;

    SparkSession spark;
    String bootstrap;
    KafkaTopics.Generated generated;

    @BeforeAll
    void fillTopic(EmbeddedKafkaBroker broker) {
        bootstrap = broker.bootstrapServers();
        // 500 samples per message: 40 messages over 3 partitions, so both task threads decode at once
        generated = KafkaTopics.generate(bootstrap, TOPIC, 3, SAMPLES, 500, 12);
        assertThat(generated.samples()).hasSize((int) SAMPLES);
        assertThat(generated.summary().batches()).isEqualTo(40);
        spark = TestSpark.session();
        PromsnapSpark.register(spark);
    }

    private Dataset<Row> kafka(String topic) {
        return spark.read().format("kafka")
                .option("kafka.bootstrap.servers", bootstrap)
                .option("subscribe", topic)
                .option("startingOffsets", "earliest")
                .load();
    }

    /** A sample's identity independent of label order; a series has one sample per timestamp. */
    static String key(Sample s) {
        return s.name() + new TreeMap<>(s.labels()) + "@" + s.timestampMillis() + "=" + Double.doubleToLongBits(s.value());
    }

    static Map<String, Long> multiset(List<Sample> samples) {
        return samples.stream().collect(Collectors.groupingBy(PromsnapDecodeKafkaTest::key, TreeMap::new,
                Collectors.counting()));
    }

    @Test
    void explodeGivesExactlyTheGeneratedSamples() {
        Dataset<Row> samples = kafka(TOPIC)
                .select(explode(call_function("promsnap_decode", col("value"))).as("s"));
        // one Spark job (the per-name counts of a GROUP BY are the SQL cell's test)
        List<Sample> viaSpark = SamplesFromRows.samples(samples.selectExpr(SamplesFromRows.COLUMNS).collectAsList());

        assertThat(viaSpark).hasSize((int) SAMPLES);
        Map<String, Long> perName = viaSpark.stream()
                .collect(Collectors.groupingBy(Sample::name, TreeMap::new, Collectors.counting()));
        Map<String, Long> expectedPerName = generated.samples().stream()
                .collect(Collectors.groupingBy(Sample::name, TreeMap::new, Collectors.counting()));
        assertThat(perName).isEqualTo(expectedPerName).hasSizeGreaterThan(10);
        // every sample, value bit for bit and timestamp to the millisecond, against the generator's own record
        assertThat(multiset(viaSpark)).isEqualTo(multiset(generated.samples()));
        assertThat(viaSpark.stream().filter(s -> Double.isNaN(s.value()))).isNotEmpty();
        assertThat(viaSpark.stream().filter(s -> Double.isInfinite(s.value()))).isNotEmpty();
    }

    @Test
    void sameSamplesInTheSameOrderAsADirectDecodeOfEachMessage() throws Exception {
        // per message: the array equals what the decoder gives for the same bytes read by a plain consumer,
        // labels in payload order included
        List<Row> perMessage = kafka(TOPIC)
                .selectExpr("value", "transform(promsnap_decode(value), s -> named_struct('name', s.name, 'k', "
                        + "map_keys(s.labels), 'v', map_values(s.labels), 'value', s.value, 'ts', s.ts)) AS a")
                .collectAsList();
        List<byte[]> direct = KafkaTopics.readValues(bootstrap, TOPIC);
        assertThat(perMessage).hasSize(direct.size()).hasSize(40);
        Map<ByteBuffer, List<Sample>> expected = new HashMap<>(); // ByteBuffer: equal by content
        try (PayloadDecoder d = DecoderRegistry.getDefault().create("aircompressor+scanner", DecoderConfig.defaults())) {
            for (byte[] v : direct) {
                expected.put(ByteBuffer.wrap(v), d.decodeBatch(v).samples());
            }
        }
        assertThat(expected).hasSize(40);
        int compared = 0;
        for (Row r : perMessage) {
            byte[] v = (byte[]) r.get(0);
            List<Sample> got = SamplesFromRows.samples(r.<Row>getList(1));
            List<Sample> want = expected.get(ByteBuffer.wrap(v));
            assertThat(want).as("message of %d bytes read by the plain consumer", v.length).isNotNull();
            assertThat(got).isEqualTo(want); // Sample.equals: label order and value bits too
            compared += got.size();
        }
        assertThat(compared).isEqualTo(SAMPLES);
    }

    @Test
    void aBadMessageFailsTheQueryWithTheDecodersMessage() throws Exception {
        String topic = "with-bad-message";
        byte[] good = Snappy.compress("[{\"__name__\":\"up\",\"job\":\"a\",\"value\":\"1\",\"timestamp\":\"1000\"}]"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] notJson = Snappy.compress("[{\"__name__\":\"up\",\"value\":".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        KafkaTopics.send(bootstrap, topic, List.of(good, notJson, good));
        String expectedMessage;
        try (PayloadDecoder d = DecoderRegistry.getDefault().create("aircompressor+scanner", DecoderConfig.defaults())) {
            expectedMessage = catchThrowable(() -> d.decode(notJson, s -> { })).getMessage();
        }
        assertThat(expectedMessage).contains("decompressed JSON");

        Dataset<Row> failing = kafka(topic).select(explode(call_function("promsnap_decode", col("value"))));
        Throwable t = catchThrowable(failing::count);
        assertThat(t).isInstanceOf(SparkException.class);
        assertThat(rootCauses(t)).anySatisfy(c -> {
            assertThat(c).isInstanceOf(PromsnapException.class);
            assertThat(c.getMessage()).isEqualTo(expectedMessage);
        });
        // what a notebook shows: Spark's error class, the function, and the decoder's own message
        assertThat(t.getMessage()).contains("FAILED_EXECUTE_UDF", "promsnap_decode", expectedMessage);

        // the lenient variant: every message is a row; the bad one has no samples and the decoder's message
        List<Row> rows = kafka(topic).selectExpr("offset", "try_promsnap_decode(value) AS d")
                .selectExpr("offset", "size(d.samples) AS n", "d.error").orderBy("offset").collectAsList();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).getInt(1)).isEqualTo(1);
        assertThat(rows.get(0).isNullAt(2)).isTrue();
        assertThat(rows.get(1).isNullAt(1)).as("samples of the bad message").isTrue();
        assertThat(rows.get(1).getString(2)).isEqualTo(expectedMessage);
        assertThat(rows.get(2).getInt(1)).isEqualTo(1);

        // the SQL cell on that topic: the per-metric query fails, the dead-letter query names the message
        List<Dataset<Row>> sql = notebookSql(topic);
        assertThat(rootCauses(catchThrowable(() -> sql.get(2).collectAsList())))
                .anySatisfy(c -> assertThat(c).isInstanceOf(PromsnapException.class).hasMessage(expectedMessage));
        List<Row> deadLetters = sql.get(3).collectAsList();
        assertThat(deadLetters).hasSize(1);
        assertThat(deadLetters.get(0).getLong(1)).isEqualTo(1); // offset
        assertThat(deadLetters.get(0).getString(2)).isEqualTo(expectedMessage);
    }

    /** The statements of the notebook's SQL cell, run with the two variables it reads set for this topic. */
    List<Dataset<Row>> notebookSql(String topic) throws IOException {
        spark.conf().set("kafka_bootstrap_servers", bootstrap);
        spark.conf().set("prometheus_topic", topic);
        List<Dataset<Row>> results = new ArrayList<>();
        for (String statement : DocsTest.sqlStatements(DocsTest.notebookSql())) {
            results.add(spark.sql(statement));
        }
        return results;
    }

    @Test
    void theJavaNotebookCellRunsAsWritten() {
        Dataset<Row> samples = NotebookCell.run(spark, bootstrap, TOPIC);
        assertThat(samples.columns()).containsExactly("name", "labels", "value", "ts");
        assertThat(samples.count()).isEqualTo(SAMPLES);
    }

    @Test
    void theSqlNotebookCellRunsAsWritten() throws Exception {
        List<Dataset<Row>> results = notebookSql(TOPIC);
        assertThat(results).hasSize(4);
        Map<String, Long> perName = new java.util.LinkedHashMap<>();
        for (Row r : results.get(2).collectAsList()) {
            perName.put(r.getString(0), r.getLong(1));
        }
        Map<String, Long> expectedPerName = generated.samples().stream()
                .collect(Collectors.groupingBy(Sample::name, TreeMap::new, Collectors.counting()));
        assertThat(perName).containsExactlyEntriesOf(expectedPerName); // ORDER BY name
        assertThat(results.get(3).collectAsList()).isEmpty();
    }

    static List<Throwable> rootCauses(Throwable t) {
        List<Throwable> out = new ArrayList<>();
        for (Throwable c = t; c != null && !out.contains(c); c = c.getCause()) {
            out.add(c);
        }
        return out;
    }

}
