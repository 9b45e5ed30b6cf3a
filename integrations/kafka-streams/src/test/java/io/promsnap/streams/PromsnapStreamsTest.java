package io.promsnap.streams;

import io.promsnap.DecodedBatch;
import io.promsnap.DecoderConfig;
import io.promsnap.ErrorPolicy;
import io.promsnap.Sample;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndFailExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The serde and the topology step on Kafka Streams' {@link TopologyTestDriver} (no broker). */
class PromsnapStreamsTest {
    static final Sample SEED_SAMPLE;

    static {
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
        SEED_SAMPLE = new Sample("apiserver_admission_controller_admission_duration_seconds_bucket", labels, 675.0,
                1698732988354L);
    }

    /** The vendor's example message (its documentation's JSON, Snappy-compressed as the delivery sends it). */
    static byte[] seedExample() throws IOException {
        try (InputStream in = PromsnapStreamsTest.class.getResourceAsStream("/seed-example.snappy")) {
            return in.readAllBytes();
        }
    }

    static Properties streamsProperties() throws IOException {
        Properties p = new Properties();
        try (InputStream in = PromsnapStreamsTest.class.getResourceAsStream("/promsnap-streams.properties")) {
            p.load(in);
        }
        return p;
    }

    @Test
    void decodesTheVendorsSeedExampleToExactlyItsSample() throws IOException {
        List<Sample> seen = new ArrayList<>();
        StreamsBuilder b = new StreamsBuilder();
        PromsnapStreams.samples(b, "prometheus-metrics").foreach((k, s) -> seen.add(s));
        try (TopologyTestDriver d = new TopologyTestDriver(b.build(), streamsProperties())) {
            TestInputTopic<byte[], byte[]> in = d.createInputTopic("prometheus-metrics", new ByteArraySerializer(),
                    new ByteArraySerializer());
            in.pipeInput(seedExample());
            in.pipeInput((byte[]) null); // a tombstone: no samples
        }
        assertThat(seen).containsExactly(SEED_SAMPLE);
        // Sample.equals compares labels in order too; say so explicitly
        assertThat(seen.get(0).labels().keySet()).containsExactlyElementsOf(SEED_SAMPLE.labels().keySet());
    }

    @Test
    void theDocumentedTopologyCountsEveryGeneratedSampleByMetricName() throws IOException {
        // small: the test driver handles every repartitioned record on its own (about 0.7 ms each here)
        Generated g = Generated.inMemory(4_000, 7);
        try (TopologyTestDriver d = new TopologyTestDriver(SamplesPerMetric.topology(), streamsProperties())) {
            TestInputTopic<byte[], byte[]> in = d.createInputTopic("prometheus-metrics", new ByteArraySerializer(),
                    new ByteArraySerializer());
            for (byte[] payload : g.payloads()) {
                in.pipeInput(payload);
            }
            TestOutputTopic<String, Long> out = d.createOutputTopic("samples-per-metric", new StringDeserializer(),
                    new LongDeserializer());
            Map<String, Long> counts = new TreeMap<>(out.readKeyValuesToMap());
            assertThat(counts).isEqualTo(g.countsPerName());
            assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(4_000);
            assertThat(d.<String, Long>getKeyValueStore("samples-per-metric").approximateNumEntries())
                    .isEqualTo(g.countsPerName().size());
        }
    }

    @Test
    void aBadMessageStopsTheTopologyWithTheDefaultHandler() throws IOException {
        Properties p = streamsProperties();
        p.remove(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndFailExceptionHandler.class.getName());
        StreamsBuilder b = new StreamsBuilder();
        PromsnapStreams.samples(b, "prometheus-metrics").foreach((k, s) -> { });
        try (TopologyTestDriver d = new TopologyTestDriver(b.build(), p)) {
            TestInputTopic<byte[], byte[]> in = d.createInputTopic("prometheus-metrics", new ByteArraySerializer(),
                    new ByteArraySerializer());
            byte[] truncated = Arrays.copyOf(seedExample(), 40);
            assertThatThrownBy(() -> in.pipeInput(truncated))
                    .isInstanceOf(StreamsException.class)
                    .hasRootCauseInstanceOf(io.promsnap.PromsnapException.class)
                    .satisfies(e -> assertThat(causes(e)).anySatisfy(c -> assertThat(c)
                            .isInstanceOf(SerializationException.class)
                            .hasMessageStartingWith("promsnap: cannot decode value from topic prometheus-metrics: ")));
        }
    }

