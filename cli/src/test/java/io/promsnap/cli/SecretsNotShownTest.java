package io.promsnap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import io.promsnap.broker.EmbeddedKafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret shown: every client command runs as the real CLI (a child JVM through {@link Main#main}, the
 * shipped logging configuration, Kafka's own loggers raised to INFO so that the clients' config dumps
 * are printed too) with a client configuration holding a known password and JAAS string, against
 * (a) a broker that demands SASL_SSL, (b) a broker without SASL or TLS, (c) a closed port. All of stdout,
 * stderr, every file the run wrote (its working and temporary directory: {@code --json} summaries,
 * captured payloads, ...) and the dead-letter records are searched for the password, the JAAS string and
 * the truststore password. The list of what was searched is printed and kept in
 * {@code target/secrets-not-shown.txt}.
 *
 * <p>A new client command is one more entry in {@link #COMMANDS}.
 */
@Timeout(900)
class SecretsNotShownTest {
    /** The password in the configuration every run gets (the SASL broker's user has it). */
    static final String PASSWORD = "Kn0wn-Pa55word-for-the-secrets-test";
    private static final String TOPIC = "secrets";

    /** One client command: its arguments for a target (bootstrap, config file, a directory for its files). */
    record ClientCommand(String name, Function<Target, List<String>> args) {
    }

    /**
     * Where a run points: the bootstrap address, the --command-config file, its own working directory, and
     * the timeout for its connection/delivery options (short where the run is meant to fail).
     */
    record Target(String name, String bootstrap, Path config, Path workDir, String timeout) {
        String file(String name) {
            return workDir.resolve(name).toString();
        }
    }

    private static final String RELAYED = "secrets-relayed";

    /** Every command that takes client properties. Others append here (relay, ...). */
    static final List<ClientCommand> COMMANDS = new ArrayList<>(List.of(
            new ClientCommand("generate", t -> List.of("generate", "--bootstrap-server", t.bootstrap(),
                    "--command-config", t.config().toString(), "--topic", TOPIC, "--samples", "2000",
                    "--batch-samples", "500", "--json", t.file("generate-summary.json"), "--delivery-timeout", t.timeout())),
            new ClientCommand("consume", t -> List.of("consume", "--bootstrap-server", t.bootstrap(),
                    "--command-config", t.config().toString(), "--topic", TOPIC, "--group", "secrets-" + t.name(),
                    "--on-error", "dead-letter", "--idle-timeout", "2s", "--connect-timeout", t.timeout())),
            new ClientCommand("capture", t -> List.of("capture", "--bootstrap-server", t.bootstrap(),
                    "--command-config", t.config().toString(), "--topic", TOPIC, "--messages", "2",
                    "--output-dir", t.file("captured"), "--connect-timeout", t.timeout(), "--idle-timeout", "3s")),
            new ClientCommand("relay", t -> List.of("relay", "--bootstrap-server", t.bootstrap(),
                    "--command-config", t.config().toString(), "--topic", TOPIC, "--group", "relay-" + t.name(),
                    "--to", "kafka", "--output-topic", RELAYED, "--format", "jsonl", "--on-error", "dead-letter",
                    "--json", t.file("relay-summary.json"), "--idle-timeout", "3s", "--connect-timeout", t.timeout()))));

    @TempDir
    static Path tmp;
    static EmbeddedKafkaBroker sasl;
    static EmbeddedKafkaBroker plain;
    static Path config;
    static String jaas;
    static String truststorePassword;
    static final List<String> searched = java.util.Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() throws Exception {
        sasl = EmbeddedKafkaBroker.builder().security(EmbeddedKafkaBroker.Security.SASL_SSL).saslPassword(PASSWORD).build().start();
        plain = EmbeddedKafkaBroker.builder().build().start();
        Properties p = sasl.clientProperties();
        jaas = p.getProperty("sasl.jaas.config");
        truststorePassword = p.getProperty("ssl.truststore.password");
        assertThat(jaas).contains(PASSWORD);
        config = sasl.clientConfigFile();
        // one message no decoder accepts, so that consume writes a dead-letter record
        p.put("bootstrap.servers", sasl.bootstrapServers());
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
            // relay's output topic exists before its idempotent producer starts (no leader election mid-send)
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(RELAYED, 1, (short) 1))).all()
                    .get(60, TimeUnit.SECONDS);
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, "not a snappy payload".getBytes(StandardCharsets.UTF_8))).get(60, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (sasl != null) {
            sasl.close();
        }
        if (plain != null) {
            plain.close();
        }
        List<String> sorted = new ArrayList<>(searched);
        java.util.Collections.sort(sorted);
        String list = String.join("\n", sorted);
        System.out.println("searched for the password, the JAAS string and the truststore password in:\n" + list);
        Path keep = Path.of("target", "secrets-not-shown.txt");
        Files.createDirectories(keep.getParent());
        Files.writeString(keep, list + "\n");
    }

    @Test
    void noClientCommandShowsASecretAgainstAnyTarget() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        List<String[]> targets = List.of(new String[] {"sasl-ssl-broker", sasl.bootstrapServers()},
                new String[] {"plaintext-broker", plain.bootstrapServers()},
                new String[] {"closed-port", "127.0.0.1:" + closedPort});
        // the targets run side by side (each its commands in order): most of a run is waiting for a timeout
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(targets.size());
        List<java.util.concurrent.Future<Boolean>> done = new ArrayList<>();
        try {
            for (String[] t : targets) {
                done.add(pool.submit(() -> runAll(t[0], t[1])));
            }
            boolean sawConfigDump = false;
            for (java.util.concurrent.Future<Boolean> f : done) {
                try {
                    sawConfigDump |= f.get(780, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof AssertionError a) {
                        throw a;
                    }
                    throw e;
                }
            }
            // Kafka's clients printed their full configuration, and it was searched too
            assertThat(sawConfigDump).as("a client config dump (\"ConsumerConfig values:\") was among the output").isTrue();
        } finally {
            pool.shutdownNow();
        }
        assertNoSecret("dead-letter records of " + TOPIC + ".dead-letter", deadLetters());
    }

    /** Every command against one target, in order; whether a client config dump was in the output. */
    private static boolean runAll(String name, String bootstrap) throws Exception {
        boolean sawConfigDump = false;
        for (ClientCommand c : COMMANDS) {
            Path work = Files.createDirectories(tmp.resolve(name + "-" + c.name()));
            // a loaded machine needs more than 5 s for a first TLS connection from a fresh JVM
            Target target = new Target(name, bootstrap, config, work, name.equals("sasl-ssl-broker") ? "60s" : "5s");
            Run r = runCli(work, c.args().apply(target));
            String what = c.name() + " against " + name;
            if (name.equals("sasl-ssl-broker")) {
                // the happy path really ran (else this test would prove nothing about it)
                assertThat(r.exit()).as(what + "\n" + r.stderr()).isZero();
            } else {
                assertThat(r.exit()).as(what + "\n" + r.stderr()).isEqualTo(1);
                // the one line names the cause: TLS spoken to a plain listener, or nothing listening
                String cause = name.equals("closed-port") ? "refuses connections" : "the listener does not speak TLS";
                assertThat(r.stderr().lines().filter(l -> l.startsWith("ERROR ")).toList()).as(what + "\n" + r.stderr())
                        .hasSize(1).allMatch(l -> l.contains(cause) && l.contains(bootstrap));
            }
            sawConfigDump |= r.stderr().contains("Config values:");
            assertNoSecret(what + ": stdout", r.stdout());
            assertNoSecret(what + ": stderr", r.stderr());
            assertNoSecretInFiles(what, work);
        }
        return sawConfigDump;
    }


    @Test
    void brokerPrintsTheClientFilesPathNeverItsContents() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("broker"));
        Path out = work.resolve("stdout");
        Path err = work.resolve("stderr");
        Path data = work.resolve("data");
        Process p = javaMain(work, List.of("broker", "--security", "sasl-ssl", "--data-dir", data.toString()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.readString(out).contains("client properties") && System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(100);
            }
            assertThat(Files.readString(out)).as(Files.readString(err)).contains("client properties");
        } finally {
            p.destroy(); // SIGTERM: the broker's shutdown hook stops it
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        Path clientFile = data.resolve("client.properties");
        assertThat(Files.readString(out)).contains(clientFile.toString());
        Properties written = new Properties();
        try (InputStream in = Files.newInputStream(clientFile)) {
            written.load(in);
        }
        String brokerJaas = written.getProperty("sasl.jaas.config");
        String brokerPassword = brokerJaas.replaceAll(".*password=\"([^\"]+)\".*", "$1");
        assertThat(brokerPassword).hasSizeGreaterThan(10).isNotEqualTo(brokerJaas);
        for (Path f : List.of(out, err)) {
            String text = Files.readString(f);
            searched.add("broker --security sasl-ssl: " + f.getFileName());
            assertThat(text).as("broker " + f.getFileName()).doesNotContain(brokerPassword).doesNotContain(brokerJaas)
                    .doesNotContain(written.getProperty("ssl.truststore.password"));
        }
        // the data directory: everything but the three files that hold the secrets by design
        Set<String> byDesign = Set.of("client.properties", "server.properties", "secrets.properties");
        try (Stream<Path> files = Files.walk(data)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (byDesign.contains(f.getFileName().toString())) {
                    searched.add("broker data (holds the secret by design, not searched): " + data.relativize(f));
                    continue;
                }
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                searched.add("broker data: " + data.relativize(f));
                assertThat(text.contains(brokerPassword)).as("password in " + f).isFalse();
            }
        }
    }

    @Test
    void theSearchFindsASecretWhereOneIs() {
        // the search itself: a line as a leaking command would print it is caught
        String leak = "sasl.jaas.config = " + jaas;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> assertNoSecret("self-check", leak))
                .isInstanceOf(AssertionError.class);
    }

    record Run(int exit, String stdout, String stderr) {
    }

    static ProcessBuilder javaMain(Path work, List<String> args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path temp = Files.createDirectories(work.resolve("java-tmp"));
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                // anything written to the temporary directory lands where this test searches
                "-Djava.io.tmpdir=" + temp,
                // the clients' config dumps ("ConsumerConfig values:") are INFO: print them, so they are searched
                "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients=info",
                "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.common.config=info",
                Main.class.getName()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).directory(work.toFile());
    }

    static Run runCli(Path work, List<String> args) throws Exception {
        Path out = work.resolve("promsnap.stdout");
        Path err = work.resolve("promsnap.stderr");
        long t0 = System.nanoTime();
        Process p = javaMain(work, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        // generous: on a 2-core machine under a load of 30+ a fresh JVM takes half a minute to start
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("promsnap " + String.join(" ", args) + " did not end within 240 s");
        }
        String stdout = Files.readString(out);
        String stderr = Files.readString(err);
        System.out.println("$ promsnap " + String.join(" ", args) + "   -> exit " + p.exitValue()
                + String.format(java.util.Locale.ROOT, " in %.1f s", (System.nanoTime() - t0) / 1e9) + "\n"
                + (stdout + stderr).lines().filter(l -> !l.contains(" INFO ") && !l.startsWith("\t"))
                        .map(l -> "    " + l).reduce("", (a, b) -> a + b + "\n"));
        return new Run(p.exitValue(), stdout, stderr);
    }

    static void assertNoSecret(String where, String text) {
        searched.add(where + " (" + text.length() + " chars)");
        assertThat(text).as(where + " shows the password").doesNotContain(PASSWORD);
        assertThat(text).as(where + " shows the JAAS string").doesNotContain(jaas);
        assertThat(text).as(where + " shows the truststore password").doesNotContain(truststorePassword);
    }

    static void assertNoSecretInFiles(String what, Path work) throws IOException {
        try (Stream<Path> files = Files.walk(work)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.equals("promsnap.stdout") || name.equals("promsnap.stderr")) {
                    continue; // searched above as stdout and stderr
                }
                // bytes as Latin-1: an ASCII secret is found in binary files too
                assertNoSecret(what + ": file " + work.relativize(f), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
    }

    static String deadLetters() {
        Properties p = sasl.clientProperties();
        p.put("bootstrap.servers", sasl.bootstrapServers());
        StringBuilder sb = new StringBuilder();
        int n = 0;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(TOPIC + ".dead-letter", 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (c.position(tp) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    n++;
                    sb.append(new String(r.value(), StandardCharsets.ISO_8859_1)).append('\n');
                    for (Header h : r.headers()) {
                        sb.append(h.key()).append('=').append(new String(h.value(), StandardCharsets.UTF_8)).append('\n');
                    }
                }
            }
        }
        // one bad message, dead-lettered once by every command that runs with --on-error dead-letter (consume, relay)
        Target any = new Target("count", "127.0.0.1:1", Path.of("x"), Path.of("x"), "1s");
        long deadLettering = COMMANDS.stream().filter(c -> c.args().apply(any).contains("dead-letter")).count();
        assertThat(deadLettering).isGreaterThanOrEqualTo(2);
        assertThat(n).as("dead-letter records").isEqualTo(deadLettering);
        assertThat(sb.toString()).contains("promsnap.error=");
        return sb.toString();
    }

}
