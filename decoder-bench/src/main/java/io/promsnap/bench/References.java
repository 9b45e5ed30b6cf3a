package io.promsnap.bench;

import com.dslplatform.json.DslJson;
import com.dslplatform.json.JsonReader;
import com.dslplatform.json.NumberConverter;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.promsnap.bench.corpus.Corpus;
import io.promsnap.spi.JsonStage;
import io.promsnap.spi.StagedDecoderFactory;
import io.promsnap.spi.PayloadDecompressor;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The reference rows: what the libraries do alone, and what the obvious code does, measured in the same
 * run as the decoders so that ratios between rows are meaningful on a noisy machine.
 */
final class References {
    private References() {
    }

    private static int maxJson(Corpus c) {
        int m = 0;
        for (int i = 0; i < c.size(); i++) {
            m = Math.max(m, c.json(i).length);
        }
        return m;
    }

    /** Raw block decompression with one library into a reused buffer. */
    interface Decompressor {
        int decompress(byte[] in, byte[] out) throws IOException;

        static Decompressor of(String lib) {
            return switch (lib) {
                case "snappy-java" -> (in, out) -> {
                    // the library checks that out has room for the declared length
                    return Snappy.uncompress(in, 0, in.length, out, 0);
                };
                case "aircompressor" -> {
                    SnappyDecompressor d = new SnappyDecompressor();
                    yield (in, out) -> d.decompress(in, 0, in.length, out, 0, out.length);
                }
                default -> throw new IllegalArgumentException("unknown decompressor '" + lib + "'; known: "
                        + Workloads.DECOMPRESSORS);
            };
        }
    }

    /** {@code Snappy.uncompress} → {@code new String} → {@code ObjectMapper.readTree} → {@code Double.parseDouble}. */
    static final class SeedNaive extends Workload {
        private final Corpus corpus;
        private final ObjectMapper mapper = new ObjectMapper();
        private final List<String> keys = new ArrayList<>();
        private final List<String> values = new ArrayList<>();

        SeedNaive(Corpus corpus) {
            super(Workloads.SEED_NAIVE, Checksum.Kind.STRINGS);
            this.corpus = corpus;
        }

        @Override
        public void run(Checksum sink) throws IOException {
            for (int i = 0, n = corpus.size(); i < n; i++) {
                byte[] raw = Snappy.uncompress(corpus.payload(i));
                String text = new String(raw, StandardCharsets.UTF_8);
                JsonNode root = mapper.readTree(text);
                for (JsonNode el : root) {
                    String name = null;
                    double value = 0;
                    long ts = 0;
                    keys.clear();
                    values.clear();
                    for (Map.Entry<String, JsonNode> f : el.properties()) {
                        String k = f.getKey();
                        switch (k) {
                            case "__name__" -> name = f.getValue().asText();
                            case "value" -> value = Double.parseDouble(f.getValue().asText());
                            case "timestamp" -> ts = Long.parseLong(f.getValue().asText());
                            default -> {
                                keys.add(k);
                                values.add(f.getValue().asText());
                            }
                        }
                    }
                    fold(sink, name, keys, values, value, ts);
                }
            }
        }
    }

    static void fold(Checksum sink, String name, List<String> keys, List<String> values, double value, long ts) {
        if (name == null) {
            throw new IllegalStateException("sample without __name__");
        }
        long h = Checksum.startChars(name);
        for (int k = 0, m = keys.size(); k < m; k++) {
            h = Checksum.labelChars(h, keys.get(k), values.get(k));
        }
        sink.end(h, value, ts);
    }

    static final class DecompressOnly extends Workload {
        private final Corpus corpus;
        private final Decompressor lib;
        private final byte[] out;

        DecompressOnly(String name, String lib, Corpus corpus) {
            super(name, Checksum.Kind.RAW_BYTES);
            this.corpus = corpus;
            this.lib = Decompressor.of(lib);
            this.out = new byte[maxJson(corpus)];
        }

        @Override
        public void run(Checksum sink) throws IOException {
            for (int i = 0, n = corpus.size(); i < n; i++) {
                int len = lib.decompress(corpus.payload(i), out);
                sink.bytesProduced(out, len);
            }
        }
    }

    static final class ValidateOnly extends Workload {
        private final Corpus corpus;

        ValidateOnly(String name, Corpus corpus) {
            super(name, Checksum.Kind.RAW_BYTES);
            this.corpus = corpus;
        }

        @Override
        public void run(Checksum sink) {
            for (int i = 0, n = corpus.size(); i < n; i++) {
                byte[] json = corpus.json(i);
                PayloadDecompressor.validateUtf8(json, 0, json.length);
                sink.bytesProduced(json, json.length);
            }
        }
    }