    @Test
    void withLogAndContinueABadMessageGoesToTheDeadLetterTopicAndTheNextOneIsDecoded() throws IOException {
        List<Sample> seen = new ArrayList<>();
        StreamsBuilder b = new StreamsBuilder();
        PromsnapStreams.samples(b, "prometheus-metrics").foreach((k, s) -> seen.add(s));
        try (TopologyTestDriver d = new TopologyTestDriver(b.build(), streamsProperties())) {
            TestInputTopic<byte[], byte[]> in = d.createInputTopic("prometheus-metrics", new ByteArraySerializer(),
                    new ByteArraySerializer());
            byte[] bad = Arrays.copyOf(seedExample(), 40);
            in.pipeInput("k".getBytes(), bad);
            in.pipeInput(seedExample());
            List<TestRecord<byte[], byte[]>> dead = d.createOutputTopic("prometheus-metrics-dlq",
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer()).readRecordsToList();
            assertThat(dead).singleElement().satisfies(r -> {
                assertThat(r.value()).isEqualTo(bad);
                assertThat(r.key()).isEqualTo("k".getBytes());
            });
        }
        assertThat(seen).containsExactly(SEED_SAMPLE);
    }

    @Test
    void errorPolicySkipLeavesOutOnlyTheBadSample() {
        PromsnapSerde serde = PromsnapSerde.of("aircompressor+scanner", DecoderConfig.defaults().withErrorPolicy(ErrorPolicy.SKIP));
        String json = "[{\"__name__\":\"a\",\"value\":\"1\",\"timestamp\":\"2\"},{\"__name__\":\"b\",\"value\":\"x\",\"timestamp\":\"3\"}]";
        DecodedBatch batch = serde.deserializer().deserialize("t", rawSnappy(json));
        assertThat(PromsnapStreams.samplesOf(batch)).extracting(Sample::name).containsExactly("a");
        assertThat(batch.skipped()).singleElement().satisfies(e -> assertThat(e.getMessage()).contains("\"x\""));
        serde.close();
    }

    @Test
    void configuredAsTheDefaultValueSerdeItReadsThePromsnapProperties() throws IOException {
        PromsnapSerde serde = new PromsnapSerde();
        serde.configure(Map.of("promsnap.max.labels.per.sample", "5"), false);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", seedExample()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("maxLabelsPerSample");
        PromsnapSerde unknown = new PromsnapSerde();
        assertThatThrownBy(() -> unknown.configure(Map.of("promsnap.decoder", "nope"), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown decoder 'nope'");
    }

    @Test
    void oneSerdeIsSafeToShareBetweenStreamThreads() throws Exception {
        PromsnapSerde serde = new PromsnapSerde();
        Generated g = Generated.inMemory(5_000, 3);
        List<Sample> expected = new ArrayList<>();
        for (byte[] p : g.payloads()) {
            expected.addAll(serde.deserializer().deserialize("t", p).samples());
        }
        assertThat(expected).isEqualTo(g.samples());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Sample>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    List<Sample> all = new ArrayList<>();
                    for (int round = 0; round < 5; round++) {
                        all.clear();
                        for (byte[] p : g.payloads()) {
                            all.addAll(serde.deserializer().deserialize("t", p).samples());
                        }
                    }
                    return all;
                }));
            }
            for (Future<List<Sample>> f : results) {
                assertThat(f.get()).isEqualTo(g.samples());
            }
        } finally {
            pool.shutdownNow();
            serde.close();
        }
    }

    @Test
    void writingIsRefusedWithAClearMessage() {
        try (PromsnapSerde serde = new PromsnapSerde()) {
            assertThatThrownBy(() -> serde.serializer().serialize("t", new DecodedBatch(List.of(), List.of())))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("only reads");
        }
    }

    static List<Throwable> causes(Throwable e) {
        List<Throwable> out = new ArrayList<>();
        for (Throwable c = e; c != null && !out.contains(c); c = c.getCause()) {
            out.add(c);
        }
        return out;
    }

    /** A raw Snappy block holding {@code json} (61..256 bytes) as one literal, without a compressor. */
    static byte[] rawSnappy(String json) {
        byte[] b = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int n = b.length;
        assertThat(n).isBetween(61, 256);
        byte[] out = new byte[n + 4];
        out[0] = (byte) (0x80 | (n & 0x7f)); // varint preamble: the decompressed length
        out[1] = (byte) (n >>> 7);
        out[2] = (byte) (60 << 2); // literal tag, length-1 in the next byte
        out[3] = (byte) (n - 1);
        System.arraycopy(b, 0, out, 4, n);
        return out;
    }
}
