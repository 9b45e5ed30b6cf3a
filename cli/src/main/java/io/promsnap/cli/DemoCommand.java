package io.promsnap.cli;

import io.promsnap.ContainerFormat;
import io.promsnap.DecoderConfig;
import io.promsnap.DecoderFactory;
import io.promsnap.DecoderRegistry;
import io.promsnap.PayloadDecoder;
import io.promsnap.PromsnapException;
import io.promsnap.jsonl.JsonLines;
import io.promsnap.bench.cli.RecommendCommand;
import io.promsnap.broker.EmbeddedKafkaBroker;
import io.promsnap.loadgen.GenerateSummary;
import io.promsnap.loadgen.cli.CaptureCommand;
import io.promsnap.loadgen.cli.ConsumeCommand;
import io.promsnap.loadgen.cli.GenerateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The whole toolkit in one run, on this machine, with no setup:",
            "  1. every decoder decodes the bundled example corpus, and all must agree;",
            "  2. Apache Kafka's own KRaft broker starts in this JVM on 127.0.0.1;",
            "  3. the load generator sends realistic Prometheus batches into it;",
            "  4. every decoder consumes the topic: messages read = decoded + rejected, samples = generated;",
            "  5. a sample of the messages is captured and every decoder is benchmarked on it (JMH),",
            "     with a recommendation and a report (Markdown + PNG charts).",
            "Exit 0 when every check passed, 1 otherwise."})
final class DemoCommand implements Callable<Integer> {
    static final String CORPUS = "/io/promsnap/cli/example-corpus/";

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--samples", paramLabel = "N", converter = io.promsnap.cli.options.Converters.PositiveLong.class, description = "Samples to generate into the broker. Default: ${DEFAULT-VALUE}.")
    long samples = 200_000;

    @Option(names = "--output", paramLabel = "DIR", description = "Where the summary, captured corpus and report go. Default: ${DEFAULT-VALUE}.")
    Path output = Path.of("promsnap-demo");

    @Option(names = "--corpus-only", description = "Only step 1 (no broker, no benchmark).")
    boolean corpusOnly;

