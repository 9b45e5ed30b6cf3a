package io.promsnap.loadgen.cli;

import static io.promsnap.loadgen.cli.KafkaTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.promsnap.DecodedBatch;
import io.promsnap.broker.EmbeddedKafkaBroker;
import io.promsnap.broker.EmbeddedKafkaExtension;
import io.promsnap.broker.internal.SelfSignedTls;
import io.promsnap.kafka.PromsnapDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client commands and the Deserializer through a SASL_SSL listener that demands it, with the
 * client.properties the broker wrote; and each way of being refused (wrong password, a truststore of
 * another CA, no TLS at all) ends in one line naming the cause, exit 1, in bounded time.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecuredClusterTest {
    private static final String TOPIC = "secured";
    private static final int SAMPLES = 5000;

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.secured(EmbeddedKafkaBroker.Security.SASL_SSL);

    @TempDir
    static Path tmp;

    static Path wrongPassword;
    static Path foreignCa;
    static Path plaintext;

    @BeforeAll
    static void configs() throws Exception {
        EmbeddedKafkaBroker broker = KAFKA.broker();
        Properties wrong = broker.clientProperties();
        wrong.put("sasl.jaas.config", EmbeddedKafkaBroker.jaas("PLAIN", EmbeddedKafkaBroker.SASL_USER, "not-the-password"));
        wrongPassword = write("wrong-password.properties", wrong);
        Properties foreign = broker.clientProperties();
        SelfSignedTls.Stores other = SelfSignedTls.generate(tmp.resolve("other-ca"), "some other CA");
        foreign.put("ssl.truststore.location", other.truststore().toString());
        foreign.put("ssl.truststore.password", other.truststorePassword());
        foreignCa = write("foreign-ca.properties", foreign);
        // what a user without the file has: the client defaults (PLAINTEXT, no SASL)
        plaintext = write("plaintext.properties", new Properties());
    }

    static Path write(String name, Properties p) throws Exception {
        Path f = tmp.resolve(name);
        try (var w = Files.newBufferedWriter(f)) {
            p.store(w, null);
        }
        return f;
    }

    /** A command's exit, stdout, its error writer and everything on System.err (generate's progress, logs). */
    record Result(int exit, String out, String err, double seconds) {
        String allErr() {
            return err;
        }
    }

    static Result exec(Object command, String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        long t0 = System.nanoTime();
        KafkaTestSupport.Run r;
        try {
            r = run(command, args);
        } finally {
            System.setErr(old);
        }
        String err = r.err() + buf.toString(StandardCharsets.UTF_8);
        System.out.println(command.getClass().getSimpleName() + " " + String.join(" ", args) + "\n  exit " + r.exit()
                + "\n  stdout: " + r.out().strip().replace("\n", "\n          ") + "\n  stderr: " + err.strip().replace("\n", "\n          "));
        return new Result(r.exit(), r.out(), err, (System.nanoTime() - t0) / 1e9);
    }

    @Test
    @Order(1)
    void generateConsumeAndCaptureWorkThroughSaslSsl(EmbeddedKafkaBroker broker) throws Exception {
        String config = broker.clientConfigFile().toString();
        Result g = exec(new GenerateCommand(), "--bootstrap-server", broker.bootstrapServers(), "--command-config", config,
                "--topic", TOPIC, "--partitions", "2", "--samples", Integer.toString(SAMPLES), "--batch-samples", "500", "--quiet");
        assertThat(g.exit()).as(g.err()).isZero();
        assertThat(g.out()).contains(SAMPLES + " samples acknowledged");

        Result c = exec(new ConsumeCommand(), "--bootstrap-server", broker.bootstrapServers(), "--command-config", config,
                "--topic", TOPIC, "--group", "secured-consume", "--idle-timeout", "3s", "--quiet");
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).contains("messages=10 decoded=10 rejected=0 samples=" + SAMPLES + " ");

        Path dir = tmp.resolve("captured");
        Result k = exec(new CaptureCommand(), "--bootstrap-server", broker.bootstrapServers(), "--command-config", config,
                "--topic", TOPIC, "--messages", "3", "--output-dir", dir.toString());
        assertThat(k.exit()).as(k.err()).isZero();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(f -> f.toString().endsWith(".bin")).count()).isEqualTo(3);
        }
    }

    @Test
    @Order(2)
    void theDeserializerDecodesThroughSaslSsl(EmbeddedKafkaBroker broker) {
        // a plain KafkaConsumer, configured the way a user would: client.properties + the Deserializer
        Properties p = broker.clientProperties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "secured-deserializer");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        long samples = 0;
        int messages = 0;
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, PromsnapDeserializer.class.getName());
        try (KafkaConsumer<byte[], DecodedBatch> c = new KafkaConsumer<>(p)) {
            c.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (messages < 10 && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], DecodedBatch> r : c.poll(Duration.ofMillis(200))) {
                    messages++;
                    samples += r.value().samples().size();
                }
            }
        }
        assertThat(messages).isEqualTo(10);
        assertThat(samples).isEqualTo(SAMPLES);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("wrong password", (Supplier<Path>) () -> wrongPassword, "authentication failed at "),
                Arguments.of("unknown CA", (Supplier<Path>) () -> foreignCa, "certificate not trusted at "),
                Arguments.of("plaintext client", (Supplier<Path>) () -> plaintext, "the listener wants TLS"));
    }

    /**
     * A Java exception's name; not the in-process broker's own log lines such as "Exceptionally slow controller
     * event" (a loaded machine), which share this JVM's stderr but are not the command's output.
     */
    private static final java.util.regex.Pattern EXCEPTION = java.util.regex.Pattern.compile("\\w*Exception\\b");

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    @Order(3)
    void everyRefusalIsOneLineNamingTheCauseExitOneInBoundedTime(String what, Supplier<Path> config, String cause,
            EmbeddedKafkaBroker broker) {
        String cfg = config.get().toString();
        List<Result> results = new ArrayList<>();
        // the timeouts bound the plaintext case, where the client sees closed connections and nothing else
        results.add(exec(new GenerateCommand(), "--bootstrap-server", broker.bootstrapServers(), "--command-config", cfg,
                "--topic", TOPIC, "--samples", "1000", "--quiet", "--delivery-timeout", "5s"));
        results.add(exec(new ConsumeCommand(), "--bootstrap-server", broker.bootstrapServers(), "--command-config", cfg,
                "--topic", TOPIC, "--idle-timeout", "3s", "--connect-timeout", "5s", "--quiet"));
        results.add(exec(new CaptureCommand(), "--bootstrap-server", broker.bootstrapServers(), "--command-config", cfg,
                "--topic", TOPIC, "--messages", "1", "--output-dir", tmp.resolve("refused").toString(), "--connect-timeout", "5s"));
        for (Result r : results) {
            assertThat(r.exit()).as(what + ": " + r.err()).isEqualTo(1);
            assertThat(r.seconds()).as(what + ": elapsed").isLessThan(60);
            List<String> errors = r.allErr().lines().filter(l -> l.startsWith("ERROR") || EXCEPTION.matcher(l).find()).toList();
            assertThat(errors).as(what + ": " + r.allErr()).hasSize(1);
            assertThat(errors.get(0)).as(what).contains(cause).contains(broker.bootstrapServers());
            assertThat(r.allErr()).as(what).doesNotContain(broker.saslPassword()).doesNotContain("\tat ");
        }
    }
}
