package io.promsnap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every command, with a bad value of each of its options: exit 2, a sentence naming the option, no Java
 * class names, and nothing started (no broker, no fork). A coverage check makes a new option without a
 * case here fail the build.
 */
@Timeout(60)
class UsageErrorsTest {

    /** Options whose value is free text or a path to be created: no value is bad for them. */
    private static final Set<String> FREE = Set.of(
            "generate --topic", "generate --output-dir", "generate --json",
            "consume --topic", "consume --group", "consume --dead-letter-topic", "consume --json",
            "capture --topic", "capture --output-dir",
            "broker --data-dir",
            "decode --output-dir",
            "demo --output",
            "bench --json", "bench --summary", "bench --report", "bench --jvm-arg",
            "recommend --json", "recommend --report",
            "gate --baseline", "gate --current", "gate --normalize", "gate --baseline-jar", "gate --candidate-jar",
            "gate --baseline-jvm-arg", "gate --candidate-jvm-arg", "gate --work-dir",
            "gate --record", "gate --commit", "gate --markdown",
            "conformance --json",
            "relay --topic", "relay --group", "relay --output-topic", "relay --dead-letter-topic", "relay --json");

    /** The other arguments a command needs, so that the bad value is the only thing wrong. */
    private static final Map<String, List<String>> BASE = Map.of(
            "consume", List.of("--topic", "t", "--bootstrap-server", "127.0.0.1:1"),
            "capture", List.of("--topic", "t", "--output-dir", "/tmp/promsnap-never-written", "--messages", "1",
                    "--bootstrap-server", "127.0.0.1:1"),
            "decode", List.of("/promsnap/no-such-file.bin"),
            "relay", List.of("--topic", "t", "--bootstrap-server", "127.0.0.1:1", "--to", "remote-write",
                    "--url", "http://127.0.0.1:1/api/v1/write"),
            "recommend", List.of("--corpus", "typical"));

