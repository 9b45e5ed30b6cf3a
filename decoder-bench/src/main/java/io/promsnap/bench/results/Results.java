package io.promsnap.bench.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows of one benchmark run, read from JMH's result JSON or from a promsnap summary, plus what is
 * known about the run (JVM, JMH version). Immutable.
 */
public record Results(List<Row> rows, Map<String, String> environment) {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    public static final String UNIT_JMH = "ops/s";
    public static final String UNIT_SUMMARY = "MB/s";

    public Results {
        rows = List.copyOf(rows);
        environment = Map.copyOf(environment);
    }

    /** Reads either format; {@link MalformedResultsException} with the reason for anything else. */
    public static Results read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new MalformedResultsException(file + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedResultsException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new MalformedResultsException(file + ": empty file");
        }
        if (root.isArray()) {
            return fromJmh(root, file.toString());
        }
        if (root.isObject() && root.has(History.RUN_FIELD)) {
            return History.fromEntry(root, file.toString());
        }
        if (root.isObject() && root.has("results")) {
            return fromSummary(root, file.toString());
        }
        throw new MalformedResultsException(file + ": neither JMH result JSON (an array of benchmarks), a "
                + "promsnap summary (an object with \"results\") nor a gate history entry (an object with \"run\")");
    }

    /** JMH's {@code -rf json} format. */
    public static Results fromJmh(JsonNode root, String source) {
        List<Row> rows = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        int i = 0;
        for (JsonNode b : root) {
            String where = source + ": benchmark #" + i++;
            String bench = text(b, "benchmark", where);
            JsonNode params = b.path("params");
            JsonNode pm = b.path("primaryMetric");
            double score = number(pm, "score", where + " primaryMetric");
            double error = pm.path("scoreError").isNumber() ? pm.path("scoreError").asDouble() : 0;
            if (!Double.isFinite(error)) {
                error = 0;
            }
            String unit = pm.path("scoreUnit").asText(UNIT_JMH);
            double alloc = Double.NaN;
            double allocError = 0;
            for (Map.Entry<String, JsonNode> e : b.path("secondaryMetrics").properties()) {
                if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                    alloc = e.getValue().path("score").asDouble(Double.NaN);
                    allocError = e.getValue().path("scoreError").asDouble(0);
                    if (!Double.isFinite(allocError)) {
                        allocError = 0;
                    }
                }
            }
            double[] perFork = perFork(pm.path("rawData"));
            String name = rowName(bench, params);
            if (name == null) {
                throw new MalformedResultsException(where + ": benchmark " + bench
                        + " is not a promsnap benchmark (no decoder or reference parameter)");
            }
            String corpus = params.path("corpus").asText("default");
            rows.add(new Row(corpus, name, Row.Kind.ofRow(name), score, error, unit, alloc, perFork, allocError,
                    best(pm.path("rawData"))));
            for (String k : new String[] {"jvm", "jdkVersion", "vmName", "vmVersion", "jmhVersion"}) {
                if (b.has(k)) {
                    env.putIfAbsent(k, b.get(k).asText());
                }
            }
            if (b.has("jvmArgs")) {
                env.putIfAbsent("jvmArgs", b.get("jvmArgs").toString());
            }
            for (String k : new String[] {"forks", "measurementIterations", "measurementTime"}) {
                if (b.has(k)) {
                    env.putIfAbsent(k, b.get(k).asText());
                }
            }
        }
        if (rows.isEmpty()) {
            throw new MalformedResultsException(source + ": no benchmark results in the file");
        }
        return new Results(rows, env);
    }

    /** The row name a JMH result stands for: the decoder, {@code <decoder> (batch)}, or the reference. */
    static String rowName(String benchmark, JsonNode params) {
        if (params.has("reference")) {
            return params.get("reference").asText();
        }
        if (params.has("decoder")) {
            String d = params.get("decoder").asText();
            String m = params.has("match") ? params.get("match").asText() : "";
            if (!m.isEmpty()) {
                d = d + " --match " + m; // bench --match: the selected row beside the unselected one
            }
            return benchmark.endsWith(".batch") ? d + " (batch)" : d;
        }
        return null;
    }

    private static double[] perFork(JsonNode raw) {
        if (!raw.isArray()) {
            return new double[0];
        }
        double[] out = new double[raw.size()];
        int f = 0;
        for (JsonNode fork : raw) {
            double sum = 0;
            int n = 0;
            for (JsonNode v : fork) {
                sum += v.asDouble();
                n++;
            }
            out[f++] = n == 0 ? Double.NaN : sum / n;
        }
        return out;
    }

    /** The highest measurement iteration over all forks, NaN without raw data. */
    private static double best(JsonNode raw) {
        double best = Double.NaN;
        for (JsonNode fork : raw) {
            for (JsonNode v : fork) {
                if (v.isNumber() && Double.isFinite(v.asDouble()) && !(v.asDouble() <= best)) {
                    best = v.asDouble();
                }
            }
        }
        return best;
    }

    /**
     * How many measurement iterations of what length each row of a JMH run had ("3 forks × 8 × 400 ms"), null
     * when the file does not say. A run's best iteration is the best of that many: the best of 24 is higher than
     * the best of 8 of the same build, so best iterations compare only between runs of the same length.
     */
    public String runLength() {
        String f = environment.get("forks");
        String i = environment.get("measurementIterations");
        String t = environment.get("measurementTime");
        if (f == null || i == null || t == null) {
            return null;
        }
        return f + ("1".equals(f) ? " fork" : " forks") + " × " + i + " × " + t;
    }

    /** The environment key that says a result's scores are {@link #bestIterations() best iterations}. */
    public static final String SCORE_KEY = "score";
    public static final String SCORE_BEST = "best iteration of each run";

    /**
     * The same results scored by each row's best measurement iteration instead of its mean, without an error
     * of their own (one run says nothing about how its best iteration varies; a pooled history does).
     * Why: on a shared machine interference only ever slows an iteration down, so a run's mean moves with
     * whatever else ran (the same build's quick runs differ by ±15% here), while its best iteration stays
     * within a few percent: the advice of Python's {@code timeit} ("the min is the value to use"), for
     * throughput. A row without per-iteration data (a promsnap summary) cannot be scored so.
     */
    public Results bestIterations() {
        List<Row> out = new ArrayList<>();
        for (Row r : rows) {
            if (!Double.isFinite(r.best())) {
                throw new MalformedResultsException("row " + r.key() + " has no per-iteration scores (JMH JSON's "
                        + "rawData; a summary file has none): compare with --score mean");
            }
            out.add(new Row(r.corpus(), r.name(), r.kind(), r.best(), 0, r.unit(), r.allocPerOp(), r.perFork(),
                    r.allocError(), r.best()));
        }
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put(SCORE_KEY, SCORE_BEST);
        return new Results(out, env);
    }

    /** A promsnap summary ({@link #writeSummary}). */
    public static Results fromSummary(JsonNode root, String source) {
        JsonNode results = root.get("results");
        if (!results.isArray()) {
            throw new MalformedResultsException(source + ": \"results\" is not an array");
        }
        String topCorpus = root.path("corpus").asText("default");
        List<Row> rows = new ArrayList<>();
        int i = 0;
        for (JsonNode r : results) {
            String where = source + ": results[" + i++ + "]";
            String name = text(r, "decoder", where);
            double mb = number(r, "mbPerSec", where);
            double err = r.path("error").isNumber() ? r.get("error").asDouble() : 0;
            double alloc = r.path("allocBytesPerSample").isNumber() ? r.get("allocBytesPerSample").asDouble() : Double.NaN;
            double allocErr = r.path("allocError").isNumber() ? r.get("allocError").asDouble() : 0;
            String corpus = r.path("corpus").asText(topCorpus);
            // per sample in a summary; kept as such (the report converts JMH's per-operation figure)
            rows.add(new Row(corpus, name, Row.Kind.ofRow(name), mb, err, UNIT_SUMMARY, alloc, new double[0], allocErr));
        }
        if (rows.isEmpty()) {
            throw new MalformedResultsException(source + ": \"results\" is empty");
        }
        Map<String, String> env = new LinkedHashMap<>();
        root.path("environment").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        return new Results(rows, env);
    }

    private static String text(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new MalformedResultsException(where + ": missing or non-text \"" + field + "\"");
        }
        return v.asText();
    }

    private static double number(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < 0) {
            throw new MalformedResultsException(where + ": missing, non-numeric or negative \"" + field + "\"");
        }
        return v.asDouble();
    }

    public List<String> corpora() {
        Set<String> out = new LinkedHashSet<>();
        rows.forEach(r -> out.add(r.corpus()));
        return List.copyOf(out);
    }

    public Row find(String corpus, String name) {
        for (Row r : rows) {
            if (r.corpus().equals(corpus) && r.name().equals(name)) {
                return r;
            }
        }
        return null;
    }

    /** Derived figures of a JMH row on a corpus of known size. */
    public record Rates(double mbPerSec, double compressedMbPerSec, double samplesPerSec, double allocBytesPerSample,
                        double mbError) {
    }

    public static Rates rates(Row r, CorpusSize size) {
        if (r.unit().equals(UNIT_SUMMARY)) {
            double perMb = size.jsonBytes() / 1e6;
            return new Rates(r.score(), r.score() * size.compressedBytes() / size.jsonBytes(),
                    r.score() / perMb * size.samples(), r.allocPerOp(), r.error());
        }
        return new Rates(r.score() * size.jsonBytes() / 1e6, r.score() * size.compressedBytes() / 1e6,
                r.score() * size.samples(), r.allocPerOp() / size.samples(), r.error() * size.jsonBytes() / 1e6);
    }

    /** What one operation processes. */
    public record CorpusSize(long samples, long jsonBytes, long compressedBytes) {
    }

    /** Writes the summary format: {@code {"corpus":…,"results":[{"decoder":…,"mbPerSec":…,…}]}}. */
    public void writeSummary(Path file, Map<String, CorpusSize> sizes) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        List<String> corpora = corpora();
        root.put("corpus", String.join(",", corpora));
        ObjectNode env = root.putObject("environment");
        environment.forEach(env::put);
        ArrayNode arr = root.putArray("results");
        for (Row r : rows) {
            Rates x = rates(r, sizes.get(r.corpus()));
            ObjectNode o = arr.addObject();
            o.put("decoder", r.name());
            o.put("corpus", r.corpus());
            o.put("kind", r.kind().name().toLowerCase());
            o.put("mbPerSec", round(x.mbPerSec()));
            o.put("compressedMbPerSec", round(x.compressedMbPerSec()));
            o.put("samplesPerSec", Math.round(x.samplesPerSec()));
            if (Double.isFinite(x.allocBytesPerSample())) {
                o.put("allocBytesPerSample", round(x.allocBytesPerSample()));
            } else {
                o.putNull("allocBytesPerSample");
            }
            o.put("error", round(x.mbError()));
            if (r.allocError() > 0) {
                o.put("allocError", round(r.unit().equals(UNIT_SUMMARY) ? r.allocError() : r.allocError() / sizes.get(r.corpus()).samples()));
            }
        }
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        JSON.writeValue(file.toFile(), root);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
