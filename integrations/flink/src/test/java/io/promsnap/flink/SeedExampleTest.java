package io.promsnap.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.promsnap.ErrorPolicy;
import io.promsnap.PromsnapException;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.MapTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.InstantiationUtil;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The vendor's own example message (the conformance corpus's {@code seed-example}) through every adapter
 * of this module, called the way Flink calls them: serialized and shipped first, then opened.
 */
class SeedExampleTest {
    static final String CORPUS = "/io/promsnap/conformance/corpus/";

    static final PromsnapSample EXPECTED = new PromsnapSample(
            "apiserver_admission_controller_admission_duration_seconds_bucket", seedLabels(), 675.0, 1698732988354L);

    static Map<String, String> seedLabels() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("instance", "*****");
        m.put("pod", "*****");
        m.put("namespace", "default");
        m.put("service", "kubernetes");
        m.put("job", "apiserver");
        m.put("endpoint", "http-metrics");
        m.put("operation", "UPDATE");
        m.put("type", "validate");
        m.put("rejected", "false");
        m.put("name", "*****");
        m.put("le", "2.5");
        return m;
    }

    static byte[] seed() throws IOException {
        try (InputStream in = SeedExampleTest.class.getResourceAsStream(CORPUS + "seed-example.bin")) {
            assertThat(in).as("seed-example.bin on the class path (conformance-tests)").isNotNull();
            return in.readAllBytes();
        }
    }

    /** Java-serializes and deserializes, as Flink does when it ships a schema to a task. */
    @SuppressWarnings("unchecked")
    static <T> T shipped(T o) throws Exception {
        return (T) InstantiationUtil.deserializeObject(InstantiationUtil.serializeObject(o),
                SeedExampleTest.class.getClassLoader());
    }

    @Test
    void deserializationSchemaEmitsTheSeedSampleExactly() throws Exception {
        PromsnapDeserializationSchema<PromsnapSample> schema = shipped(PromsnapDeserializationSchema.samples());
        schema.open(TestContexts.init());
        List<PromsnapSample> out = new ArrayList<>();
        schema.deserialize(seed(), new ListCollector<>(out));
        assertThat(out).containsExactly(EXPECTED);
        // payload order kept (before any Flink serialization)
        assertThat(out.get(0).labels.keySet()).containsExactlyElementsOf(seedLabels().keySet());
        assertThat(out.get(0).toSample()).isEqualTo(EXPECTED.toSample());
    }

    @Test
    void kafkaRecordSchemaEmitsTheSeedSampleExactly() throws Exception {
        PromsnapKafkaRecordDeserializationSchema<PromsnapSample> schema =
                shipped(PromsnapKafkaRecordDeserializationSchema.samples());
        schema.open(TestContexts.init());
        List<PromsnapSample> out = new ArrayList<>();
        schema.deserialize(new ConsumerRecord<>("delivery", 0, 0L, null, seed()), new ListCollector<>(out));
        assertThat(out).containsExactly(EXPECTED);
    }

    @Test
    void mappedSchemaCopiesOnlyWhatTheMapperTakes() throws Exception {
        PromsnapDeserializationSchema<String> schema = shipped(PromsnapFlink.builder()
                .map(s -> s.name() + "=" + s.value() + " le=" + s.label("le"), Types.STRING)
                .deserializationSchema());
        assertThat(schema.getProducedType()).isEqualTo(Types.STRING);
        schema.open(TestContexts.init());
        List<String> out = new ArrayList<>();
        schema.deserialize(seed(), new ListCollector<>(out));
        assertThat(out).containsExactly("apiserver_admission_controller_admission_duration_seconds_bucket=675.0 le=2.5");
    }

    @Test
    void matchTravelsWithTheSchemaAndSelects() throws Exception {
        for (String sel : new String[] {"{le=\"2.5\",job=~\"api.*\"}", "{le!=\"2.5\"}"}) {
            PromsnapDeserializationSchema<PromsnapSample> schema = shipped(PromsnapFlink.builder()
                    .match(io.promsnap.Selector.parse(sel)).deserializationSchema());
            schema.open(TestContexts.init());
            List<PromsnapSample> out = new ArrayList<>();
            schema.deserialize(seed(), new ListCollector<>(out));
            if (sel.startsWith("{le=")) {
                assertThat(out).as(sel).containsExactly(EXPECTED);
            } else {
                assertThat(out).as(sel).isEmpty();
            }
        }
    }

    @Test
    void sqlFormatRowHasEveryColumnAndThePromotedLabels() throws Exception {
        RowType rowType = (RowType) DataTypes.ROW(
                DataTypes.FIELD("name", DataTypes.STRING()),
                DataTypes.FIELD("labels", DataTypes.MAP(DataTypes.STRING(), DataTypes.STRING())),
                DataTypes.FIELD("value", DataTypes.DOUBLE()),
                DataTypes.FIELD("ts", DataTypes.TIMESTAMP_LTZ(3)),
                DataTypes.FIELD("job", DataTypes.STRING()),
                DataTypes.FIELD("missing", DataTypes.STRING())).getLogicalType();
        DeserializationSchema<RowData> schema = shipped(new PromsnapRowDataDeserializationSchema(DecoderSpec.defaults(),
                false, PromsnapFormatFactory.columns(rowType, PromsnapFormatFactory.labelColumns("job, missing")),
                InternalTypeInfo.of(rowType)));
        schema.open(TestContexts.init());
        List<RowData> out = new ArrayList<>();
        schema.deserialize(seed(), new ListCollector<>(out));
        assertThat(out).hasSize(1);
        RowData row = out.get(0);
        assertThat(row.getString(0).toString()).isEqualTo(EXPECTED.name);
        Map<String, String> labels = new LinkedHashMap<>();
        GenericMapData map = (GenericMapData) row.getMap(1);
        for (int i = 0; i < map.size(); i++) {
            StringData k = map.keyArray().getString(i);
            labels.put(k.toString(), ((StringData) map.get(k)).toString());
        }
        assertThat(labels).isEqualTo(seedLabels());
        assertThat(row.getDouble(2)).isEqualTo(675.0);
        assertThat(row.getTimestamp(3, 3).getMillisecond()).isEqualTo(1698732988354L);
        assertThat(row.getString(4).toString()).isEqualTo("apiserver");
        assertThat(row.isNullAt(5)).isTrue();
    }

    @Test
    void sampleTypeIsAPojoWithATypedLabelMap() {
        TypeInformation<PromsnapSample> t = TypeInformation.of(PromsnapSample.class);
        assertThat(t).isInstanceOf(PojoTypeInfo.class);
        PojoTypeInfo<PromsnapSample> pojo = (PojoTypeInfo<PromsnapSample>) t;
        assertThat(pojo.getTypeAt(pojo.getFieldIndex("labels"))).isEqualTo(new MapTypeInfo<>(String.class, String.class));
        assertThat(PromsnapDeserializationSchema.samples().getProducedType()).isEqualTo(t);
        assertThat(TypeInformation.of(PromsnapBadMessage.class)).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void badMessageFailsByDefaultAndIsCountedWhenIgnored() throws Exception {
        byte[] bad = "not snappy at all".getBytes(StandardCharsets.US_ASCII);
        PromsnapDeserializationSchema<PromsnapSample> failing = PromsnapDeserializationSchema.samples();
        failing.open(TestContexts.init());
        List<PromsnapSample> out = new ArrayList<>();
        assertThatThrownBy(() -> failing.deserialize(bad, new ListCollector<>(out)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("promsnap: cannot decode message (17 bytes")
                .hasCauseInstanceOf(PromsnapException.class);

        Map<String, Counter> counters = new LinkedHashMap<>();
        PromsnapDeserializationSchema<PromsnapSample> ignoring = PromsnapFlink.builder()
                .badMessages(BadMessagePolicy.IGNORE).sampleErrors(ErrorPolicy.SKIP).deserializationSchema();
        ignoring.open(TestContexts.init(recording(counters)));
        ignoring.deserialize(bad, new ListCollector<>(out));
        ignoring.deserialize(seed(), new ListCollector<>(out));
        assertThat(out).containsExactly(EXPECTED);
        assertThat(counters.get("promsnap.badMessages").getCount()).isEqualTo(1);
        assertThat(counters.get("promsnap.messages").getCount()).isEqualTo(2);
        assertThat(counters.get("promsnap.samples").getCount()).isEqualTo(1);
    }

    @Test
    void unknownDecoderIsRefusedWhenTheJobIsBuilt() {
        assertThatThrownBy(() -> PromsnapFlink.builder().decoder("no-such-decoder").deserializationSchema())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown decoder 'no-such-decoder'");
    }

    /** A metric group that keeps its counters by "group.name". */
    static MetricGroup recording(Map<String, Counter> counters) {
        return new UnregisteredMetricsGroup() {
            @Override
            public MetricGroup addGroup(String name) {
                return new UnregisteredMetricsGroup() {
                    @Override
                    public Counter counter(String n) {
                        return counter(n, new org.apache.flink.metrics.SimpleCounter());
                    }

                    @Override
                    public <C extends Counter> C counter(String n, C c) {
                        counters.put(name + "." + n, c);
                        return c;
                    }
                };
            }
        };
    }

}