    static Stream<Arguments> badValues() {
        Map<String, String> bad = new LinkedHashMap<>();
        // generate
        bad.put("generate --series", "0");
        bad.put("generate --labels-per-series", "-1");
        bad.put("generate --churn", "-5s");
        bad.put("generate --scrape-interval", "0s");
        bad.put("generate --nan-share", "2");
        bad.put("generate --inf-share", "-0.1");
        bad.put("generate --counter-reset-share", "lots");
        bad.put("generate --value-spelling", "klingon");
        bad.put("generate --values-as", "words");
        bad.put("generate --container", "auto");
        bad.put("generate --format", "zip");
        bad.put("generate --seed", "seven");
        bad.put("generate --start-time", "garbage");
        bad.put("generate --filter", "x=(");
        bad.put("generate --label", "novalue");
        bad.put("generate --batch-samples", "0");
        bad.put("generate --batch-bytes", "1");
        bad.put("generate --linger-ms", "-1");
        bad.put("generate --bootstrap-server", "notaport");
        bad.put("generate --command-config", "/promsnap/no-such.properties");
        bad.put("generate --partitions", "-3");
        bad.put("generate --producer-property", "novalue");
        bad.put("generate --rate", "-5");
        bad.put("generate --duration", "-5s");
        bad.put("generate --samples", "-1");
        bad.put("generate --delivery-timeout", "0s");
        bad.put("generate --instance", "4/3");
        // consume
        bad.put("consume --bootstrap-server", "notaport");
        bad.put("consume --command-config", "/promsnap/no-such.properties");
        bad.put("consume --decoder", "nosuch");
        bad.put("consume --container", "zip");
        bad.put("consume --format", "zip");
        bad.put("consume --on-error", "nosuch");
        bad.put("consume --max-messages", "-1");
        bad.put("consume --idle-timeout", "-5s");
        bad.put("consume --connect-timeout", "0");
        bad.put("consume --consumer-property", "novalue");
        bad.put("consume --threads", "0");
        bad.put("consume --match", "{job=~\"(\"}");
        // relay
        bad.put("relay --bootstrap-server", "notaport");
        bad.put("relay --command-config", "/promsnap/no-such.properties");
        bad.put("relay --decoder", "nosuch");
        bad.put("relay --container", "zip");
        bad.put("relay --to", "nowhere");
        bad.put("relay --url", "not a url");
        bad.put("relay --header", "novalue");
        bad.put("relay --basic-auth-file", "/promsnap/no-such-file");
        bad.put("relay --max-samples-per-send", "0");
        bad.put("relay --concurrency", "0");
        bad.put("relay --batch-send-deadline", "-5s");
        bad.put("relay --max-backoff", "-5s");
        bad.put("relay --format", "xml");
        bad.put("relay --producer-property", "novalue");
        bad.put("relay --consumer-property", "novalue");
        bad.put("relay --add-label", "novalue");
        bad.put("relay --on-error", "nosuch");
        bad.put("relay --max-in-flight", "0");
        bad.put("relay --drain-timeout", "-5s");
        bad.put("relay --idle-timeout", "-5s");
        bad.put("relay --connect-timeout", "0");
        bad.put("relay --max-messages", "-1");
        bad.put("relay --match", "{job=~\"(\"}");
        // capture
        bad.put("capture --bootstrap-server", "host:99999");
        bad.put("capture --command-config", "/promsnap/no-such.properties");
        bad.put("capture --messages", "0");
        bad.put("capture --from", "middle");
        bad.put("capture --idle-timeout", "-1s");
        bad.put("capture --connect-timeout", "0");
        bad.put("capture --consumer-property", "=v");
        // broker
        bad.put("broker --port", "99999");
        bad.put("broker --security", "kerberos");
        bad.put("broker --sasl-mechanism", "GSSAPI");
        // decode
        bad.put("decode --decoder", "nosuch");
        bad.put("decode --container", "zip");
        bad.put("decode --format", "zip");
        bad.put("decode --on-error", "nosuch");
        bad.put("decode --match", "job=(");
        // demo
        bad.put("demo --samples", "0");
        // bench, recommend, gate (decoder-bench)
        bad.put("bench --decoder", "nosuch");
        bad.put("bench --corpus", "nosuch");
        bad.put("bench --jvm", "/promsnap/no-such/java");
        bad.put("bench --forks", "0");
        bad.put("bench --match", "{__name__=~\"(\"}");
        bad.put("recommend --corpus", "nosuch");
        bad.put("recommend --jvm", "/promsnap/no-such/java");
        bad.put("gate --max-regression", "150");
        bad.put("gate --score", "fastest");
        bad.put("gate --rounds", "0");
        bad.put("gate --decoder", "nosuch");
        bad.put("gate --corpus", "nosuch");
        bad.put("gate --jvm", "/promsnap/no-such/java");
        bad.put("gate --history", "0");
        bad.put("gate --max-alloc-increase", "-1");
        bad.put("gate --max-alloc-increase-pct", "lots");
        // conformance
        bad.put("conformance --decoder", "nosuch");
        bad.put("conformance --corpus", "/promsnap/no-such-dir");
        bad.put("conformance --classpath", "/promsnap/no-such.jar");
        bad.put("conformance --timeout", "0");
        bad.put("conformance --max-listed", "-1");
        return bad.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    record Result(int exit, String err) {
    }

    /** Runs through Main's command line, capturing the error writer and System.err (where Kafka and generate print). */
    static Result run(List<String> args) {
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream sysErr = new ByteArrayOutputStream();
        System.setErr(new PrintStream(sysErr, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            CommandLine cl = Main.commandLine();
            StringWriter err = new StringWriter();
            cl.setErr(new PrintWriter(err, true));
            cl.setOut(new PrintWriter(new StringWriter(), true));
            int exit = cl.execute(args.toArray(String[]::new));
            return new Result(exit, err + sysErr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badValues")
    void aBadValueIsAUsageErrorNamingTheOption(String commandAndOption, String value) {
        String[] co = commandAndOption.split(" ");
        List<String> args = new ArrayList<>();
        args.add(co[0]);
        List<String> base = BASE.getOrDefault(co[0], List.of());
        for (int i = 0; i < base.size(); i++) {
            if (base.get(i).equals(co[1])) {
                i++; // the option under test replaces the base one
            } else {
                args.add(base.get(i));
            }
        }
        args.add(co[1]);
        args.add(value);
        long t0 = System.nanoTime();
        Result r = run(args);
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).as("names the option").contains(co[1]);
        assertThat(r.err()).doesNotContain("java.").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.err().lines().count()).as(r.err()).isLessThanOrEqualTo(2);
        assertThat(r.err()).doesNotContain("started an embedded broker");
        assertThat((System.nanoTime() - t0) / 1e9).as("nothing was started").isLessThan(10);
    }

    /** Every option that takes a value, of every command, has a bad-value case above or is free text. */
    @Test
    void everyOptionOfEveryCommandIsCovered() {
        Set<String> covered = new LinkedHashSet<>();
        badValues().forEach(a -> covered.add((String) a.get()[0]));
        covered.addAll(FREE);
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, CommandLine> e : Main.commandLine().getSubcommands().entrySet()) {
            for (OptionSpec o : e.getValue().getCommandSpec().options()) {
                if (o.arity().max() == 0 || o.usageHelp() || o.versionHelp()) {
                    continue;
                }
                for (String name : o.names()) {
                    if (name.startsWith("--") && !covered.contains(e.getKey() + " " + name)
                            && Arrays.asList(o.names()).stream().noneMatch(n -> covered.contains(e.getKey() + " " + n))) {
                        missing.add(e.getKey() + " " + name);
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void brokerOnAPortInUseSaysSoInOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Result r = run(List.of("broker", "--port", Integer.toString(taken.getLocalPort())));
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err().strip()).isEqualTo("promsnap broker: port " + taken.getLocalPort()
                    + " on 127.0.0.1 is in use; choose another --port, or 0 for a free one");
        }
    }

    @Test
    void exclusiveOptionsAreUsageErrorsBeforeAnythingStarts() {
        Result r = run(List.of("generate", "--output-dir", "/tmp/promsnap-never-written", "--bootstrap-server",
                "127.0.0.1:1"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--output-dir and --bootstrap-server are exclusive");
        assertThat(new java.io.File("/tmp/promsnap-never-written")).doesNotExist();
    }

    @Test
    void theOldFormatSpellingStillWorksAndAnyCase(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path seed = CliTest.corpusFile(dir, "seed-example.raw.bin");
        assertThat(CliTest.run("decode", "--format", "RAW", seed.toString()).exit()).isZero();
        assertThat(CliTest.run("decode", "--container", "Auto", seed.toString()).exit()).isZero();
        java.nio.file.Path out = dir.resolve("gen");
        assertThat(CliTest.run("generate", "--output-dir", out.toString(), "--samples", "10", "--container", "framed",
                "--quiet").exit()).isZero();
    }
}