    @Option(names = "--no-bench", description = "Skip step 5 (the JMH benchmark, about 45 s).")
    boolean noBench;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.println("== 1. Decoders on the bundled example corpus");
        boolean ok = corpusStep(out);
        if (corpusOnly || !ok) {
            return ok ? 0 : 1;
        }
        Files.createDirectories(output);
        long started = System.nanoTime();
        out.println();
        out.println("== 2. Embedded Kafka broker (KRaft, Apache Kafka's own server, 127.0.0.1)");
        out.flush();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
            out.printf("broker up at %s in %.1f s%n", broker.bootstrapServers(), (System.nanoTime() - started) / 1e9);
            ok = brokerSteps(out, broker.bootstrapServers());
        }
        out.println();
        out.println(ok ? "DEMO PASSED: every check above held." : "DEMO FAILED: see the checks above.");
        out.printf("Files: %s%n", output.toAbsolutePath());
        out.flush();
        return ok ? 0 : 1;
    }

    private boolean brokerSteps(PrintWriter out, String bootstrap) throws Exception {
        String topic = "promsnap-demo";
        out.println();
        out.printf("== 3. Load generator: %,d samples into topic %s (3 partitions, raw Snappy JSON batches)%n", samples, topic);
        out.flush();
        GenerateCommand generate = new GenerateCommand();
        int rc = sub(generate).execute("--bootstrap-server", bootstrap, "--topic", topic, "--partitions", "3",
                "--samples", Long.toString(samples), "--seed", "1", "--json", output.resolve("generate.json").toString());
        GenerateSummary g = generate.lastSummary();
        if (rc != 0 || g == null || g.errors() != 0 || g.acknowledged() != g.batches()) {
            out.printf("generate failed (exit %d): %s%n", rc, g);
            return false;
        }

        out.println();
        out.println("== 4. Every decoder consumes the topic (its own consumer group; offsets committed after processing)");
        out.printf("%-26s %9s %9s %9s %10s  %s%n", "DECODER", "MESSAGES", "DECODED", "REJECTED", "SAMPLES", "CHECK");
        out.flush();
        boolean ok = true;
        for (DecoderFactory f : DecoderRegistry.getDefault().available()) {
            ConsumeCommand consume = new ConsumeCommand();
            StringWriter quiet = new StringWriter();
            PrintWriter quietWriter = new PrintWriter(quiet);
            int crc = sub(consume, quietWriter, quietWriter).execute("--bootstrap-server", bootstrap, "--topic", topic,
                    "--decoder", f.name(), "--group", "promsnap-demo-" + f.name(), "--max-messages",
                    Long.toString(g.batches()), "--idle-timeout", "30s", "--quiet");
            boolean adds = consume.messages() == consume.decoded() + consume.rejected() + consume.tombstones();
            boolean all = consume.messages() == g.batches() && consume.rejected() == 0 && consume.samples() == g.samples();
            ok &= crc == 0 && adds && all;
            out.printf("%-26s %9d %9d %9d %10d  %s%n", f.name(), consume.messages(), consume.decoded(), consume.rejected(),
                    consume.samples(), crc == 0 && adds && all ? "ok: read = decoded + rejected, samples = generated"
                            : "MISMATCH (exit " + crc + ") " + quiet.toString().strip());
            out.flush();
        }
        if (!ok || noBench) {
            return ok;
        }

        out.println();
        Path captured = output.resolve("captured");
        int messages = (int) Math.min(20, g.batches());
        out.printf("== 5. Capture %d messages to %s, then benchmark every decoder on them (JMH, quick)%n", messages, captured);
        out.flush();
        deleteFiles(captured);
        int cap = sub(new CaptureCommand(), new PrintWriter(new StringWriter())).execute("--bootstrap-server", bootstrap,
                "--topic", topic, "--output-dir", captured.toString(), "--messages", Integer.toString(messages));
        if (cap != 0) {
            out.println("capture failed with exit " + cap);
            return false;
        }
        int rec = sub(new RecommendCommand()).execute("--corpus", captured.toString(), "--report",
                output.resolve("report").toString(), "--json", output.resolve("jmh-result.json").toString());
        return rec == 0;
    }

    /** A picocli command run inside the demo, printing to the demo's own writers. */
    private CommandLine sub(Object command) {
        return sub(command, spec.commandLine().getOut());
    }

    private CommandLine sub(Object command, PrintWriter out) {
        return sub(command, out, spec.commandLine().getErr());
    }

    private static CommandLine sub(Object command, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(command);
        cl.setOut(out);
        cl.setErr(err);
        return cl;
    }

    private static void deleteFiles(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.delete(p);
                }
            }
        }
    }

    private boolean corpusStep(PrintWriter out) {
        Map<String, byte[]> corpus = exampleCorpus();
        long bytes = corpus.values().stream().mapToLong(b -> b.length).sum();
        out.printf("Example corpus: %d payloads, %,d compressed bytes (raw, framed and snappy-java stream formats)%n%n",
                corpus.size(), bytes);
        out.printf("%-26s %-9s %9s %12s  %s%n", "DECODER", "RUNTIME", "SAMPLES", "JSON BYTES", "DIGEST OF CANONICAL OUTPUT");
        Map<String, String> digests = new LinkedHashMap<>();
        boolean failed = false;
        for (DecoderFactory f : DecoderRegistry.getDefault().all()) {
            DecoderFactory.Availability a = f.availability();
            if (!a.available()) {
                out.printf("%-26s %-9s %9s %12s  unavailable: %s%n", f.name(), f.pureJava() ? "java" : "jni", "-", "-", a.reason());
                continue;
            }
            PayloadDecoder d = f.create(DecoderConfig.defaults().withContainerFormat(ContainerFormat.AUTO));
            MessageDigest md = sha256();
            long samples = 0;
            long json = 0;
            try {
                for (Map.Entry<String, byte[]> e : corpus.entrySet()) {
                    StringBuilder sb = new StringBuilder();
                    samples += d.decode(e.getValue(), s -> JsonLines.append(sb, s));
                    json += d.lastReport().jsonBytes();
                    md.update(sb.toString().getBytes(StandardCharsets.UTF_8));
                }
            } catch (PromsnapException e) {
                out.printf("%-26s %-9s FAILED: %s%n", f.name(), f.pureJava() ? "java" : "jni", e.getMessage());
                failed = true;
                continue;
            }
            String digest = HexFormat.of().formatHex(md.digest(), 0, 8);
            digests.put(f.name(), digest);
            out.printf("%-26s %-9s %9d %,12d  %s%n", f.name(), f.pureJava() ? "java" : "jni", samples, json, digest);
        }
        boolean agree = !digests.isEmpty() && digests.values().stream().distinct().count() == 1;
        out.println();
        if (agree && !failed) {
            out.printf("All %d available decoders agree on every sample.%n", digests.size());
        } else {
            out.printf("DECODERS DISAGREE or failed: %s%n", digests);
        }
        out.flush();
        return agree && !failed;
    }

    static Map<String, byte[]> exampleCorpus() {
        Map<String, byte[]> corpus = new LinkedHashMap<>();
        for (String name : resource(CORPUS + "INDEX").lines().map(String::trim).filter(l -> !l.isEmpty()).toList()) {
            corpus.put(name, resourceBytes(CORPUS + name));
        }
        return corpus;
    }

    private static String resource(String path) {
        return new String(resourceBytes(path), StandardCharsets.UTF_8);
    }

    private static byte[] resourceBytes(String path) {
        try (InputStream in = DemoCommand.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
