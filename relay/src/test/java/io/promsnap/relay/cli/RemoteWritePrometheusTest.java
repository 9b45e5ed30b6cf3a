package io.promsnap.relay.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promsnap.DecoderConfig;
import io.promsnap.DecoderRegistry;
import io.promsnap.PayloadDecoder;
import io.promsnap.broker.EmbeddedKafkaBroker;
import io.promsnap.broker.EmbeddedKafkaExtension;
import io.promsnap.relay.cli.FaultProxy.Action;
import io.promsnap.relay.cli.RelayTestSupport.Point;
import io.promsnap.loadgen.cli.KafkaTestSupport.Run;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static io.promsnap.relay.cli.RelayTestSupport.generate;
import static io.promsnap.broker.TopicRecords.readAll;
import static io.promsnap.loadgen.cli.KafkaTestSupport.run;
import static io.promsnap.relay.cli.RelayTestSupport.inputPoints;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --to remote-write} into a real Prometheus server (one broker and one Prometheus per test, which
 * skip with what to install when there is no prometheus binary). The load generator fills a topic with
 * {@code --start-time now}, the relay forwards it, and every sample is read back through Prometheus' query
 * API with its value and timestamp. Then under faults: the receiver down for 10 s; a 500 (before and after
 * the receiver stored the request) and a 400; the relay killed with SIGKILL. Each time every sample ends
 * up stored, the duplicates are counted and explained, and nothing was committed ahead of what was sent.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
