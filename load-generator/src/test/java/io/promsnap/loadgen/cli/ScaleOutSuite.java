package io.promsnap.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promsnap.Sample;
import io.promsnap.traffic.ModelConfig;
import io.promsnap.traffic.TrafficModel;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The end-to-end suite, written once and run against whatever cluster a subclass supplies
 * ({@link #target()}): the embedded KRaft broker, a Testcontainers Kafka where Docker answers, or any
 * cluster named by {@code -Dpromsnap.test.bootstrap=HOST:PORT} (and {@code -Dpromsnap.test.command-config=FILE}).
 * Every topic and group gets a fresh name, so a shared cluster is not disturbed.
 */
@Timeout(240) // a hung client must fail the test, not the CI job
abstract class ScaleOutSuite {
    static final int INSTANCES = 3;
    static final int PARTITIONS = 6;
    static final long SAMPLES_PER_INSTANCE = 15_000;

    /** The cluster under test. */
    abstract KafkaTarget target();

    private static String fresh(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void createTopic(String topic) throws Exception {
        // created up front with its partitions: a consumer's metadata request must not auto-create it with one
        try (Admin admin = Admin.create(target().adminProperties())) {
            int brokers = admin.describeCluster().nodes().get(60, TimeUnit.SECONDS).size();
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) Math.min(3, brokers)))).all()
                    .get(60, TimeUnit.SECONDS);
        }
    }

    /** A sample's identity and value: series (name and sorted labels), timestamp and the value's bits. */
    static String key(String name, Map<String, String> labels, long ts, double value) {
        return name + new TreeMap<>(labels) + "@" + ts + "=" + Double.doubleToLongBits(value);
    }

    /** What generator instance {@code i} sends with these flags: the model's first {@code n} samples, recomputed here. */
    private static List<String> expected(String... generateArgs) {
        GenerateCommand cmd = new GenerateCommand();
        new CommandLine(cmd).parseArgs(generateArgs);
        ModelConfig config = cmd.modelConfig();
        long n = cmd.stop.samples;
        TrafficModel model = new TrafficModel(config);
        List<String> out = new ArrayList<>();
        while (out.size() < n) {
            model.step((s, v, ts) -> {
                if (out.size() < n) {
                    out.add(key(s.name(), s.labels(), ts, v));
                }
            });
        }
        return out;
    }

    /** {@code consume --threads n} in this JVM; each thread's samples are collected apart. */
    private record Consumer(ConsumeCommand command, Thread thread, AtomicReference<KafkaTestSupport.Run> result,
                            Map<Integer, List<String>> perThread) {
        static Consumer start(List<String> args) {
            ConsumeCommand c = new ConsumeCommand();
            Map<Integer, List<String>> per = Collections.synchronizedMap(new HashMap<>());
            c.tap = thread -> {
                List<String> mine = Collections.synchronizedList(new ArrayList<>());
                per.put(thread, mine);
                return s -> {
                    Sample x = s.toSample();
                    mine.add(key(x.name().toString(), x.labels(), x.timestampMillis(), x.value()));
                };
            };
            AtomicReference<KafkaTestSupport.Run> r = new AtomicReference<>();
            Thread t = new Thread(() -> r.set(KafkaTestSupport.run(c, args.toArray(new String[0]))), "consume-under-test");
            t.start();
            return new Consumer(c, t, r, per);
        }

        /** Waits for {@code messages}, then a little longer (a duplicate would show up), then stops as Ctrl-C does. */
        KafkaTestSupport.Run stopAfter(long messages, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (command.messages() < messages && System.nanoTime() < deadline && thread.isAlive()) {
                Thread.sleep(100);
            }
            Thread.sleep(1500);
            command.requestStop();
            thread.join(60_000);
            assertThat(thread.isAlive()).as("consume stopped").isFalse();
            return result.get();
        }
    }

    @Test
    void threeGeneratorProcessesAndThreeConsumerThreadsSeeEverySampleExactlyOnce(@TempDir Path tmp) throws Exception {
        String topic = fresh("scale-out");
        String group = fresh("scale-out-group");
        createTopic(topic);
        List<String> consumeArgs = new ArrayList<>(target().clientArgs());
        consumeArgs.addAll(List.of("--topic", topic, "--group", group, "--threads", "3",
                "--json", tmp.resolve("consume.json").toString()));
        Consumer consumer = Consumer.start(consumeArgs);

        // three independent generator processes, one per instance, all at once
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> generators = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        List<Integer> perInstance = new ArrayList<>();
        for (int i = 1; i <= INSTANCES; i++) {
            List<String> args = new ArrayList<>(target().clientArgs());
            args.addAll(List.of("--topic", topic, "--instance", i + "/" + INSTANCES, "--series", "2000",
                    "--samples", Long.toString(SAMPLES_PER_INSTANCE), "--batch-samples", "500", "--seed", "11",
                    "--churn", "1m", "--quiet", "--json", tmp.resolve("generate-" + i + ".json").toString()));
            List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                    GenerateMain.class.getName()));
            cmd.addAll(args);
            generators.add(new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("generate-" + i + ".out").toFile()).start());
            List<String> mine = expected(args.toArray(new String[0]));
            perInstance.add(mine.size());
            expected.addAll(mine);
        }
        for (int i = 0; i < INSTANCES; i++) {
            Process p = generators.get(i);
            assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("generator %d finished", i + 1).isTrue();
            assertThat(p.exitValue()).as(Files.readString(tmp.resolve("generate-" + (i + 1) + ".out"))).isZero();
        }
        // the per-instance summaries add up
        ObjectMapper json = new ObjectMapper();
        long batches = 0;
        long samples = 0;
        for (int i = 1; i <= INSTANCES; i++) {
            JsonNode g = json.readTree(tmp.resolve("generate-" + i + ".json").toFile());
            assertThat(g.get("instance").asInt()).isEqualTo(i);
            assertThat(g.get("instances").asInt()).isEqualTo(INSTANCES);
            assertThat(g.get("samples").asLong()).isEqualTo(SAMPLES_PER_INSTANCE);
            assertThat(g.get("acknowledgedSamples").asLong()).isEqualTo(SAMPLES_PER_INSTANCE);
            assertThat(Files.readString(tmp.resolve("generate-" + i + ".out"))).contains("instance " + i + "/" + INSTANCES);
            batches += g.get("acknowledged").asLong();
            samples += g.get("samples").asLong();
        }
        assertThat(samples).isEqualTo(INSTANCES * SAMPLES_PER_INSTANCE);

        KafkaTestSupport.Run run = consumer.stopAfter(batches, Duration.ofSeconds(120));
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(KafkaTestSupport.lastLine(run.out()))
                .isEqualTo("messages=" + batches + " decoded=" + batches + " rejected=0 samples=" + samples + " tombstones=0");

        // the instances' series are disjoint: the union of what was generated has no duplicate
        Set<String> generated = new HashSet<>(expected);
        assertThat(generated).as("distinct generated samples").hasSize(expected.size());
        Set<String> generatedSeries = new HashSet<>();
        for (String k : expected) {
            generatedSeries.add(k.substring(0, k.lastIndexOf('@')));
        }
        // every generated sample consumed exactly once, by one of the three threads
        List<String> consumed = new ArrayList<>();
        consumer.perThread().values().forEach(consumed::addAll);
        Set<String> consumedSet = new HashSet<>(consumed);
        assertThat(consumed).as("consumed samples (duplicates would make this longer)").hasSize(consumedSet.size());
        assertThat(consumedSet).isEqualTo(generated);

        // the three threads shared the six partitions and their rows add up to the total
        ConsumeCommand c = consumer.command();
        ConsumeSummary summary = c.lastSummary();
        assertThat(summary.threads()).hasSize(3);
        assertThat(summary.threads()).allSatisfy(r -> assertThat(r.messages()).isPositive());
        assertThat(summary.threads().stream().mapToLong(ConsumeSummary.ThreadRow::samples).sum()).isEqualTo(samples);
        assertThat(summary.threads().stream().mapToLong(ConsumeSummary.ThreadRow::messages).sum()).isEqualTo(batches);
        for (ConsumeSummary.ThreadRow r : summary.threads()) {
            assertThat(consumer.perThread().get(r.thread())).hasSize((int) r.samples());
        }
        JsonNode cj = json.readTree(tmp.resolve("consume.json").toFile());
        assertThat(cj.get("data.consumed.in.nMsg").asLong()).isEqualTo(batches);
        assertThat(cj.get("samples").asLong()).isEqualTo(samples);
        assertThat(cj.get("per.thread")).hasSize(3);
        System.out.printf("scale-out on %s: %d generator processes %s samples, %d distinct series; consume --threads 3: "
                        + "%s samples per thread, %d consumed, %d distinct%n%s", target().name(), INSTANCES, perInstance,
                generatedSeries.size(), summary.threads().stream().map(ConsumeSummary.ThreadRow::samples).toList(),
                consumed.size(), consumedSet.size(), run.out());
    }

    @Test
    void aFixedRateRunReportsEndToEndLatencyAndWhetherTheConsumerKeptUp(@TempDir Path tmp) throws Exception {
        String topic = fresh("fixed-rate");
        createTopic(topic);
        List<String> consumeArgs = new ArrayList<>(target().clientArgs());
        consumeArgs.addAll(List.of("--topic", topic, "--group", fresh("fixed-rate-group"), "--threads", "2"));
        Consumer consumer = Consumer.start(consumeArgs);
        // the generator starts once the group has formed and knows its lag (on a busy machine forming the group
        // can take longer than the whole run), so the keep-up verdict has the run to judge
        long ready = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (consumer.command().currentLag() < 0 && System.nanoTime() < ready) {
            Thread.sleep(100);
        }
        assertThat(consumer.command().currentLag()).as("the consumer group formed").isGreaterThanOrEqualTo(0);

        List<String> args = new ArrayList<>(target().clientArgs());
        // 2000 series every 500 ms at 4000 samples/s: model time follows the clock, so sample timestamps are real
        args.addAll(List.of("--topic", topic, "--series", "2000", "--scrape-interval", "500ms", "--rate", "4000",
                "--duration", "8s", "--batch-samples", "500", "--start-time", "now"));
        GenerateCommand generate = new GenerateCommand();
        KafkaTestSupport.Run g = KafkaTestSupport.run(generate, args.toArray(new String[0]));
        assertThat(g.exit()).as(g.out()).isZero();
        assertThat(g.err()).contains("--start-time now: model time follows the clock");
        long batches = generate.lastSummary().acknowledged();
        long samples = generate.lastSummary().acknowledgedSamples();

        KafkaTestSupport.Run run = consumer.stopAfter(batches, Duration.ofSeconds(60));
        assertThat(run.exit()).as(run.err()).isZero();
        ConsumeSummary s = consumer.command().lastSummary();
        assertThat(s.total().samples()).isEqualTo(samples);
        // every sample's latency is measured, from its record's send to its decoding
        assertThat(s.recordLatency().getTotalCount()).isEqualTo(samples);
        assertThat(s.recordLatency().getMaxValue()).isLessThan(60_000);
        // and every sample's age (its timestamp is its scrape's, up to one 500 ms interval from its sending)
        assertThat(s.sampleAge().getTotalCount() + s.samplesAhead()).isEqualTo(samples);
        assertThat(s.sampleAge().getValueAtPercentile(50)).isLessThan(30_000);
        assertThat(run.out()).contains("end-to-end latency, record timestamp (producer send) to decoded, per sample: p50 ")
                .contains("p99.9").contains("sample age at decoding");
        // 8 s at 8 messages/s: the consumer kept up, and said so
        assertThat(s.keepUp().keptUp()).as(s.keepUp().verdict()).isTrue();
        assertThat(run.out()).contains("KEPT UP");
        assertThat(run.err()).contains("lag=");
        System.out.printf("fixed-rate run on %s:%n%s", target().name(), run.out());
    }
}
