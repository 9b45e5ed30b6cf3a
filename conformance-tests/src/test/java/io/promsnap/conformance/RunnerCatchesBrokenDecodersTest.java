package io.promsnap.conformance;

import io.promsnap.ContainerFormat;
import io.promsnap.DecoderFactory;
import io.promsnap.conformance.broken.BrokenDecoders;
import io.promsnap.conformance.corpus.Corpus;
import io.promsnap.conformance.corpus.CorpusCase;
import io.promsnap.conformance.corpus.ReferenceSnappy;
import io.promsnap.conformance.runner.ConformanceCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner finds a broken third-party decoder: a jar with a services file is given with --classpath
 * (the decoders live in test sources and are deliberately not in this module's own services file).
 */
class RunnerCatchesBrokenDecodersTest {
    @TempDir
    static Path tmp;
    static Path jar;

    @BeforeAll
    static void buildJar() throws IOException {
        jar = tmp.resolve("broken-decoders.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("META-INF/services/" + DecoderFactory.class.getName()));
            out.write((BrokenDecoders.IgnoresEscapes.class.getName() + "\n" + BrokenDecoders.CrashesOnShortPayloads.class.getName()
                    + "\n" + BrokenDecoders.HangsOnEmptyPayloads.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            // the classes too, so the jar is complete (the runner's class loader finds them through its parent first)
            for (Class<?> c : BrokenDecoders.class.getDeclaredClasses()) {
                addClass(out, c);
            }
            addClass(out, BrokenDecoders.class);
        }
    }

    private static void addClass(JarOutputStream out, Class<?> c) throws IOException {
        String path = c.getName().replace('.', '/') + ".class";
        try (InputStream in = c.getClassLoader().getResourceAsStream(path)) {
            out.putNextEntry(new JarEntry(path));
            in.transferTo(out);
            out.closeEntry();
        }
    }

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ConformanceCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** Case names listed as failing for a decoder in the runner's output. */
    static Set<String> failing(String output, String decoder) {
        Set<String> out = new LinkedHashSet<>();
        int at = output.indexOf("\n" + decoder + ": ");
        if (at < 0) {
            return out;
        }
        int end = output.indexOf("\n\n", at + 1);
        String block = output.substring(at, end < 0 ? output.length() : end);
        Matcher m = Pattern.compile("\n  ([a-z0-9-]+) \\[").matcher(block);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void ignoringEscapesFailsExactlyTheEscapeCases() throws Exception {
        Path json = tmp.resolve("report.json");
        Run r = run("--classpath", jar.toString(), "--decoder", "broken+ignores-escapes", "--json", json.toString(),
                "--max-listed", "1000");
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        Set<String> failing = failing(r.out(), "broken+ignores-escapes");
        // every failure is a case whose JSON has a backslash escape
        Set<String> withEscapes = new LinkedHashSet<>();
        ReferenceSnappy ref = new ReferenceSnappy(Integer.MAX_VALUE);
        for (CorpusCase c : Corpus.bundled()) {
            try {
                byte[] text = ref.decompress(c.payload(), c.format());
                if (new String(text, StandardCharsets.UTF_8).indexOf('\\') >= 0) {
                    withEscapes.add(c.name());
                }
            } catch (ReferenceSnappy.Invalid e) {
                // not JSON at all
            }
        }
        assertThat(withEscapes).containsAll(failing);
        assertThat(failing).contains("escapes-short-forms", "escapes-unicode-bmp", "escapes-surrogate-pairs", "escapes-u0000",
                "escapes-in-required-keys", "escapes-random", "escapes-ascii-only", "values-escaped-string", "json-bad-escape",
                "json-lone-high-surrogate", "json-lone-low-surrogate", "schema-duplicate-label-escaped");
        assertThat(failing).doesNotContain("seed-example", "values-java-strings", "unicode-raw", "labels-1000");
        assertThat(r.out()).contains("escapes-short-forms [WRONG_OUTPUT]", "json-bad-escape [MISSED_ERROR]",
                "escapes-in-required-keys [WRONG_KIND]", "expected: JSON_SYNTAX", "FAIL");
        String report = Files.readString(json);
        assertThat(report).contains("\"name\": \"broken+ignores-escapes\"", "\"passed\": false",
                "\"case\": \"escapes-short-forms\"", "\"outcome\": \"WRONG_OUTPUT\"");
    }

    @Test
    void crashesAndHangsAreCountedAsCrashes() {
        Run r = run("--classpath", jar.toString(), "--timeout", "1", "--max-listed", "1000");
        assertThat(r.exit()).isEqualTo(1);
        List<String> shortCases = new ArrayList<>();
        List<String> emptyCases = new ArrayList<>();
        for (CorpusCase c : Corpus.bundled()) {
            if (c.payload().length < 8) {
                shortCases.add(c.name());
            }
            if (c.payload().length == 0) {
                emptyCases.add(c.name());
            }
        }
        assertThat(shortCases).isNotEmpty();
        assertThat(emptyCases).isNotEmpty();
        assertThat(failing(r.out(), "broken+crashes-on-short-payloads")).containsExactlyInAnyOrderElementsOf(shortCases);
        assertThat(failing(r.out(), "broken+hangs-on-empty-payloads")).containsExactlyInAnyOrderElementsOf(emptyCases);
        assertThat(r.out()).contains("java.lang.ArrayIndexOutOfBoundsException", "(hang)");
        // the crash counts are in the table's last column
        Matcher m = Pattern.compile("broken\\+crashes-on-short-payloads .* (\\d+)\\n").matcher(r.out());
        assertThat(m.find()).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(shortCases.size());
        // the real decoders, loaded through the same registry, still pass
        for (String real : io.promsnap.DecoderRegistry.getDefault().names()) {
            assertThat(r.out()).contains(real);
            assertThat(failing(r.out(), real)).as(real).isEmpty();
        }
    }

    @Test
    void runsACorpusDirectoryAndPassesTheBuiltInDecoders(@TempDir Path dir) throws IOException {
        List<CorpusCase> some = Corpus.bundled().stream().filter(c -> c.format() != ContainerFormat.AUTO).limit(60).toList();
        Corpus.write(dir, some, "# a copy\n");
        Path json = dir.resolve("out/report.json");
        Run r = run("--corpus", dir.toString(), "--decoder", "aircompressor+jackson", "--json", json.toString());
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("60 cases from the corpus", "aircompressor+jackson", "PASS");
        assertThat(Files.readString(json)).contains("\"passed\": true", "\"cases\": 60");
    }

    @Test
    void usageErrorsExitWith2() {
        assertThat(run("--decoder", "no-such-decoder").exit()).isEqualTo(2);
        assertThat(run("--corpus", tmp.resolve("missing").toString()).exit()).isEqualTo(2);
        assertThat(run("--classpath", tmp.resolve("missing.jar").toString()).exit()).isEqualTo(2);
        assertThat(run("--bogus").exit()).isEqualTo(2);
    }

    @Test
    void aCorruptExpectationIsReported(@TempDir Path dir) throws IOException {
        CorpusCase seed = Corpus.bundled().get(0);
        CorpusCase wrong = new CorpusCase(seed.name(), seed.format(), seed.policy(), seed.description(), seed.payload(),
                seed.expectedLines().replace("675.0", "675.5"), null, null, -1);
        Corpus.write(dir, List.of(wrong), "");
        Run r = run("--corpus", dir.toString(), "--decoder", "snappy-java+scanner");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("seed-example [WRONG_OUTPUT]", "675.5", "675.0");
    }
}
