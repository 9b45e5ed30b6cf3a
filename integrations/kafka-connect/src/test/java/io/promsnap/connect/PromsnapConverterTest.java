package io.promsnap.connect;

import io.promsnap.PromsnapException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.ConnectSchema;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class PromsnapConverterTest {
    private final PromsnapConverter converter = new PromsnapConverter();

    @AfterEach
    void close() {
        converter.close();
    }

    /** The vendor's example message (its documentation's JSON, Snappy-compressed as the delivery sends it). */
    static byte[] seedExample() throws IOException {
        try (InputStream in = PromsnapConverterTest.class.getResourceAsStream("/seed-example.snappy")) {
            return in.readAllBytes();
        }
    }

    /**
     * A raw Snappy block holding {@code json} (up to 256 bytes) as one literal: the simplest valid form,
     * written here so that the test does not lean on a compressor.
     */
    static byte[] rawSnappy(String json) {
        byte[] b = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int n = b.length;
        assertThat(n).isBetween(1, 256);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        if (n < 128) {
            out.write(n); // varint preamble: the decompressed length
        } else {
            out.write(0x80 | (n & 0x7f));
            out.write(n >>> 7);
        }
        if (n <= 60) {
            out.write((n - 1) << 2); // literal tag, length-1 in the tag
        } else {
            out.write(60 << 2); // literal tag, length-1 in the next byte
            out.write(n - 1);
        }
        out.write(b, 0, n);
        return out.toByteArray();
    }

    @Test
    void decodesTheVendorsSeedExampleToOneRecordWithOneStruct() throws IOException {
        converter.configure(Map.of(), false);
        SchemaAndValue sv = converter.toConnectData("prometheus", seedExample());

        assertThat(sv.schema()).isSameAs(PromsnapConverter.VALUE_SCHEMA);
        assertThat(sv.schema().type()).isEqualTo(Schema.Type.ARRAY);
        ConnectSchema.validateValue(sv.schema(), sv.value()); // throws if value and schema disagree
        List<?> samples = (List<?>) sv.value();
        assertThat(samples).hasSize(1);
        Struct s = (Struct) samples.get(0);
        assertThat(s.getString("name")).isEqualTo("apiserver_admission_controller_admission_duration_seconds_bucket");
        assertThat(s.<String, String>getMap("labels")).containsExactly(
                entry("instance", "*****"), entry("pod", "*****"), entry("namespace", "default"),
                entry("service", "kubernetes"), entry("job", "apiserver"), entry("endpoint", "http-metrics"),
                entry("operation", "UPDATE"), entry("type", "validate"), entry("rejected", "false"),
                entry("name", "*****"), entry("le", "2.5"));
        assertThat(s.getFloat64("value")).isEqualTo(675.0);
        assertThat(s.get("timestamp")).isEqualTo(new Date(1698732988354L));
        assertThat(s.schema().field("timestamp").schema().name()).isEqualTo("org.apache.kafka.connect.data.Timestamp");
    }

    @Test
    void theSchemaIsTheDocumentedOne() {
        Schema sample = PromsnapConverter.VALUE_SCHEMA.valueSchema();
        assertThat(sample.fields()).extracting(f -> f.name() + ":" + f.schema().type())
                .containsExactly("name:STRING", "labels:MAP", "value:FLOAT64", "timestamp:INT64");
        assertThat(sample.field("labels").schema().keySchema().type()).isEqualTo(Schema.Type.STRING);
        assertThat(sample.field("labels").schema().valueSchema().type()).isEqualTo(Schema.Type.STRING);
        assertThat(sample.fields()).allSatisfy(f -> assertThat(f.schema().isOptional()).isFalse());
    }

    @Test
    void aTombstoneIsANullRecordValue() {
        converter.configure(Map.of(), false);
        assertThat(converter.toConnectData("t", null)).isEqualTo(SchemaAndValue.NULL);
    }

    @Test
    void badInputRaisesDataExceptionWithThePromsnapMessage() throws IOException {
        converter.configure(Map.of(), false);
        byte[] truncated = Arrays.copyOf(seedExample(), 40);
        assertThatThrownBy(() -> converter.toConnectData("prometheus", truncated))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("promsnap: cannot decode value from topic prometheus: ")
                .hasCauseInstanceOf(PromsnapException.class)
                .satisfies(e -> assertThat(e.getMessage()).endsWith(e.getCause().getMessage()));
        // uncompressed JSON is not guessed
        assertThatThrownBy(() -> converter.toConnectData("prometheus", "[]".getBytes()))
                .isInstanceOf(DataException.class);
        // and the converter is still usable afterwards
        assertThat((List<?>) converter.toConnectData("prometheus", seedExample()).value()).hasSize(1);
    }

    @Test
    void limitsAreConfiguredConnectStyle() throws IOException {
        converter.configure(Map.of("max.labels.per.sample", "5"), false);
        assertThatThrownBy(() -> converter.toConnectData("t", seedExample()))
                .isInstanceOf(DataException.class).hasMessageContaining("maxLabelsPerSample");
    }

    @Test
    void errorPolicySkipLeavesOutTheBadSampleOnly() {
        String json = "[{\"__name__\":\"a\",\"value\":\"1\",\"timestamp\":\"2\"},{\"__name__\":\"b\",\"value\":\"x\",\"timestamp\":\"3\"}]";
        converter.configure(Map.of("error.policy", "skip"), false);
        List<?> samples = (List<?>) converter.toConnectData("t", rawSnappy(json)).value();
        assertThat(samples).extracting(s -> ((Struct) s).getString("name")).containsExactly("a");

        PromsnapConverter failing = new PromsnapConverter();
        failing.configure(Map.of("error.policy", "FAIL"), false);
        assertThatThrownBy(() -> failing.toConnectData("t", rawSnappy(json))).isInstanceOf(DataException.class);
        failing.close();
    }

    @Test
    void matchKeepsOnlySelectedSamplesAndABadSelectorIsAConfigException() {
        String json = "[{\"__name__\":\"a\",\"job\":\"api\",\"value\":\"1\",\"timestamp\":\"2\"},"
                + "{\"__name__\":\"b\",\"value\":\"2\",\"timestamp\":\"3\"},"
                + "{\"__name__\":\"a\",\"job\":\"db\",\"value\":\"3\",\"timestamp\":\"4\"}]";
        converter.configure(Map.of("match", "{__name__=\"a\",job!=\"db\"}"), false);
        List<?> samples = (List<?>) converter.toConnectData("t", rawSnappy(json)).value();
        assertThat(samples).extracting(s -> ((Struct) s).getFloat64("value")).containsExactly(1.0);
        // the delivery task's own filter lines
        converter.configure(Map.of("match", "__name__=a|b\njob=db|"), false);
        samples = (List<?>) converter.toConnectData("t", rawSnappy(json)).value();
        assertThat(samples).extracting(s -> ((Struct) s).getFloat64("value")).containsExactly(2.0, 3.0);
        assertThatThrownBy(() -> converter.configure(Map.of("match", "{job=~\"(\"}"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("match").hasMessageContaining("column 7");
    }

    @Test
    void badConfigurationIsAConfigException() {
        assertThatThrownBy(() -> converter.configure(Map.of("decoder", "nope"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown decoder")
                .hasMessageContaining("aircompressor+scanner");
        assertThatThrownBy(() -> converter.configure(Map.of("format", "zip"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("format");
        assertThatThrownBy(() -> converter.configure(Map.of("max.string.bytes", "0"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("max.string.bytes");
        assertThat(converter.config().names()).contains("decoder", "format", "error.policy", "max.decompressed.bytes",
                "max.samples.per.payload", "max.labels.per.sample", "max.string.bytes");
    }

    @Test
    void everyAvailableDecoderAndTheAutoFormatGiveTheSameRecord() throws IOException {
        converter.configure(Map.of(), false);
        Object expected = converter.toConnectData("t", seedExample()).value();
        for (String name : io.promsnap.DecoderRegistry.getDefault().available().stream()
                .map(io.promsnap.DecoderFactory::name).toList()) {
            PromsnapConverter c = new PromsnapConverter();
            c.configure(Map.of("decoder", name, "format", "auto"), false);
            assertThat(c.toConnectData("t", seedExample()).value()).as(name).isEqualTo(expected);
            c.close();
        }
    }

    @Test
    void writingIsRefusedWithAClearMessage() {
        converter.configure(Map.of(), false);
        assertThatThrownBy(() -> converter.fromConnectData("t", PromsnapConverter.VALUE_SCHEMA, List.of()))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("only reads delivered Prometheus messages");
    }

    @Test
    void usingItUnconfiguredIsACallerMistake() {
        assertThatThrownBy(() -> converter.toConnectData("t", new byte[] {1}))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("configure()");
    }
}
