package io.promsnap.bench.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A history of benchmark runs (the last runs of the main branch, say) and the baseline built from it.
 * One JSON file per run: {@code {"commit":…,"recorded":…,"environment":{…},"run":<the result file as it was>}},
 * named so that the names sort by time. A baseline from several runs takes each row's median and widens
 * its interval by the spread between the runs, so that one lucky or unlucky run neither moves the bar nor
 * makes it look more certain than it is.
 */
public final class History {
    static final String RUN_FIELD = "run";
    /** The two-sided 99.9% normal quantile: the same confidence as JMH's own error. */
    static final double Z999 = 3.2905;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private History() {
    }

    /** Reads a history entry written by {@link #record}. */
    static Results fromEntry(JsonNode root, String source) {
        JsonNode run = root.get(RUN_FIELD);
        Results inner = run.isArray() ? Results.fromJmh(run, source) : Results.fromSummary(run, source);
        Map<String, String> env = new LinkedHashMap<>(inner.environment());
        root.path("environment").properties().forEach(e -> env.putIfAbsent(e.getKey(), e.getValue().asText()));
        if (root.hasNonNull("commit")) {
            env.put("commit", root.get("commit").asText());
        }
        if (root.hasNonNull("recorded")) {
            env.put("recorded", root.get("recorded").asText());
        }
        return new Results(inner.rows(), env);
    }

    /**
     * Appends {@code resultFile} to the history in {@code dir} with its commit, the time and this machine's
     * environment; returns the entry written. The file is checked first (a broken run never enters the history).
     */
    public static Path record(Path dir, Path resultFile, String commit, Instant now) throws IOException {
        Results.read(resultFile); // MalformedResultsException for anything that is not a result file
        JsonNode run = Results.JSON.readTree(Files.readAllBytes(resultFile));
        if (run.isObject() && run.has(RUN_FIELD)) {
            run = run.get(RUN_FIELD); // an entry re-recorded: keep the run, take the new commit
        }
        ObjectNode root = Results.JSON.createObjectNode();
        root.put("commit", commit);
        root.put("recorded", now.toString());
        ObjectNode env = root.putObject("environment");
        Environment.machine().forEach(env::put);
        root.set(RUN_FIELD, run);
        Files.createDirectories(dir);
        String shortCommit = commit.replaceAll("[^A-Za-z0-9._-]", "_");
        shortCommit = shortCommit.substring(0, Math.min(12, shortCommit.length()));
        Path out = dir.resolve(STAMP.format(now) + "-" + shortCommit + ".json");
        for (int i = 2; Files.exists(out); i++) {
            out = dir.resolve(STAMP.format(now) + "-" + shortCommit + "-" + i + ".json");
        }
        Results.JSON.writeValue(out.toFile(), root);
        return out;
    }

    /**
     * The result files a {@code --baseline} names: files as given, and for a directory its {@code *.json}
     * files in name order (the history's names sort by time), of which the newest {@code last}.
     */
    public static List<Path> files(List<Path> baselines, int last) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : baselines) {
            if (Files.isDirectory(p)) {
                List<Path> inDir;
                try (Stream<Path> s = Files.list(p)) {
                    inDir = s.filter(f -> f.getFileName().toString().endsWith(".json") && Files.isRegularFile(f))
                            .sorted().toList();
                }
                if (inDir.isEmpty()) {
                    throw new MalformedResultsException(p + ": no result files (*.json) in the baseline directory");
                }
                out.addAll(inDir.subList(Math.max(0, inDir.size() - last), inDir.size()));
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /** Reads every file and pools them into one baseline ({@link #pool}). */
    public static Results baseline(List<Path> files) {
        return pool(read(files));
    }

    /** Reads every file. */
    public static List<Results> read(List<Path> files) {
        List<Results> runs = new ArrayList<>();
        for (Path f : files) {
            runs.add(Results.read(f));
        }
        return runs;
    }

    /**
     * One baseline from several runs of the same benchmarks. Per row: the median score; an error that
     * combines the runs' own errors (root mean square) with the spread between runs, as a 99.9% prediction
     * interval for one more run ({@code Z999 · sd · sqrt(1 + 1/k)}); the same for allocation. A single run
     * is returned as it is.
     */
    public static Results pool(List<Results> runs) {
        if (runs.isEmpty()) {
            throw new MalformedResultsException("no baseline result files");
        }
        if (runs.size() == 1) {
            return runs.get(0);
        }
        Map<String, List<Row>> byKey = new LinkedHashMap<>();
        for (Results r : runs) {
            for (Row row : r.rows()) {
                byKey.computeIfAbsent(row.key(), k -> new ArrayList<>()).add(row);
            }
        }
        List<Row> pooled = new ArrayList<>();
        for (List<Row> rows : byKey.values()) {
            Row first = rows.get(0);
            for (Row r : rows) {
                if (!r.unit().equals(first.unit())) {
                    throw new MalformedResultsException("row " + first.key() + " is in " + first.unit()
                            + " in one baseline file and in " + r.unit() + " in another; keep one format in a history");
                }
            }
            double[] scores = rows.stream().mapToDouble(Row::score).toArray();
            double[] errors = rows.stream().mapToDouble(Row::error).toArray();
            double[] allocs = rows.stream().mapToDouble(Row::allocPerOp).filter(Double::isFinite).toArray();
            double[] allocErrors = rows.stream().filter(r -> Double.isFinite(r.allocPerOp()))
                    .mapToDouble(Row::allocError).toArray();
            double alloc = allocs.length == 0 ? Double.NaN : median(allocs);
            pooled.add(new Row(first.corpus(), first.name(), first.kind(), median(scores), combined(scores, errors),
                    first.unit(), alloc, new double[0], allocs.length == 0 ? 0 : combined(allocs, allocErrors)));
        }
        Map<String, String> env = new LinkedHashMap<>(runs.get(runs.size() - 1).environment());
        env.put("baselineRuns", Integer.toString(runs.size()));
        List<String> commits = runs.stream().map(r -> r.environment().get("commit")).filter(c -> c != null)
                .map(c -> c.substring(0, Math.min(8, c.length()))).toList();
        if (!commits.isEmpty()) {
            env.put("commit", String.join(" ", commits));
        }
        return new Results(pooled, env);
    }

    /** The pooled 99.9% half-width: the runs' own errors and the between-run spread. */
    static double combined(double[] values, double[] errors) {
        int k = values.length;
        double within = 0;
        for (double e : errors) {
            within += e * e;
        }
        within = errors.length == 0 ? 0 : within / errors.length;
        if (k < 2) {
            return Math.sqrt(within);
        }
        double mean = Arrays.stream(values).average().orElse(0);
        double var = 0;
        for (double v : values) {
            var += (v - mean) * (v - mean);
        }
        var /= k - 1;
        double between = Z999 * Math.sqrt(var * (1 + 1.0 / k));
        return Math.sqrt(within + between * between);
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
