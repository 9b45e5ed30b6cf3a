package io.promsnap.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.promsnap.ContainerFormat;
import io.promsnap.DecodeLimits;
import io.promsnap.ErrorPolicy;
import io.promsnap.PayloadDecoder;
import io.promsnap.PromsnapException;
import io.promsnap.Sample;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyFramedOutputStream;

/** The functions on values made in the test (no Kafka): the vendor's example, the options, the edge cases. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class PromsnapDecodeTest {
    static final StructType VALUES = new StructType().add("value", DataTypes.BinaryType, true);

    SparkSession spark;

    @BeforeAll
    void register() {
        spark = TestSpark.session();
        PromsnapSpark.register(spark);
    }

    Dataset<Row> values(byte[]... values) {
        List<Row> rows = new ArrayList<>();
        for (byte[] v : values) {
            rows.add(RowFactory.create((Object) v));
        }
        return spark.createDataFrame(rows, VALUES);
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = PromsnapDecodeTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    static byte[] raw(String json) throws IOException {
        return Snappy.compress(json.getBytes(StandardCharsets.UTF_8));
    }

    List<Sample> decodeWith(String function, Dataset<Row> values) {
        return SamplesFromRows.samples(values.selectExpr("explode(" + function + "(value)) AS s")
                .selectExpr(SamplesFromRows.COLUMNS).collectAsList());
    }

    @Test
    void theVendorsExampleDecodesToExactlyItsSample() throws Exception {
        // the JSON array exactly as the vendor's page prints it, compressed the way its consumer example
        // reads it back (Snappy.uncompress: a raw Snappy block)
        byte[] message = Snappy.compress(resource("vendor-example.json"));
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("instance", "*****");
        labels.put("pod", "*****");
        labels.put("namespace", "default");
        labels.put("service", "kubernetes");
        labels.put("job", "apiserver");
        labels.put("endpoint", "http-metrics");
        labels.put("operation", "UPDATE");
        labels.put("type", "validate");
        labels.put("rejected", "false");
        labels.put("name", "*****");
        labels.put("le", "2.5");
        Sample expected = new Sample("apiserver_admission_controller_admission_duration_seconds_bucket", labels,
                675.0, 1698732988354L);

        assertThat(decodeWith("promsnap_decode", values(message))).containsExactly(expected);

        // the same row as Spark shows it: the timestamp is the instant 2023-10-31T06:16:28.354Z
        Row r = values(message).selectExpr("explode(promsnap_decode(value)) AS s")
                .selectExpr("s.name", "s.labels['le']", "s.value", "CAST(s.ts AS STRING)", "unix_millis(s.ts)")
                .first();
        assertThat(r.getString(0)).isEqualTo(expected.name());
        assertThat(r.getString(1)).isEqualTo("2.5");
        assertThat(r.getDouble(2)).isEqualTo(675.0);
        assertThat(r.getString(3)).isEqualTo("2023-10-31 06:16:28.354"); // session time zone UTC
        assertThat(r.getLong(4)).isEqualTo(1698732988354L);
    }

    @Test
    void theSchemaIsTheDocumentedOne() {
        Dataset<Row> d = values(new byte[0]).selectExpr("promsnap_decode(value) AS a", "try_promsnap_decode(value) AS t");
        assertThat(d.schema().apply("a").dataType().simpleString())
                .isEqualTo("array<struct<name:string,labels:map<string,string>,value:double,ts:timestamp>>");
        assertThat(d.schema().apply("t").dataType().simpleString())
                .isEqualTo("struct<samples:array<struct<name:string,labels:map<string,string>,value:double,"
                        + "ts:timestamp>>,error:string,skipped:array<string>>");
    }

    @Test
    void aNullValueGivesNullAndNoRows() throws Exception {
        Dataset<Row> d = values(null, raw("[]"));
        List<Row> rows = d.selectExpr("promsnap_decode(value) IS NULL", "size(promsnap_decode(value))",
                "try_promsnap_decode(value) IS NULL").collectAsList();
        assertThat(rows.get(0).getBoolean(0)).isTrue();
        assertThat(rows.get(0).getBoolean(2)).isTrue();
        assertThat(rows.get(1).getBoolean(0)).isFalse(); // an empty array is a message without samples
        assertThat(rows.get(1).getInt(1)).isZero();
        assertThat(d.selectExpr("explode(promsnap_decode(value))").count()).isZero();
    }

    @Test
    void skipDropsOnlyTheBadSampleAndTheLenientVariantSaysWhich() throws Exception {
        byte[] message = raw("[{\"__name__\":\"up\",\"value\":\"1\",\"timestamp\":\"1000\"},"
                + "{\"__name__\":\"up\",\"value\":\"not a number\",\"timestamp\":\"2000\"},"
                + "{\"__name__\":\"up\",\"value\":\"3\",\"timestamp\":\"3000\"}]");
        PromsnapSpark.register(spark, PromsnapSpark.Options.defaults().functionName("promsnap_decode_skip")
                .errorPolicy(ErrorPolicy.SKIP));

        assertThat(decodeWith("promsnap_decode_skip", values(message))).extracting(Sample::timestampMillis)
                .containsExactly(1000L, 3000L);
        Row t = values(message).selectExpr("try_promsnap_decode_skip(value) AS t")
                .selectExpr("size(t.samples)", "t.error", "t.skipped").first();
        assertThat(t.getInt(0)).isEqualTo(2);
        assertThat(t.isNullAt(1)).isTrue();
        assertThat(t.<String>getList(2)).singleElement().asString().contains("(sample 1)", "[SCHEMA]");

        // the default (FAIL) function fails on the same message, with the sample named
        Throwable e = catchThrowable(() -> values(message).selectExpr("promsnap_decode(value)").collect());
        assertThat(e).isInstanceOf(SparkException.class);
        assertThat(PromsnapDecodeKafkaTest.rootCauses(e)).anySatisfy(c -> assertThat(c)
                .isInstanceOf(PromsnapException.class).hasMessageContaining("(sample 1)"));
        // ...and the lenient default variant gives no samples at all: never a partial message
        Row f = values(message).selectExpr("try_promsnap_decode(value) AS t").selectExpr("t.samples IS NULL", "t.error")
                .first();
        assertThat(f.getBoolean(0)).isTrue();
        assertThat(f.getString(1)).contains("(sample 1)");
    }

    @Test
    void matchKeepsOnlySelectedSamplesAndABadSelectorFailsOnTheDriver() throws Exception {
        byte[] message = raw("[{\"__name__\":\"up\",\"job\":\"api\",\"value\":\"1\",\"timestamp\":\"1000\"},"
                + "{\"__name__\":\"down\",\"value\":\"2\",\"timestamp\":\"2000\"},"
                + "{\"__name__\":\"up\",\"job\":\"db\",\"value\":\"3\",\"timestamp\":\"3000\"}]");
        PromsnapSpark.register(spark, PromsnapSpark.Options.defaults().functionName("promsnap_decode_up")
                .match("{__name__=\"up\",job!=\"db\"}"));
        assertThat(decodeWith("promsnap_decode_up", values(message))).extracting(Sample::timestampMillis)
                .containsExactly(1000L);
        // the delivery task's own filter lines
        PromsnapSpark.register(spark, PromsnapSpark.Options.defaults().functionName("promsnap_decode_filter")
                .match("__name__=up|down\njob=db|"));
        assertThat(decodeWith("promsnap_decode_filter", values(message))).extracting(Sample::timestampMillis)
                .containsExactly(2000L, 3000L);
        assertThatThrownBy(() -> PromsnapSpark.Options.defaults().match("{job=~\"(\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column 7");
    }

    @Test
    void containerFormatDecoderAndLimitsAreOptions() throws Exception {
        byte[] json = "[{\"__name__\":\"up\",\"job\":\"x\",\"value\":\"1.5\",\"timestamp\":\"1000\"}]"
                .getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        try (SnappyFramedOutputStream out = new SnappyFramedOutputStream(framed)) {
            out.write(json);
        }
        PromsnapSpark.register(spark, PromsnapSpark.Options.defaults().functionName("promsnap_decode_auto")
                .containerFormat(ContainerFormat.AUTO).decoder("aircompressor+jackson"));
        Sample up = new Sample("up", Map.of("job", "x"), 1.5, 1000);
        assertThat(decodeWith("promsnap_decode_auto", values(framed.toByteArray(), Snappy.compress(json))))
                .containsExactly(up, up);
        // raw (the default) does not guess: the framed stream is not a raw block
        Row t = values(framed.toByteArray()).selectExpr("try_promsnap_decode(value).error").first();
        assertThat(t.getString(0)).isNotNull().contains("compressed input");

        PromsnapSpark.register(spark, PromsnapSpark.Options.defaults().functionName("promsnap_decode_small")
                .limits(DecodeLimits.builder().maxLabelsPerSample(1).build()));
        byte[] twoLabels = raw("[{\"__name__\":\"up\",\"job\":\"x\",\"pod\":\"p\",\"value\":\"1\",\"timestamp\":\"1\"}]");
        assertThat(values(twoLabels).selectExpr("try_promsnap_decode_small(value).error").first()
                .getString(0)).contains("[LIMIT]");
    }

    @Test
    void anUnknownDecoderFailsAtRegistrationOnTheDriver() {
        assertThatThrownBy(() -> PromsnapSpark.register(spark, PromsnapSpark.Options.defaults().decoder("nope")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown decoder 'nope'")
                .hasMessageContaining("aircompressor+scanner");
        assertThatThrownBy(() -> PromsnapSpark.Options.defaults().functionName("drop table"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachThreadHasItsOwnDecoderReusedAcrossCalls() throws Exception {
        PromsnapSpark.Options o = PromsnapSpark.Options.defaults();
        PayloadDecoder mine = Decoding.decoder(o);
        assertThat(Decoding.decoder(o)).isSameAs(mine);
        assertThat(Decoding.decoder(o.functionName("other_name"))).as("the name is not part of the decoder")
                .isSameAs(mine);
        assertThat(Decoding.decoder(o.containerFormat(ContainerFormat.AUTO))).isNotSameAs(mine);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            PayloadDecoder a = CompletableFuture.supplyAsync(() -> Decoding.decoder(o), pool).get();
            PayloadDecoder b = CompletableFuture.supplyAsync(() -> Decoding.decoder(o), pool).get();
            assertThat(Arrays.asList(a, b)).doesNotContain(mine);
        } finally {
            pool.shutdownNow();
        }
    }
}