    /** A decoder's JSON stage alone, on the corpus's already-decompressed (and valid) JSON. */
    static final class ParseOnly extends Workload {
        private final Corpus corpus;
        private final JsonStage stage;

        ParseOnly(String name, StagedDecoderFactory factory, Corpus corpus) {
            super(name, Checksum.Kind.BYTES);
            this.corpus = corpus;
            this.stage = factory.createJsonStage(Workloads.config(corpus));
        }

        @Override
        public void run(Checksum sink) {
            for (int i = 0, n = corpus.size(); i < n; i++) {
                byte[] json = corpus.json(i);
                stage.parse(json, 0, json.length, sink);
            }
        }
    }

    /** A library pair written the obvious way: decompress into a reused buffer, then a naive parse. */
    static final class NaivePair extends Workload {
        private final Corpus corpus;
        private final Decompressor lib;
        private final NaiveParser parser;
        private final byte[] out;

        NaivePair(String name, String lib, String json, Corpus corpus) {
            super(name, Checksum.Kind.STRINGS);
            this.corpus = corpus;
            this.lib = Decompressor.of(lib);
            this.parser = switch (json) {
                case "jackson" -> new NaiveJackson();
                case "dsl-json" -> new NaiveDslJson();
                default -> throw new IllegalArgumentException("no naive parser for '" + json + "'; known: "
                        + Workloads.NAIVE_JSON);
            };
            this.out = new byte[maxJson(corpus)];
        }

        @Override
        public void run(Checksum sink) throws IOException {
            for (int i = 0, n = corpus.size(); i < n; i++) {
                int len = lib.decompress(corpus.payload(i), out);
                parser.parse(out, len, sink);
            }
        }
    }

    interface NaiveParser {
        void parse(byte[] json, int len, Checksum sink) throws IOException;
    }

    /** Jackson streaming with {@code getText()} for every string and {@code Double.parseDouble} of the value text. */
    static final class NaiveJackson implements NaiveParser {
        private final JsonFactory factory = new JsonFactory();
        private final List<String> keys = new ArrayList<>();
        private final List<String> values = new ArrayList<>();

        @Override
        public void parse(byte[] json, int len, Checksum sink) throws IOException {
            try (JsonParser p = factory.createParser(json, 0, len)) {
                if (p.nextToken() != JsonToken.START_ARRAY) {
                    throw new IOException("top level is not an array");
                }
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    String name = null;
                    double value = 0;
                    long ts = 0;
                    keys.clear();
                    values.clear();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String key = p.currentName();
                        JsonToken t = p.nextToken();
                        switch (key) {
                            case "__name__" -> name = p.getText();
                            case "value" -> value = t == JsonToken.VALUE_STRING ? Double.parseDouble(p.getText())
                                    : p.getDoubleValue();
                            case "timestamp" -> ts = t == JsonToken.VALUE_STRING ? Long.parseLong(p.getText())
                                    : p.getLongValue();
                            default -> {
                                keys.add(key);
                                values.add(p.getText());
                            }
                        }
                    }
                    fold(sink, name, keys, values, value, ts);
                }
            }
        }
    }

    /** DSL-JSON's {@code JsonReader} with {@code readKey}/{@code readString} and its {@code NumberConverter}. */
    static final class NaiveDslJson implements NaiveParser {
        private final JsonReader<Object> reader = new DslJson<Object>().newReader(new byte[0]);
        private final List<String> keys = new ArrayList<>();
        private final List<String> values = new ArrayList<>();

        @Override
        public void parse(byte[] json, int len, Checksum sink) throws IOException {
            JsonReader<Object> r = reader.process(json, len);
            if (r.getNextToken() != '[') {
                throw new IOException("top level is not an array");
            }
            byte t = r.getNextToken();
            while (t == '{') {
                String name = null;
                double value = 0;
                long ts = 0;
                keys.clear();
                values.clear();
                t = r.getNextToken();
                while (t == '"') {
                    String key = r.readKey();
                    switch (key) {
                        case "__name__" -> name = r.readString();
                        case "value" -> value = NumberConverter.deserializeDouble(r);
                        case "timestamp" -> ts = NumberConverter.deserializeLong(r);
                        default -> {
                            keys.add(key);
                            values.add(r.readString());
                        }
                    }
                    t = r.getNextToken();
                    if (t == ',') {
                        t = r.getNextToken();
                    }
                }
                if (t != '}') {
                    throw new IOException("expected } at " + r.getCurrentIndex());
                }
                fold(sink, name, keys, values, value, ts);
                t = r.getNextToken();
                if (t == ',') {
                    t = r.getNextToken();
                }
            }
            if (t != ']') {
                throw new IOException("expected ] at " + r.getCurrentIndex());
            }
        }
    }
}
