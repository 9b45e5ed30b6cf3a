package io.promsnap.conformance.runner;

import io.promsnap.DecoderFactory;
import io.promsnap.DecoderRegistry;
import io.promsnap.conformance.corpus.Corpus;
import io.promsnap.conformance.corpus.CorpusCase;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code promsnap conformance}: runs the golden corpus against decoders (built-in, or from third-party
 * jars found by {@link java.util.ServiceLoader}) and prints one row per decoder. Exit 0 when every case
 * of every chosen decoder passed, 1 on any failure (or a provider that failed to load), 2 on usage errors.
 */
@Command(name = "conformance", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the golden corpus (docs/format.md, every rule) against decoders and print one row per decoder:",
            "cases passed, failed cases by what they expect (OUTPUT or an error category), and what went wrong",
            "(wrong output, missed error, PromsnapException of the wrong kind, crash = any other throwable or a hang).",
            "Exit 0 when all passed, 1 on any failure, 2 on usage errors."})
public final class ConformanceCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--decoder", paramLabel = "NAME|all", description = "Decoder to check, or all (default) for every registered decoder.")
    String decoder = "all";

    @Option(names = "--corpus", paramLabel = "DIR", converter = io.promsnap.cli.options.Converters.ExistingDirectory.class, description = "A corpus directory (INDEX, <case>.bin, <case>.expected.jsonl|.error). Default: the bundled corpus.")
    Path corpus;

    @Option(names = "--classpath", paramLabel = "JAR", arity = "1..*", split = ",", converter = ClasspathEntry.class,
            description = "Jars (or class directories; several: repeat or separate with commas) with third-party decoders (META-INF/services/io.promsnap.DecoderFactory).")
    List<Path> classpath = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON (for CI).")
    Path json;

    @Option(names = "--timeout", paramLabel = "SECONDS", converter = io.promsnap.cli.options.Converters.PositiveInt.class, description = "Time limit per case; more is a hang (a crash). Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds = 10;

    @Option(names = "--max-listed", paramLabel = "N", converter = io.promsnap.cli.options.Converters.NonNegativeInt.class, description = "Failing cases listed per decoder. Default: ${DEFAULT-VALUE}.")
    int maxListed = 40;

    /** A jar or class directory that exists. */
    static final class ClasspathEntry implements CommandLine.ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path p = Path.of(value);
            if (!java.nio.file.Files.exists(p)) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not accepted; expected an existing jar "
                        + "or class directory");
            }
            return p;
        }
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (timeoutSeconds <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be positive");
        }
        List<CorpusCase> cases;
        String corpusName;
        try {
            cases = corpus == null ? Corpus.bundled() : Corpus.read(corpus);
            corpusName = corpus == null ? "bundled" : corpus.toString();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--corpus: " + e.getMessage());
        }
        if (cases.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--corpus: no cases in " + corpusName);
        }
        DecoderRegistry registry = registry();
        List<DecoderFactory> chosen = new ArrayList<>();
        if (decoder.equals("all")) {
            chosen.addAll(registry.all());
            if (chosen.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no decoders are registered");
            }
        } else {
            try {
                chosen.add(registry.get(decoder));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--decoder: " + e.getMessage());
            }
        }
        ConformanceRunner runner = new ConformanceRunner(Duration.ofSeconds(timeoutSeconds));
        List<DecoderResult> results = new ArrayList<>();
        for (DecoderFactory f : chosen) {
            results.add(runner.run(f, cases));
        }
        boolean explicitUnavailable = !decoder.equals("all") && !results.get(0).available();
        boolean passed = registry.loadErrors().isEmpty() && !explicitUnavailable
                && results.stream().allMatch(r -> !r.available() || r.allPassed())
                && results.stream().anyMatch(DecoderResult::available);
        out.println("conformance: " + cases.size() + " cases from the " + (corpus == null ? "bundled corpus" : "corpus " + corpus));
        out.print(Report.table(results, cases.size()));
        for (String e : registry.loadErrors()) {
            err.println("promsnap conformance: a decoder provider failed to load: " + e);
        }
        String failures = Report.failures(results, maxListed);
        if (!failures.isEmpty()) {
            out.print(failures);
        }
        out.println(passed ? "PASS: every decoder decoded every case as docs/format.md says"
                : "FAIL: see the failing cases above" + (registry.loadErrors().isEmpty() ? "" : " and the load errors"));
        out.flush();
        if (json != null) {
            Path parent = json.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(json, Report.json(corpusName, cases.size(), results, registry.loadErrors(), passed));
        }
        return passed ? 0 : 1;
    }

    private DecoderRegistry registry() {
        if (classpath.isEmpty()) {
            return DecoderRegistry.getDefault();
        }
        List<URL> urls = new ArrayList<>();
        for (Path p : classpath) {
            if (!Files.exists(p)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--classpath: no such file: " + p);
            }
            try {
                urls.add(p.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--classpath: " + p + ": " + e.getMessage());
            }
        }
        // parent: this library's loader, so third-party factories implement the same DecoderFactory type
        ClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ConformanceCommand.class.getClassLoader());
        return DecoderRegistry.load(loader);
    }

    /** Runs the command on its own (without the promsnap CLI); returns the exit code. */
    public static int run(String... args) {
        return new CommandLine(new ConformanceCommand()).execute(args);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }
}
