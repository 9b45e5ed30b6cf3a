package io.promsnap.bench.corpus;

import io.promsnap.ContainerFormat;
import io.promsnap.DecodeLimits;
import io.promsnap.DecoderConfig;
import io.promsnap.DecoderRegistry;
import io.promsnap.ErrorPolicy;
import io.promsnap.spi.JsonStage;
import io.promsnap.spi.StagedDecoderFactory;
import io.promsnap.PromsnapException;
import io.promsnap.SampleView;
import io.promsnap.SampleVisitor;
import io.promsnap.spi.PayloadDecompressor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * A benchmark corpus held in memory: the compressed payloads (Kafka message values) and their
 * decompressed JSON, for the parse-only rows. Either a bundled corpus by name ({@code typical}) or any
 * directory of payload files (every regular file, by name; {@code INDEX}, hidden files and
 * {@code *.md}/{@code *.txt}/{@code *.json} are skipped). Immutable after loading.
 */
public final class Corpus {
    private static final String RESOURCES = "/io/promsnap/bench/corpus/";

    private final String name;
    private final List<String> files;
    private final byte[][] payloads;
    private final byte[][] json;
    private final long samples;
    private final long compressedBytes;
    private final long jsonBytes;
    private final boolean allRaw;

    private Corpus(String name, List<String> files, byte[][] payloads) {
        this.name = name;
        this.files = List.copyOf(files);
        this.payloads = payloads;
        this.json = new byte[payloads.length][];
        // read through the SPI only, each payload once: the default decoder's decompress stage gives the JSON
        // that the parse-only rows need, and its JSON stage counts that JSON's samples (no second decompression)
        StagedDecoderFactory staged = (StagedDecoderFactory) DecoderRegistry.getDefault().get("aircompressor+scanner");
        PayloadDecompressor container = new PayloadDecompressor(staged.createBlockDecompressor(), ContainerFormat.AUTO,
                DecodeLimits.defaults());
        JsonStage counter = staged.createJsonStage(DecoderConfig.defaults().withErrorPolicy(ErrorPolicy.SKIP));
        long[] counted = {0};
        SampleVisitor count = new SampleVisitor() {
            @Override
            public void onSample(SampleView sample) {
                counted[0]++;
            }

            @Override
            public void onSkipped(PromsnapException reason) {
                counted[0]++;
            }
        };
        long c = 0;
        long j = 0;
        boolean raw = true;
        for (int i = 0; i < payloads.length; i++) {
            byte[] p = payloads[i];
            raw &= PayloadDecompressor.detect(p, 0, p.length) == ContainerFormat.RAW;
            int n;
            try {
                n = container.decompress(p, 0, p.length);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("corpus " + name + ": payload " + files.get(i)
                        + " does not decompress: " + e.getMessage(), e);
            }
            json[i] = Arrays.copyOf(container.buffer(), n);
            try {
                PayloadDecompressor.validateUtf8(json[i], 0, n); // what a decoder does before its JSON stage
                counter.parse(json[i], 0, n, count);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("corpus " + name + ": payload " + files.get(i)
                        + " does not decode: " + e.getMessage(), e);
            }
            c += p.length;
            j += n;
        }
        this.samples = counted[0];
        this.compressedBytes = c;
        this.jsonBytes = j;
        this.allRaw = raw;
    }

    /** A bundled corpus name ({@link CorpusGenerator#SPECS}) or a directory of payload files. */
    public static Corpus load(String nameOrDir) {
        for (CorpusGenerator.Spec s : CorpusGenerator.SPECS) {
            if (s.name().equals(nameOrDir)) {
                return bundled(nameOrDir);
            }
        }
        Path dir = Path.of(nameOrDir);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("corpus '" + nameOrDir + "' is neither a bundled corpus "
                    + bundledNames() + " nor a directory");
        }
        return directory(dir);
    }

    public static List<String> bundledNames() {
        return CorpusGenerator.SPECS.stream().map(CorpusGenerator.Spec::name).toList();
    }

    /** Whether {@code nameOrDir} names a bundled corpus. */
    public static boolean isBundled(String nameOrDir) {
        return bundledNames().contains(nameOrDir);
    }

    private static Corpus bundled(String name) {
        String index = new String(resource(name + "/INDEX"), StandardCharsets.UTF_8);
        List<String> files = new ArrayList<>();
        for (String line : index.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                files.add(line.split(" ")[0]);
            }
        }
        byte[][] payloads = new byte[files.size()][];
        for (int i = 0; i < payloads.length; i++) {
            payloads[i] = resource(name + "/" + files.get(i));
        }
        return new Corpus(name, files, payloads);
    }

    private static byte[] resource(String path) {
        try (InputStream in = Corpus.class.getResourceAsStream(RESOURCES + path)) {
            if (in == null) {
                throw new IllegalStateException("bundled corpus resource " + RESOURCES + path
                        + " is missing (the build writes it with CorpusGenerator)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Corpus directory(Path dir) {
        List<Path> paths;
        try (Stream<Path> s = Files.list(dir)) {
            paths = s.filter(Files::isRegularFile).filter(Corpus::isPayloadFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("corpus directory " + dir + " has no payload files");
        }
        List<String> files = new ArrayList<>();
        byte[][] payloads = new byte[paths.size()][];
        for (int i = 0; i < payloads.length; i++) {
            files.add(paths.get(i).getFileName().toString());
            try {
                payloads[i] = Files.readAllBytes(paths.get(i));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Corpus(dir.toString(), files, payloads);
    }

    private static boolean isPayloadFile(Path p) {
        String n = p.getFileName().toString();
        return !n.startsWith(".") && !n.equals("INDEX") && !n.endsWith(".md") && !n.endsWith(".txt")
                && !n.endsWith(".json") && !n.endsWith(".jsonl");
    }

    public String name() {
        return name;
    }

    /** The payload file names, in order. */
    public List<String> files() {
        return files;
    }

    public int size() {
        return payloads.length;
    }

    /** Payload {@code i}, compressed. Shared: do not modify. */
    public byte[] payload(int i) {
        return payloads[i];
    }

    /** Payload {@code i}, decompressed. Shared: do not modify. */
    public byte[] json(int i) {
        return json[i];
    }

    /** The number of top-level array elements over all payloads (the samples of a well-formed corpus). */
    public long samples() {
        return samples;
    }

    public long compressedBytes() {
        return compressedBytes;
    }

    public long jsonBytes() {
        return jsonBytes;
    }

    /** Whether every payload is a raw Snappy block (what the vendor's {@code Snappy.uncompress} reads). */
    public boolean allRaw() {
        return allRaw;
    }

    /** The container format a decoder needs for this corpus. */
    public ContainerFormat containerFormat() {
        return allRaw ? ContainerFormat.RAW : ContainerFormat.AUTO;
    }

    @Override
    public String toString() {
        return String.format("%s: %d payloads, %,d samples, %,d B compressed, %,d B JSON", name, payloads.length,
                samples, compressedBytes, jsonBytes);
    }
}