@Timeout(150)
class RemoteWritePrometheusTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern IN_FLIGHT = Pattern.compile("in_flight=(\\d+)");
    static final Pattern COMMITTED = Pattern.compile("committed=(\\d+)");

    /** A message of the input topic and the samples it holds. */
    record Message(TopicPartition tp, long offset, List<Point> points) {
    }

    static List<Message> messages(String bootstrap, String topic) {
        List<Message> out = new ArrayList<>();
        try (PayloadDecoder d = DecoderRegistry.getDefault().create("aircompressor+scanner", DecoderConfig.defaults())) {
            for (ConsumerRecord<byte[], byte[]> r : readAll(bootstrap, topic)) {
                List<Point> pts = d.decodeBatch(r.value()).samples().stream().map(s -> Point.of(s, Map.of())).toList();
                out.add(new Message(new TopicPartition(r.topic(), r.partition()), r.offset(), expected(pts)));
            }
        }
        return out;
    }

    static List<Point> all(List<Message> ms) {
        return ms.stream().flatMap(m -> m.points().stream()).toList();
    }

    /** The samples of the messages the group committed (offsets below its committed offset). */
    static List<Point> committedPoints(String bootstrap, String group, List<Message> ms) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            List<Point> out = new ArrayList<>();
            for (Message m : ms) {
                OffsetAndMetadata o = committed.get(m.tp());
                if (o != null && m.offset() < o.offset()) {
                    out.addAll(m.points());
                }
            }
            return out;
        }
    }

    @Test
    void everySampleArrivesWithItsValueAndTimestamp(EmbeddedKafkaBroker broker, @TempDir Path dir) throws Exception {
        try (PrometheusServer prom = PrometheusServer.start(dir)) {
            generate(broker.bootstrapServers(), "rw-plain", "--partitions", "3", "--series", "300", "--samples", "6000",
                    "--batch-samples", "200", "--start-time", "now", "--nan-share", "0.01", "--inf-share", "0.01", "--seed", "3");
            List<Point> expected = expected(inputPoints(broker.bootstrapServers(), "rw-plain", Map.of("relay", "promsnap")));
            Path json = dir.resolve("summary.json");
            Run r = run(new RelayCommand(), "--bootstrap-server", broker.bootstrapServers(), "--topic", "rw-plain",
                    "--to", "remote-write", "--url", prom.writeUrl(), "--add-label", "relay=promsnap",
                    "--max-samples-per-send", "500", "--idle-timeout", "2s", "--json", json.toString());
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("messages=30 decoded=30", "samples_in=6000 samples_sent=6000", "samples_rejected=0",
                    "samples_unacknowledged=0", "committed=30");
            assertThat(r.err()).contains("relaying rw-plain", "in=", "lag=");
            JsonNode summary = JSON.readTree(Files.readString(json));
            assertThat(summary.get("samples_sent").asLong()).isEqualTo(6000);
            assertThat(summary.get("retries").asLong()).isZero();

            Readback rb = readBack(prom, expected);
            assertThat(rb.missing).isEmpty();
            assertThat(rb.unexpected).isEmpty();
            assertThat(rb.distinct).isEqualTo(6000);
            System.out.println("remote-write into Prometheus: " + r.out().strip() + "; read back " + rb.distinct
                    + " distinct samples of " + rb.series + " series, 0 missing");
        }
    }

    /**
     * {@code --basic-auth-file} against a Prometheus that requires basic authentication on every endpoint:
     * with the right password every sample is stored; with a wrong one the receiver's 401 is a rejection
     * (exit 1, nothing committed), and neither password is ever printed.
     */
    @Test
    void basicAuthenticationIsSentAndAWrongPasswordIsARejection(EmbeddedKafkaBroker broker, @TempDir Path dir) throws Exception {
        // bcrypt (cost 4) of "relay-test-pw", as Prometheus' web config wants it
        String hash = "$2b$04$yny0KQ0dDwzAEA9CKveu8OAtp63Jjm.FmyZ3eW27.iN8TBvHftp2e";
        try (PrometheusServer prom = PrometheusServer.startWithBasicAuth(dir, "relay", "relay-test-pw", hash)) {
            String topic = "rw-auth";
            generate(broker.bootstrapServers(), topic, "--partitions", "1", "--series", "100", "--samples", "2000",
                    "--batch-samples", "200", "--start-time", "now", "--seed", "31");
            List<Point> expected = expected(inputPoints(broker.bootstrapServers(), topic, Map.of()));
            Path wrong = Files.writeString(dir.resolve("wrong.auth"), "relay:not-the-pw-9z\n");
            Run denied = run(new RelayCommand(), "--bootstrap-server", broker.bootstrapServers(), "--topic", topic,
                    "--group", "auth-wrong", "--to", "remote-write", "--url", prom.writeUrl(), "--basic-auth-file",
                    wrong.toString(), "--idle-timeout", "2s");
            assertThat(denied.exit()).as(denied.err()).isEqualTo(1);
            assertThat(denied.err()).contains("HTTP 401");
            assertThat(stat(denied.out(), "samples_sent")).isZero();
            assertThat(stat(denied.out(), "committed")).isZero();
            assertThat(denied.out() + denied.err()).doesNotContain("not-the-pw-9z").doesNotContain("relay-test-pw");

            Path right = Files.writeString(dir.resolve("relay.auth"), "relay:relay-test-pw\n");
            Run r = run(new RelayCommand(), "--bootstrap-server", broker.bootstrapServers(), "--topic", topic,
                    "--group", "auth-right", "--to", "remote-write", "--url", prom.writeUrl(), "--basic-auth-file",
                    right.toString(), "--idle-timeout", "2s");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("samples_in=2000 samples_sent=2000", "samples_rejected=0", "committed=10");
            assertThat(r.out() + r.err()).doesNotContain("relay-test-pw");
            Readback rb = readBack(prom, expected);
            assertThat(rb.missing).isEmpty();
            assertThat(rb.distinct).isEqualTo(2000);
        }
    }

    record Readback(Set<Point> missing, Set<Point> unexpected, int distinct, int series) {
    }

    /** What Prometheus stores: empty-valued labels are no labels. */
    static List<Point> expected(List<Point> input) {
        return input.stream().map(p -> {
            Map<String, String> l = new TreeMap<>(p.labels());
            l.values().removeIf(String::isEmpty);
            return new Point(p.name(), l, p.value(), p.timestamp());
        }).toList();
    }

    static Readback readBack(PrometheusServer prom, List<Point> expected) throws Exception {
        long min = expected.stream().mapToLong(Point::timestamp).min().orElseThrow();
        long max = expected.stream().mapToLong(Point::timestamp).max().orElseThrow();
        List<Point> stored = prom.readBack(min - 1, max);
        Set<Point> storedSet = new HashSet<>(stored);
        assertThat(storedSet).as("Prometheus returns one sample per series and timestamp").hasSameSizeAs(stored);
        Set<Point> want = new HashSet<>(expected);
        Set<Point> missing = new HashSet<>(want);
        missing.removeAll(storedSet);
        Set<Point> unexpected = new HashSet<>(storedSet);
        unexpected.removeAll(want);
        Map<String, Integer> series = new HashMap<>();
        stored.forEach(p -> series.merge(p.series(), 1, Integer::sum));
        return new Readback(missing, unexpected, storedSet.size(), series.size());
    }

    @Test
    void receiverStoppedForTenSecondsMidRun(EmbeddedKafkaBroker broker, @TempDir Path dir) throws Exception {
        try (PrometheusServer prom = PrometheusServer.start(dir)) {
            String topic = "rw-outage";
            generate(broker.bootstrapServers(), topic, "--partitions", "2", "--samples", "200", "--series", "200",
                    "--batch-samples", "100", "--start-time", "now", "--seed", "11");
            Thread gen = new Thread(() -> generate(broker.bootstrapServers(), topic, "--series", "200", "--samples", "12000",
                    "--rate", "1000", "--batch-samples", "100", "--start-time", "now", "--seed", "12"));
            AtomicReference<Run> relay = new AtomicReference<>();
            Thread rel = new Thread(() -> relay.set(run(new RelayCommand(), "--bootstrap-server", broker.bootstrapServers(),
                    "--topic", topic, "--to", "remote-write", "--url", prom.writeUrl(), "--max-in-flight", "1000",
                    "--max-backoff", "1s", "--idle-timeout", "2s")));
            gen.start();
            rel.start();
            Thread.sleep(3000);
            prom.stop();
            long down = System.nanoTime();
            Thread.sleep(10_000);
            prom.start();
            long downFor = System.nanoTime() - down;
            gen.join(60_000);
            rel.join(90_000);
            assertThat(rel.isAlive()).isFalse();
            Run r = relay.get();
            assertThat(r.exit()).as(r.err()).isZero();
            List<Point> want = all(messages(broker.bootstrapServers(), topic));
            assertThat(want).hasSize(12200);
            assertThat(r.out()).contains("samples_in=12200 samples_sent=12200", "samples_rejected=0", "samples_unacknowledged=0");
            long retries = stat(r.out(), "retries");
            assertThat(retries).isPositive();
            // bounded memory: fetching paused at --max-in-flight (plus at most one message of 100 samples)
            Matcher m = IN_FLIGHT.matcher(r.err());
            long maxInFlight = 0;
            while (m.find()) {
                maxInFlight = Math.max(maxInFlight, Long.parseLong(m.group(1)));
            }
            assertThat(maxInFlight).isPositive().isLessThanOrEqualTo(1100);
            Readback rb = readBack(prom, want);
            assertThat(rb.missing()).isEmpty();
            assertThat(rb.unexpected()).isEmpty();
            System.out.printf("receiver down %.1f s: %s; read back %d distinct of %d; max in flight %d; retries %d%n",
                    downFor / 1e9, r.out().strip(), rb.distinct(), want.size(), maxInFlight, retries);
        }
    }

    @Test
    void http500IsRetriedAndA400StopsWithoutCommittingIt(EmbeddedKafkaBroker broker, @TempDir Path dir) throws Exception {
        try (PrometheusServer prom = PrometheusServer.start(dir)) {
            String topic = "rw-errors";
            generate(broker.bootstrapServers(), topic, "--partitions", "1", "--series", "300", "--samples", "6000",
                    "--batch-samples", "200", "--start-time", "now", "--seed", "21");
            List<Message> ms = messages(broker.bootstrapServers(), topic);
            List<Point> want = all(ms);
            Run first;
            FaultProxy proxy = new FaultProxy(prom.writeUrl(), n -> switch (n) {
                case 2 -> Action.FORWARD_THEN_500;
                case 4 -> Action.FAIL_500;
                case 7 -> Action.REJECT_400;
                default -> Action.FORWARD;
            });
            try (proxy) {
                first = run(new RelayCommand(), "--bootstrap-server", broker.bootstrapServers(), "--topic", topic,
                        "--group", "errors", "--to", "remote-write", "--url", proxy.url(), "--concurrency", "1",
                        "--max-samples-per-send", "300", "--max-in-flight", "1000", "--idle-timeout", "2s");
            }
            assertThat(first.exit()).as(first.err()).isEqualTo(1);
            assertThat(first.err()).contains("HTTP 400 for 300 samples: injected rejection: bad request number 7",
                    "--on-error fail");
            assertThat(stat(first.out(), "retries")).isEqualTo(2);
            assertThat(first.out()).as("why the newest retry was made").contains(
                    "last_retry=\"HTTP 500: injected failure before forwarding\"");
            assertThat(stat(first.out(), "samples_rejected")).isEqualTo(300);
            // nothing committed ahead of what was sent: every sample of a committed message is stored
            List<Point> committed = committedPoints(broker.bootstrapServers(), "errors", ms);
            assertThat(committed).isNotEmpty().hasSizeLessThan(want.size());
            assertThat(readBack(prom, committed).missing()).isEmpty();

            Run second = run(new RelayCommand(), "--bootstrap-server", broker.bootstrapServers(), "--topic", topic,
                    "--group", "errors", "--to", "remote-write", "--url", prom.writeUrl(), "--idle-timeout", "2s");
            assertThat(second.exit()).as(second.err()).isZero();
            assertThat(stat(second.out(), "samples_sent")).isEqualTo(want.size() - committed.size());
            Readback rb = readBack(prom, want);
            assertThat(rb.missing()).isEmpty();
            assertThat(rb.unexpected()).isEmpty();
            // duplicates: the request stored and then answered 500 (sent again), and what the first run
            // delivered past its last commit (the second run starts at the committed offset)
            long stored = proxy.forwardedSamples.get() + stat(second.out(), "samples_sent");
            long duplicates = stored - want.size();
            assertThat(duplicates).isEqualTo(proxy.forwardedThenFailedSamples.get()
                    + stat(first.out(), "samples_sent") - committed.size());
            System.out.printf("500/400 faults: first run %s; second run %s; samples stored %d for %d distinct: %d duplicates "
                            + "= %d stored-then-500 + %d delivered past the last commit%n", first.out().strip(),
                    second.out().strip(), stored, want.size(), duplicates, proxy.forwardedThenFailedSamples.get(),
                    stat(first.out(), "samples_sent") - committed.size());
        }
    }

    private static Process child(EmbeddedKafkaBroker broker, String topic, String group, String url) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                RelayMain.class.getName(), "--bootstrap-server", broker.bootstrapServers(), "--topic", topic,
                "--group", group, "--to", "remote-write", "--url", url, "--concurrency", "1",
                "--max-samples-per-send", "100", "--batch-send-deadline", "10ms", "--max-in-flight", "500")
                .redirectErrorStream(true).start();
    }

    /** Reads the child's output until a progress line shows at least this many committed messages. */
    private static void awaitCommitted(BufferedReader in, StringBuilder log, long atLeast) throws Exception {
        String line;
        while ((line = in.readLine()) != null) {
            log.append(line).append('\n');
            Matcher m = COMMITTED.matcher(line);
            if (line.startsWith("[") && m.find() && Long.parseLong(m.group(1)) >= atLeast) {
                return;
            }
        }
        throw new AssertionError("the relay ended before committing " + atLeast + " messages:\n" + log);
    }

    @Test
    void sigtermDrainsAndCommitsSigkillLosesNothing(EmbeddedKafkaBroker broker, @TempDir Path dir) throws Exception {
        try (PrometheusServer prom = PrometheusServer.start(dir)) {
            String topic = "rw-kill";
            generate(broker.bootstrapServers(), topic, "--partitions", "2", "--series", "300", "--samples", "6000",
                    "--batch-samples", "100", "--start-time", "now", "--seed", "31");
            List<Message> ms = messages(broker.bootstrapServers(), topic);
            List<Point> want = all(ms);
            List<Point> committed;
            int presentBefore;
            long termSent;
            try (FaultProxy slow = new FaultProxy(prom.writeUrl(), n -> Action.FORWARD)) {
                slow.delayMillis = 100; // requests of 100 samples, ~10 per second: the signals land mid-run

                // SIGTERM: stop fetching, drain what is in flight, commit it all, print the summary
                Process term = child(broker, topic, "killed", slow.url());
                StringBuilder termLog = new StringBuilder();
                try (BufferedReader in = new BufferedReader(new InputStreamReader(term.getInputStream(), StandardCharsets.UTF_8))) {
                    awaitCommitted(in, termLog, 5);
                    // SIGTERM through kill(1): Process.destroy() would also close the streams we still read
                    assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(term.pid())).start()
                            .waitFor(10, TimeUnit.SECONDS)).isTrue();
                    String line;
                    while ((line = in.readLine()) != null) {
                        termLog.append(line).append('\n');
                    }
                }
                assertThat(term.waitFor(60, TimeUnit.SECONDS)).isTrue();
                String summary = termLog.substring(termLog.lastIndexOf("messages="));
                assertThat(summary).as(termLog.toString()).contains("samples_unacknowledged=0", "samples_rejected=0");
                termSent = stat(summary, "samples_sent");
                // in flight at the signal: at most --max-in-flight plus one message, all of it sent before exit
                assertThat(termSent).isLessThan(want.size());
                // every sample sent belongs to a committed message, and every committed one was sent
                assertThat(committedPoints(broker.bootstrapServers(), "killed", ms)).as(termLog.toString()).hasSize((int) termSent);

                // SIGKILL: no drain, no final commit
                Process kill = child(broker, topic, "killed", slow.url());
                StringBuilder log = new StringBuilder();
                try (BufferedReader in = new BufferedReader(new InputStreamReader(kill.getInputStream(), StandardCharsets.UTF_8))) {
                    awaitCommitted(in, log, 10);
                    kill.destroyForcibly();
                    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
                }
                assertThat(kill.exitValue()).as(log.toString()).isEqualTo(137);
                committed = committedPoints(broker.bootstrapServers(), "killed", ms);
                assertThat(committed).as(log.toString()).hasSizeGreaterThan((int) termSent).hasSizeLessThan(want.size());
                // nothing committed ahead of what was sent
                Readback before = readBack(prom, want);
                Set<Point> missing = new HashSet<>(before.missing());
                missing.retainAll(new HashSet<>(committed));
                assertThat(missing).isEmpty();
                presentBefore = before.distinct();
            }
            Run second = run(new RelayCommand(), "--bootstrap-server", broker.bootstrapServers(), "--topic", topic,
                    "--group", "killed", "--to", "remote-write", "--url", prom.writeUrl(), "--idle-timeout", "2s");
            assertThat(second.exit()).as(second.err()).isZero();
            long resent = stat(second.out(), "samples_sent");
            assertThat(resent).isEqualTo(want.size() - committed.size());
            Readback rb = readBack(prom, want);
            assertThat(rb.missing()).isEmpty();
            assertThat(rb.unexpected()).isEmpty();
            // duplicates: the samples the killed relay had delivered for messages it had not committed yet
            long duplicates = presentBefore - committed.size();
            assertThat(duplicates).isNotNegative();
            System.out.printf("SIGTERM: %d samples sent, all committed, 0 unacknowledged. SIGKILL: %d samples stored before "
                            + "the kill, %d of them in committed messages; the restart sent %d (%s); %d duplicates "
                            + "(delivered, not yet committed); read back %d distinct of %d%n", termSent,
                    presentBefore, committed.size(), resent, second.out().strip(), duplicates, rb.distinct(), want.size());
        }
    }

    static long stat(String summary, String key) {
        Matcher m = Pattern.compile("\\b" + key + "=(\\d+)").matcher(summary);
        if (!m.find()) {
            throw new AssertionError(key + " not in " + summary);
        }
        return Long.parseLong(m.group(1));
    }
}
