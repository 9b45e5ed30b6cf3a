package io.promsnap.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.promsnap.traffic.Series;
import io.promsnap.traffic.TrafficModel;
import io.promsnap.traffic.encode.GoFloatReference;
import io.promsnap.traffic.encode.ValueSpelling;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xerial.snappy.Snappy;

/**
 * {@link GeneratorBenchmark}'s workload must encode exactly the samples it claims, byte for byte as an
 * independent encoder writes them: the model's samples taken the same way, written with Jackson's
 * {@code JsonGenerator}, values spelled by {@code Double.toString} or the exact {@link GoFloatReference},
 * compressed with {@code Snappy.compress}. A workload that skips or changes work fails. No JMH run.
 */
class GeneratorBenchmarkCorrectnessTest {
    private static final int RUNS = 3;

    record Taken(Series series, double value, long ts) {
    }

    @ParameterizedTest
    @CsvSource({"JAVA,string", "JAVA,number", "GO,string", "GO,number"})
    void theWorkloadEncodesTheModelsSamplesAsAnIndependentEncoderDoes(ValueSpelling spelling, String values) throws IOException {
        boolean quoted = "string".equals(values);
        GeneratorWorkload w = new GeneratorWorkload(spelling, quoted);
        long result = 0;
        for (int i = 0; i < RUNS; i++) {
            result = w.run(GeneratorBenchmark.SAMPLES);
        }
        assertThat(w.samples()).isEqualTo((long) RUNS * GeneratorBenchmark.SAMPLES);
        assertThat(w.batches()).isEqualTo((long) RUNS * GeneratorBenchmark.SAMPLES / GeneratorWorkload.BATCH_SAMPLES);

        // the reference: same model, same sample selection, independent JSON and value spelling
        TrafficModel model = new TrafficModel(GeneratorWorkload.model());
        CRC32 crc = new CRC32();
        long samples = 0;
        long json = 0;
        long compressed = 0;
        boolean sawFraction = false;
        for (int run = 0; run < RUNS; run++) {
            List<Taken> taken = new ArrayList<>();
            while (taken.size() < GeneratorBenchmark.SAMPLES) {
                model.step((s, v, ts) -> {
                    if (taken.size() < GeneratorBenchmark.SAMPLES) {
                        taken.add(new Taken(s, v, ts));
                    }
                });
            }
            for (int from = 0; from < taken.size(); from += GeneratorWorkload.BATCH_SAMPLES) {
                List<Taken> batch = taken.subList(from, Math.min(taken.size(), from + GeneratorWorkload.BATCH_SAMPLES));
                byte[] text = referenceJson(batch, spelling, quoted);
                byte[] payload = Snappy.compress(text);
                crc.update(payload, 0, payload.length);
                samples += batch.size();
                json += text.length;
                compressed += payload.length;
            }
            sawFraction |= taken.stream().anyMatch(t -> Double.isFinite(t.value()) && t.value() != Math.rint(t.value())
                    && Math.abs(t.value()) > 1e-3);
        }
        assertThat(samples).isEqualTo(w.samples());
        assertThat(w.jsonBytes()).as("JSON bytes").isEqualTo(json);
        assertThat(w.compressedBytes()).as("compressed bytes").isEqualTo(compressed);
        assertThat(result).as("checksum of the compressed payloads").isEqualTo(crc.getValue() ^ samples << 32);
        assertThat(sawFraction).as("the model has non-integer values, so spelling matters").isTrue();
        assertThat((double) json / samples).as("JSON bytes per sample").isBetween(150.0, 600.0);
    }

    @ParameterizedTest
    @CsvSource({"JAVA,string", "GO,number"})
    void aSecondWorkloadContinuesTheModelRatherThanRepeatingIt(ValueSpelling spelling, String values) {
        GeneratorWorkload w = new GeneratorWorkload(spelling, "string".equals(values));
        long first = w.run(GeneratorBenchmark.SAMPLES);
        long second = w.run(GeneratorBenchmark.SAMPLES);
        assertThat(second).isNotEqualTo(first);
        assertThat(new GeneratorWorkload(spelling, "string".equals(values)).run(GeneratorBenchmark.SAMPLES)).isEqualTo(first);
    }

    private static byte[] referenceJson(List<Taken> batch, ValueSpelling spelling, boolean quoted) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartArray();
            for (Taken t : batch) {
                g.writeStartObject();
                g.writeStringField("__name__", t.series().name());
                for (int i = 0; i < t.series().labelCount(); i++) {
                    g.writeStringField(t.series().labelKey(i), t.series().labelValue(i));
                }
                String v = spelling == ValueSpelling.JAVA ? Double.toString(t.value()) : GoFloatReference.format(t.value());
                if (quoted || !Double.isFinite(t.value())) {
                    g.writeStringField("value", v);
                } else {
                    g.writeFieldName("value");
                    g.writeRawValue(v);
                }
                if (quoted) {
                    g.writeStringField("timestamp", Long.toString(t.ts()));
                } else {
                    g.writeNumberField("timestamp", t.ts());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        return out.toByteArray();
    }
}
