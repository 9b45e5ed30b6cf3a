package io.promsnap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.promsnap.broker.EmbeddedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C and SIGTERM are how {@code consume} stops by default: a real child JVM gets the real signal,
 * several times, and every time the summary line is printed and the offsets are committed before it exits.
 */
@Timeout(300)
class ConsumeSignalTest {
    private static final String TOPIC = "signals";
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.builder().build().start();
        assertThat(Main.run("generate", "--bootstrap-server", broker.bootstrapServers(), "--topic", TOPIC,
                "--partitions", "2", "--samples", "2000", "--batch-samples", "100", "--quiet")).isZero();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void sigtermKeepsTheSummaryAndTheCommit(@TempDir Path tmp) throws Exception {
        for (int i = 0; i < 3; i++) {
            stopWith("TERM", "g-term-" + i, tmp);
        }
    }

    @Test
    void sigtermWithThreadsCommitsEveryThreadsWorkAndPrintsTheSummary(@TempDir Path tmp) throws Exception {
        stopWith("TERM", "g-term-threads", tmp, "--threads", "3");
    }

    @Test
    void sigintKeepsTheSummaryAndTheCommit(@TempDir Path tmp) throws Exception {
        for (int i = 0; i < 3; i++) {
            stopWith("INT", "g-int-" + i, tmp);
        }
    }

    private static void stopWith(String signal, String group, Path tmp, String... extra) throws Exception {
        Path out = tmp.resolve(group + ".out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(childPrefix(signal));
        cmd.addAll(List.of(java, "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "consume", "--bootstrap-server",
                broker.bootstrapServers(), "--topic", TOPIC, "--group", group));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).start();
        try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            // wait until every message was read (the progress line says so), then signal
            String line;
            StringBuilder seen = new StringBuilder();
            while ((line = err.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.contains("messages=20 ")) {
                    break;
                }
            }
            assertThat(line).as(seen.toString()).isNotNull();
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
            assertThat(kill.waitFor()).isZero();
            new Thread(() -> err.lines().forEach(l -> { })).start(); // drain
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exited after SIG" + signal).isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(Files.readString(out)).as("stdout after SIG" + signal)
                .contains("messages=20 decoded=20 rejected=0 samples=2000 tombstones=0");
        assertThat(committed(group)).isEqualTo(20);
    }

    /**
     * A process started with SIGINT ignored (any child of a non-interactive shell's background job, e.g. {@code mvn
     * verify &} in a script) passes that on to its children, and a JVM started so installs no SIGINT handler:
     * Ctrl-C cannot reach such a consume, rightly, and the test would hang on the environment rather than the code.
     * So the child gets SIGINT's default disposition back ({@code env --default-signal}, coreutils 8.31+), or the test
     * is skipped saying why; a consume that ignores a signal it can receive still fails it.
     */
    private static List<String> childPrefix(String signal) throws Exception {
        if (!"INT".equals(signal) || !sigintIgnoredHere()) {
            return List.of();
        }
        Process probe = new ProcessBuilder("env", "--default-signal=INT", "true").redirectErrorStream(true).start();
        boolean ok = probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        probe.destroyForcibly();
        Assumptions.assumeTrue(ok, "SIGINT is ignored in this process (started in a background job) and `env "
                + "--default-signal` is not available to give a child the default back");
        return List.of("env", "--default-signal=INT");
    }

    /** Bit 1 of {@code SigIgn} in /proc/self/status is SIGINT (signal 2); without /proc, assume it is not ignored. */
    static boolean sigintIgnoredHere() throws Exception {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & 0x2L) != 0;
            }
        }
        return false;
    }

    private static long committed(String group) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> m = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            return m.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        }
    }
}
