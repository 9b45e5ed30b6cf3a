package io.promsnap.traffic.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promsnap.ContainerFormat;
import io.promsnap.traffic.ModelConfig;
import io.promsnap.traffic.Recorded;
import io.promsnap.traffic.TrafficModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyFramedInputStream;
import org.xerial.snappy.SnappyInputStream;

/** The generator's messages read back the way the vendor's sample consumer reads them. */
class EncodingTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One decoded sample: name, labels in order, value bits, timestamp. */
    record Decoded(String name, Map<String, String> labels, long valueBits, long timestamp) {
        static Decoded of(Recorded r) {
            return new Decoded(r.series().name(), r.series().labels(), Double.doubleToLongBits(r.value()), r.timestampMillis());
        }
    }

    /** What the vendor's example does: Snappy.uncompress, then a JSON tree. */
    static List<Decoded> vendorDecode(byte[] payload, ContainerFormat format) throws Exception {
        byte[] json = switch (format) {
            case RAW -> Snappy.uncompress(payload);
            case FRAMED -> readAll(new SnappyFramedInputStream(new ByteArrayInputStream(payload)));
            case XERIAL -> readAll(new SnappyInputStream(new ByteArrayInputStream(payload)));
            default -> throw new IllegalArgumentException();
        };
        JsonNode array = MAPPER.readTree(json);
        assertThat(array.isArray()).isTrue();
        List<Decoded> out = new ArrayList<>();
        for (JsonNode sample : array) {
            String name = null;
            String value = null;
            String ts = null;
            Map<String, String> labels = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = sample.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                switch (f.getKey()) {
                    case "__name__" -> name = f.getValue().textValue();
                    case "value" -> value = f.getValue().isTextual() ? f.getValue().textValue() : f.getValue().toString();
                    case "timestamp" -> ts = f.getValue().isTextual() ? f.getValue().textValue() : f.getValue().toString();
                    default -> {
                        assertThat(f.getValue().isTextual()).isTrue();
                        labels.put(f.getKey(), f.getValue().textValue());
                    }
                }
            }
            out.add(new Decoded(name, labels, Double.doubleToLongBits(parseValue(value)), Long.parseLong(ts)));
        }
        return out;
    }

    static double parseValue(String s) {
        return switch (s) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    private static byte[] readAll(InputStream in) throws Exception {
        try (in) {
            return in.readAllBytes();
        }
    }

    static List<Batch> generate(ModelConfig cfg, int scrapes, ValueSpelling spelling, boolean quoted, ContainerFormat fmt,
                                int batchSamples, int batchBytes, Recorded.Recorder recorder) {
        TrafficModel m = new TrafficModel(cfg);
        List<Batch> batches = new ArrayList<>();
        Batcher batcher = new Batcher(new JsonBatchWriter(spelling, quoted), new PayloadCompressor(fmt), batchSamples,
                batchBytes, batches::add);
        for (int i = 0; i < scrapes; i++) {
            m.scrape((s, v, ts) -> {
                recorder.accept(s, v, ts);
                batcher.add(s, v, ts);
            });
        }
        batcher.flush();
        return batches;
    }

    private static ModelConfig config() {
        return ModelConfig.builder().series(2000).seed(5).nanShare(0.02).infShare(0.01).churnSeconds(30)
                // a custom label with everything JSON must escape, and characters outside the BMP
                .extraLabel("note", "quote \" backslash \\ newline \n tab \t ctrl \u0001 slash / 中文 😀")
                .build();
    }

    @ParameterizedTest
    @EnumSource(ValueSpelling.class)
    void decodesToExactlyTheGeneratedSamples(ValueSpelling spelling) throws Exception {
        for (boolean quoted : new boolean[] {true, false}) {
            for (ContainerFormat fmt : new ContainerFormat[] {ContainerFormat.RAW, ContainerFormat.FRAMED, ContainerFormat.XERIAL}) {
                Recorded.Recorder rec = new Recorded.Recorder();
                List<Batch> batches = generate(config(), 3, spelling, quoted, fmt, 500, 1 << 20, rec);
                List<Decoded> decoded = new ArrayList<>();
                for (Batch b : batches) {
                    List<Decoded> d = vendorDecode(b.payload(), fmt);
                    assertThat(d).hasSize(b.samples());
                    decoded.addAll(d);
                }
                assertThat(decoded).as("%s quoted=%s %s", spelling, quoted, fmt)
                        .containsExactlyElementsOf(rec.samples.stream().map(Decoded::of).toList());
                assertThat(rec.samples).anyMatch(r -> Double.isNaN(r.value()));
                assertThat(rec.samples).anyMatch(r -> Double.isInfinite(r.value()));
            }
        }
    }

    @Test
    void theSeedsShape() throws Exception {
        Recorded.Recorder rec = new Recorded.Recorder();
        List<Batch> batches = generate(ModelConfig.builder().series(2000).filter("__name__=AliyunEcs_CPUUtilization").build(),
                1, ValueSpelling.JAVA, true, ContainerFormat.RAW, 1000, 1 << 20, rec);
        assertThat(batches).hasSize(1);
        String json = new String(Snappy.uncompress(batches.get(0).payload()), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(json).startsWith("[{\"__name__\":\"AliyunEcs_CPUUtilization\",\"instanceId\":\"i-")
                .containsPattern("\"value\":\"\\d+\\.\\d+\",\"timestamp\":\"1698732\\d{6}\"}]$");
        Recorded.Recorder rec2 = new Recorded.Recorder();
        String numbers = new String(Snappy.uncompress(generate(ModelConfig.builder().series(2000)
                .filter("__name__=AliyunEcs_CPUUtilization").build(), 1, ValueSpelling.GO, false, ContainerFormat.RAW, 1000,
                1 << 20, rec2).get(0).payload()), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(numbers).containsPattern("\"value\":[\\d.]+,\"timestamp\":1698732\\d{6}}]$");
    }

    /** The writer keeps the last timestamp's ASCII tail: repeats, changes, rollbacks and extremes still write each sample's own. */
    @Test
    void everySampleCarriesItsOwnTimestamp() {
        Recorded.Recorder rec = new Recorded.Recorder();
        new TrafficModel(ModelConfig.builder().series(50).seed(3).build()).scrape(rec);
        io.promsnap.traffic.Series a = rec.samples.get(0).series();
        io.promsnap.traffic.Series b = rec.samples.get(1).series();
        long[] ts = {5, 5, 1698732988354L, 1698732988354L, 5, -7, Long.MIN_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, 0, 0};
        for (boolean quoted : new boolean[] {true, false}) {
            JsonBatchWriter w = new JsonBatchWriter(ValueSpelling.JAVA, quoted);
            StringBuilder expected = new StringBuilder("[");
            String q = quoted ? "\"" : "";
            for (int i = 0; i < ts.length; i++) {
                io.promsnap.traffic.Series s = i % 2 == 0 ? a : b;
                if (i == 3) {
                    // a sample added and rolled back leaves no trace, whatever its timestamp
                    long mark = w.mark();
                    w.add(s, 1, 42);
                    w.rollback(mark);
                }
                w.add(s, i, ts[i]);
                expected.append(i > 0 ? "," : "").append(new String(s.jsonPrefix(), java.nio.charset.StandardCharsets.UTF_8))
                        .append(q).append(i).append(".0").append(q).append(",\"timestamp\":").append(q).append(ts[i])
                        .append(q).append('}');
            }
            w.finish();
            assertThat(new String(w.buffer(), 0, w.length(), java.nio.charset.StandardCharsets.UTF_8)).as("quoted=%s", quoted)
                    .isEqualTo(expected.append(']').toString());
            // the next batch starts with the cached tail of the last one
            w.reset();
            w.add(a, 2, 0);
            w.add(a, 2, 1);
            w.finish();
            assertThat(new String(w.buffer(), 0, w.length(), java.nio.charset.StandardCharsets.UTF_8))
                    .endsWith(",\"timestamp\":" + q + "0" + q + "}," + new String(a.jsonPrefix(), java.nio.charset.StandardCharsets.UTF_8)
                            + q + "2.0" + q + ",\"timestamp\":" + q + "1" + q + "}]");
            // a fresh writer's first timestamp may be any long, Long.MIN_VALUE too
            JsonBatchWriter fresh = new JsonBatchWriter(ValueSpelling.JAVA, quoted);
            fresh.add(a, 3, Long.MIN_VALUE);
            fresh.finish();
            assertThat(new String(fresh.buffer(), 0, fresh.length(), java.nio.charset.StandardCharsets.UTF_8))
                    .endsWith(",\"timestamp\":" + q + Long.MIN_VALUE + q + "}]");
        }
    }

    @Test
    void sameSeedSameBytes() {
        ModelConfig cfg = config();
        List<Batch> a = generate(cfg, 4, ValueSpelling.JAVA, true, ContainerFormat.RAW, 700, 1 << 20, new Recorded.Recorder());
        List<Batch> b = generate(cfg, 4, ValueSpelling.JAVA, true, ContainerFormat.RAW, 700, 1 << 20, new Recorded.Recorder());
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).payload()).isEqualTo(b.get(i).payload());
        }
        ModelConfig other = ModelConfig.builder().series(2000).seed(6).build();
        List<Batch> c = generate(other, 4, ValueSpelling.JAVA, true, ContainerFormat.RAW, 700, 1 << 20, new Recorded.Recorder());
        assertThat(c.get(0).payload()).isNotEqualTo(a.get(0).payload());
    }

    @Test
    void batchesRespectSampleAndByteLimits() throws Exception {
        Recorded.Recorder rec = new Recorded.Recorder();
        List<Batch> bySamples = generate(config(), 2, ValueSpelling.JAVA, true, ContainerFormat.RAW, 333, 1 << 24, rec);
        int total = rec.samples.size();
        assertThat(bySamples).hasSize((total + 332) / 333);
        assertThat(bySamples.subList(0, bySamples.size() - 1)).allSatisfy(b -> assertThat(b.samples()).isEqualTo(333));

        Recorded.Recorder rec2 = new Recorded.Recorder();
        int maxBytes = 64 * 1024;
        List<Batch> byBytes = generate(config(), 2, ValueSpelling.JAVA, true, ContainerFormat.RAW, 1_000_000, maxBytes, rec2);
        assertThat(byBytes.size()).isGreaterThan(5);
        int sum = 0;
        for (Batch b : byBytes) {
            assertThat(b.jsonBytes()).isLessThanOrEqualTo(maxBytes);
            assertThat(Snappy.uncompress(b.payload())).hasSize(b.jsonBytes());
            sum += b.samples();
        }
        assertThat(sum).isEqualTo(rec2.samples.size());
        // a batch is only cut when the next sample would not fit: full batches are close to the limit
        assertThat(byBytes.get(0).jsonBytes()).isGreaterThan(maxBytes - 2048);

        // one sample larger than the limit travels alone
        Recorded.Recorder rec3 = new Recorded.Recorder();
        List<Batch> tiny = generate(ModelConfig.builder().series(20).build(), 1, ValueSpelling.JAVA, true,
                ContainerFormat.RAW, 100, 10, rec3);
        assertThat(tiny).hasSize(rec3.samples.size()).allSatisfy(b -> assertThat(b.samples()).isEqualTo(1));
    }

    @Test
    void loneSurrogatesCannotBeWritten() {
        ModelConfig cfg = ModelConfig.builder().series(5).extraLabel("bad", "x\ud800y").build();
        TrafficModel m = new TrafficModel(cfg);
        JsonBatchWriter w = new JsonBatchWriter(ValueSpelling.JAVA, true);
        assertThatThrownBy(() -> m.scrape((s, v, ts) -> w.add(s, v, ts)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lone surrogate");
        assertThatThrownBy(() -> new PayloadCompressor(ContainerFormat.AUTO)).isInstanceOf(IllegalArgumentException.class);
    }
}
