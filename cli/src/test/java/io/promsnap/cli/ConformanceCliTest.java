package io.promsnap.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code promsnap conformance} is wired into the CLI and passes the built-in decoders on the bundled corpus. */
class ConformanceCliTest {
    record Result(int exit, String out) {
    }

    /**
     * Captures both the CommandLine's writer and System.out, redirected <em>before</em> the CommandLine is
     * built: under surefire, subcommands were seen writing to the System.out of construction time.
     */
    static Result run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        System.setOut(new PrintStream(raw, true, StandardCharsets.UTF_8));
        try {
            CommandLine cl = Main.commandLine();
            StringWriter sw = new StringWriter();
            cl.setOut(new PrintWriter(sw, true));
            cl.setErr(new PrintWriter(new StringWriter(), true));
            int exit = cl.execute(args);
            System.out.flush();
            return new Result(exit, sw + raw.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void bundledCorpusPassesEveryBuiltInDecoder(@TempDir Path tmp) throws Exception {
        Path json = tmp.resolve("conformance.json");
        Result r = run("conformance", "--json", json.toString());
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("cases from the bundled corpus", "aircompressor+scanner", "snappy-java+jackson", "PASS");
        assertThat(Files.readString(json)).contains("\"passed\": true");
    }

    @Test
    void unknownDecoderIsAUsageError() {
        assertThat(run("conformance", "--decoder", "nope").exit()).isEqualTo(2);
    }
}
