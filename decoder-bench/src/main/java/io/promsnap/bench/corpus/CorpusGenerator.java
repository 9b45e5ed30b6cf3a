package io.promsnap.bench.corpus;

import io.airlift.compress.snappy.SnappyCompressor;
import io.promsnap.ContainerFormat;
import io.promsnap.Sample;
import io.promsnap.traffic.ModelConfig;
import io.promsnap.traffic.SampleSink;
import io.promsnap.traffic.Series;
import io.promsnap.traffic.TrafficModel;
import io.promsnap.traffic.encode.JsonBatchWriter;
import io.promsnap.traffic.encode.PayloadCompressor;
import io.promsnap.traffic.encode.ValueSpelling;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes the bundled benchmark corpora from the traffic model (module traffic-model, the same model
 * and JSON writer the load generator sends to Kafka), deterministically: the same seed gives the same
 * samples, the same JSON and the same compressed bytes on every build (it runs at build time, see the
 * module pom, so no binary blob is checked in). {@link #generate} also gives the samples each payload
 * holds, which is what the correctness test computes its expected checksums from, independently of
 * any decoder.
 *
 * <p>A corpus is the model's sample stream cut into payloads of exactly {@code samplesPerPayload}
 * samples, target by target and scrape by scrape as a delivery task batches them: Kubernetes
 * (kube-state-metrics, cAdvisor, apiserver), node-exporter, JVM and Go applications and Alibaba Cloud
 * Monitor series, with churn-free pods, a few NaN values, {@code value} and {@code timestamp} as JSON
 * strings in Java's {@code Double.toString} spelling, as the vendor's example shows.
 */
public final class CorpusGenerator {

    /**
     * A bundled corpus: how many payloads of how many samples, the model it samples (its series count
     * and seed) and which compressor wrote it.
     */
    public record Spec(String name, int payloads, int samplesPerPayload, int series, long seed, Compressor compressor,
                       String description) {

        /** The traffic model's configuration for this corpus. */
        public ModelConfig model() {
            // NaN as stale markers and idle summaries print it: a decoder must read the string "NaN"
            return ModelConfig.builder().series(series).seed(seed).nanShare(NAN_SHARE).build();
        }
    }

    /** Which Snappy compressor writes the raw blocks (their match finders differ, so do the ratios). */
    public enum Compressor {
        SNAPPY_JAVA, AIRCOMPRESSOR
    }

    /** Share of counter and gauge samples whose value is NaN. */
    static final double NAN_SHARE = 0.002;

    /** Every bundled corpus; {@code typical} is what {@code bench --quick} runs. */
    public static final List<Spec> SPECS = List.of(
            new Spec("small", 100, 100, 2_000, 11, Compressor.SNAPPY_JAVA,
                    "100 payloads of 100 samples (a lightly loaded delivery task), Snappy.compress"),
            new Spec("typical", 20, 1_000, 10_000, 12, Compressor.SNAPPY_JAVA,
                    "20 payloads of 1,000 samples, Snappy.compress"),
            new Spec("large", 2, 20_000, 40_000, 13, Compressor.SNAPPY_JAVA,
                    "2 payloads of 20,000 samples (a big cluster's scrape), Snappy.compress"),
            new Spec("typical-air", 20, 1_000, 10_000, 12, Compressor.AIRCOMPRESSOR,
                    "the typical samples compressed by aircompressor (longer matches, smaller payloads)"));

    private CorpusGenerator() {
    }

    public static Spec spec(String name) {
        for (Spec s : SPECS) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no bundled corpus '" + name + "'; bundled: "
                + SPECS.stream().map(Spec::name).toList());
    }

    /** Writes every bundled corpus under {@code args[0]} ({@code <dir>/<name>/INDEX} and payload files). */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: CorpusGenerator <output directory>");
        }
        Path root = Path.of(args[0]);
        for (Spec spec : SPECS) {
            write(spec, root.resolve(spec.name()));
        }
    }

    /** Writes one corpus: {@code p0000.snappy}... and an {@code INDEX} of {@code file samples jsonBytes}. */
    public static void write(Spec spec, Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder index = new StringBuilder();
        index.append("# ").append(spec.name()).append(": ").append(spec.description()).append('\n');
        List<Payload> payloads = generate(spec);
        for (int p = 0; p < payloads.size(); p++) {
            byte[] json = payloads.get(p).json();
            byte[] compressed = compress(json, spec.compressor());
            String file = String.format("p%04d.snappy", p);
            writeIfChanged(dir.resolve(file), compressed);
            index.append(file).append(' ').append(payloads.get(p).samples().size()).append(' ').append(json.length)
                    .append('\n');
        }
        writeIfChanged(dir.resolve("INDEX"), index.toString().getBytes(StandardCharsets.UTF_8));
    }

    // unchanged bytes are not rewritten, so incremental builds do not repackage the jar
    private static void writeIfChanged(Path target, byte[] bytes) throws IOException {
        if (!Files.exists(target) || !Arrays.equals(Files.readAllBytes(target), bytes)) {
            Files.write(target, bytes);
        }
    }

    /** {@code json} as a raw Snappy block, written by snappy-java (the load generator's compressor) or aircompressor. */
    public static byte[] compress(byte[] json, Compressor compressor) {
        if (compressor == Compressor.AIRCOMPRESSOR) {
            SnappyCompressor c = new SnappyCompressor();
            byte[] out = new byte[c.maxCompressedLength(json.length)];
            int n = c.compress(json, 0, json.length, out, 0, out.length);
            return Arrays.copyOf(out, n);
        }
        return new PayloadCompressor(ContainerFormat.RAW).compress(json, 0, json.length);
    }

    /** One payload of a corpus: the samples it holds, in order, and its uncompressed JSON. */
    public record Payload(List<Sample> samples, byte[] json) {
    }

    /**
     * The payloads of {@code spec}: the model's first {@code payloads × samplesPerPayload} samples, cut
     * into payloads of exactly {@code samplesPerPayload} (a histogram may straddle two payloads, as it
     * does when a delivery task's batch fills up) and written by the traffic model's JSON writer.
     */
    public static List<Payload> generate(Spec spec) {
        TrafficModel model = new TrafficModel(spec.model());
        Cutter cutter = new Cutter(spec);
        while (cutter.payloads.size() < spec.payloads()) {
            model.step(cutter);
        }
        return List.copyOf(cutter.payloads);
    }

    private static final class Cutter implements SampleSink {
        final List<Payload> payloads;
        private final Spec spec;
        private final JsonBatchWriter writer = new JsonBatchWriter(ValueSpelling.JAVA, true);
        private List<Sample> samples;

        Cutter(Spec spec) {
            this.spec = spec;
            this.payloads = new ArrayList<>(spec.payloads());
            this.samples = new ArrayList<>(spec.samplesPerPayload());
        }

        @Override
        public void accept(Series series, double value, long timestampMillis) {
            if (payloads.size() == spec.payloads()) {
                return; // the rest of the last group: generated, not part of the corpus
            }
            writer.add(series, value, timestampMillis);
            samples.add(new Sample(series.name(), series.labels(), value, timestampMillis));
            if (samples.size() == spec.samplesPerPayload()) {
                writer.finish();
                payloads.add(new Payload(List.copyOf(samples), Arrays.copyOf(writer.buffer(), writer.length())));
                writer.reset();
                samples = new ArrayList<>(spec.samplesPerPayload());
            }
        }
    }
}
