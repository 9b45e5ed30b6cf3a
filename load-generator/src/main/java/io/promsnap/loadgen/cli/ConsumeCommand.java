package io.promsnap.loadgen.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.promsnap.ContainerFormat;
import io.promsnap.cli.options.ContainerOption;
import io.promsnap.cli.options.MatchOption;
import io.promsnap.cli.options.Converters;
import io.promsnap.cli.options.DecoderOption;
import io.promsnap.DecoderConfig;
import io.promsnap.DecoderFactory;
import io.promsnap.DecoderRegistry;
import io.promsnap.PayloadDecoder;
import io.promsnap.PromsnapException;
import io.promsnap.SampleVisitor;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code promsnap consume}: decodes every message of a topic and accounts for each one. Offsets are
 * committed only after the records before them were processed (decoded, skipped with a message, or
 * dead-lettered and acknowledged), so a crash re-reads rather than loses. Never sleeps on an exception.
 */
@Command(name = "consume", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Consumes a topic and decodes every message with a promsnap decoder; prints progress and a final",
            "line 'messages=R decoded=D rejected=X samples=S tombstones=T' where R = D + X + T.",
            "A tombstone (a record with a null value) is counted and skipped, as PromsnapDeserializer returns null for it."})
public final class ConsumeCommand implements Callable<Integer> {
    /** Used when --decoder is not given and it is registered. */
    public static final String PREFERRED_DECODER = DecoderOption.PREFERRED;

    /** What to do with a message that cannot be decoded. */
    public enum OnError { FAIL, SKIP, DEAD_LETTER }

    @Mixin
    ClientOptions client = new ClientOptions();

    @Option(names = "--topic", required = true)
    String topic;

    @Mixin
    DecoderOption decoderOption = new DecoderOption();

    @Mixin
    ContainerOption container = new ContainerOption(ContainerFormat.RAW, true);

    @Mixin
    MatchOption match = new MatchOption();

    @Option(names = "--group", defaultValue = "promsnap-consume", description = "consumer group, default ${DEFAULT-VALUE}")
    String group;

    @Option(names = "--on-error", defaultValue = "fail", converter = OnErrorConverter.class,
            description = "fail (stop, exit 1, the bad message is not committed), skip (report and go on) or "
                    + "dead-letter (send the raw value with error headers to --dead-letter-topic); default ${DEFAULT-VALUE}")
    OnError onError;

    @Option(names = "--dead-letter-topic", paramLabel = "T", description = "default <topic>.dead-letter")
    String deadLetterTopic;

    @Option(names = "--max-messages", paramLabel = "N", defaultValue = "0", converter = Converters.NonNegativeLong.class,
            description = "stop after N messages (0 = no limit)")
    long maxMessages;

    @Option(names = "--idle-timeout", paramLabel = "D", converter = DurationConverter.class,
            description = "stop when no message arrives for this long while partitions are assigned and fetches "
                    + "succeed (default: run until Ctrl-C)")
    Duration idleTimeout;

    @Option(names = "--connect-timeout", paramLabel = "D", defaultValue = "60s", converter = DurationConverter.class,
            description = "exit 1 when no broker answers, or the group gets no partitions, for this long; "
                    + "default ${DEFAULT-VALUE}")
    Duration connectTimeout;

    @Option(names = "--consumer-property", paramLabel = "KEY=VALUE", converter = Converters.KeyValue.class,
            description = "consumer property override; repeatable")
    List<String> consumerProperties = new ArrayList<>();

    @Option(names = "--quiet", description = "no progress lines")
    boolean quiet;

    @Spec
    CommandSpec spec;

    /** Parses fail|skip|dead-letter (also used by relay's --on-error). */
    public static final class OnErrorConverter implements picocli.CommandLine.ITypeConverter<OnError> {
        @Override
        public OnError convert(String value) {
            for (OnError e : OnError.values()) {
                if (Converters.spelling(e).equalsIgnoreCase(value.strip().replace('_', '-'))) {
                    return e;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("'" + value
                    + "' is not accepted; expected fail, skip or dead-letter");
        }
    }

    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong decoded = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    /** Valid samples that --match did not select (validated, not delivered). */
    private final AtomicLong unselected = new AtomicLong();
    private final AtomicLong tombstones = new AtomicLong();
    private volatile boolean stopRequested;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private final Map<TopicPartition, OffsetAndMetadata> processed = new HashMap<>();

    /** Stops a running {@link #call()} (what Ctrl-C does). */
    public void requestStop() {
        stopRequested = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    public long messages() {
        return messages.get();
    }

    public long decoded() {
        return decoded.get();
    }

    public long rejected() {
        return rejected.get();
    }

    public long samples() {
        return samples.get();
    }

    /** Records with a null value: counted and skipped, neither decoded nor rejected. */
    public long tombstones() {
        return tombstones.get();
    }

    static String chooseDecoder(DecoderRegistry registry, String requested) {
        if (requested != null) {
            return requested;
        }
        List<DecoderFactory> available = registry.available();
        if (available.isEmpty()) {
            throw new IllegalStateException("no decoder is available on the class path (registered: " + registry.names()
                    + (registry.loadErrors().isEmpty() ? "" : ", load errors: " + registry.loadErrors()) + ")");
        }
        for (DecoderFactory f : available) {
            if (f.name().equals(PREFERRED_DECODER)) {
                return PREFERRED_DECODER;
            }
        }
        return available.get(0).name();
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        client.requireBootstrap(spec);
        DecoderRegistry registry = DecoderRegistry.getDefault();
        String name = decoderOption.name();
        PayloadDecoder decoder = registry.create(name, DecoderConfig.defaults().withContainerFormat(container.value())
                .withSelector(match.selector()));
        String dlt = deadLetterTopic != null ? deadLetterTopic : topic + ".dead-letter";

        Properties props = client.properties(consumerProperties);
        props.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaProducer<byte[], byte[]> dltProducer = null;
        if (onError == OnError.DEAD_LETTER) {
            Properties pp = client.properties(List.of());
            pp.put(ProducerConfig.ACKS_CONFIG, "all");
            pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            dltProducer = new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer());
        }
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            requestStop();
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "promsnap-consume-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        // the shutdown hook (Ctrl-C, SIGTERM) waits for "finished", which is counted down only after the
        // final commit and the summary lines are out: otherwise the JVM exits in between
        try {
            ScheduledExecutorService progress = quiet ? null : startProgress(err);
            long start = System.nanoTime();
            int exit = 0;
            SampleVisitor ignore = s -> { };
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer = c;
                if (stopRequested) {
                    return 0;
                }
                c.subscribe(List.of(topic));
                connectedTo = client.bootstrapServer;
                groupId = props.getProperty(ConsumerConfig.GROUP_ID_CONFIG);
                err.println("consuming " + topic + " from " + client.bootstrapServer + " as group "
                        + props.getProperty(ConsumerConfig.GROUP_ID_CONFIG) + " with decoder " + name + ", on error " + onError);
                Health health = new Health(c, System.nanoTime());
                long idle = 0;
                try {
                    outer:
                    while (!stopRequested) {
                        ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(200));
                        long now = System.nanoTime();
                        boolean healthy = health.update(now, !records.isEmpty());
                        if (records.isEmpty()) {
                            if (healthy) {
                                // idle time counts only while partitions are assigned and fetches come back:
                                // an unreachable broker or a pending rebalance is not "no more messages"
                                idle += health.sinceLastCheck();
                                if (idleTimeout != null && idle >= idleTimeout.toNanos()) {
                                    break;
                                }
                            } else {
                                String problem = health.problem(now);
                                if (health.unhealthyFor(now) >= connectTimeout.toNanos()) {
                                    String line = problem + " for " + DurationConverter.format(connectTimeout)
                                            + " (--connect-timeout); giving up";
                                    if (health.noConnection()) {
                                        // why no broker answers: a closed port, TLS spoken to a plain listener, ...
                                        String finding = io.promsnap.loadgen.KafkaFailures.probe(props);
                                        line = finding == null ? line : line + "; " + finding;
                                    }
                                    err.println("ERROR " + io.promsnap.cli.options.Redaction.redact(line));
                                    exit = 1;
                                    break;
                                }
                                if (health.shouldWarn(now)) {
                                    err.println("WARNING " + problem + " for " + Math.round(health.unhealthyFor(now) / 1e9)
                                            + " s; giving up after " + DurationConverter.format(connectTimeout));
                                }
                            }
                            continue;
                        }
                        idle = 0;
                        for (ConsumerRecord<byte[], byte[]> r : records) {
                            messages.incrementAndGet();
                            String error = null;
                            String category = null;
                            try {
                                if (r.value() == null) {
                                    // a tombstone (compaction's delete marker) carries no samples; the
                                    // Deserializer returns null for it too, so both skip it the same way
                                    tombstones.incrementAndGet();
                                } else {
                                    int n = decoder.decode(r.value(), ignore);
                                    samples.addAndGet(n);
                                    unselected.addAndGet(decoder.lastReport().unselectedCount());
                                    decoded.incrementAndGet();
                                }
                            } catch (PromsnapException e) {
                                error = e.getMessage();
                                category = e.category().name();
                            } catch (RuntimeException e) {
                                // a decoder bug, not bad input: still accounted for, never dropped silently
                                error = "decoder " + name + " failed unexpectedly: " + e;
                                category = "DECODER_BUG";
                            }
                            if (error != null) {
                                rejected.incrementAndGet();
                                String where = r.topic() + "-" + r.partition() + "@" + r.offset();
                                if (onError == OnError.FAIL) {
                                    err.println("ERROR " + where + ": " + error);
                                    err.println("stopping (--on-error fail); offsets are committed up to the message before");
                                    exit = 1;
                                    break outer;
                                }
                                if (onError == OnError.DEAD_LETTER) {
                                    ProducerRecord<byte[], byte[]> dl = new ProducerRecord<>(dlt, null, r.key(), r.value());
                                    dl.headers().add("promsnap.error", error.getBytes(StandardCharsets.UTF_8));
                                    dl.headers().add("promsnap.error.category", category.getBytes(StandardCharsets.UTF_8));
                                    dl.headers().add("promsnap.source", where.getBytes(StandardCharsets.UTF_8));
                                    dl.headers().add("promsnap.decoder", name.getBytes(StandardCharsets.UTF_8));
                                    try {
                                        // acknowledged before the offset moves past the message
                                        dltProducer.send(dl).get(60, TimeUnit.SECONDS);
                                    } catch (Exception e) {
                                        err.println("ERROR " + where + ": could not dead-letter to " + dlt + ": "
                                                + io.promsnap.cli.options.Redaction.redact(String.valueOf(e)));
                                        exit = 1;
                                        break outer;
                                    }
                                    err.println("dead-lettered " + where + " to " + dlt + ": " + error);
                                } else {
                                    err.println("skipped " + where + ": " + error);
                                }
                            }
                            processed.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                            if (maxMessages > 0 && messages.get() >= maxMessages) {
                                break outer;
                            }
                        }
                        commit(c);
                    }
                } catch (WakeupException stopping) {
                    // Ctrl-C: fall through to the final commit
                } catch (org.apache.kafka.common.KafkaException e) {
                    // not admitted (SASL, TLS, ACLs): one line naming the cause, then the summary as always
                    String line = io.promsnap.loadgen.KafkaFailures.describe(e, props);
                    if (line == null) {
                        throw e;
                    }
                    err.println("ERROR " + line);
                    exit = 1;
                }
                try {
                    commit(c);
                } catch (org.apache.kafka.common.KafkaException e) {
                    err.println("ERROR could not commit the offsets of the processed messages to Kafka at " + connectedTo
                            + " (they will be read again): " + io.promsnap.cli.options.Redaction.redact(e.getMessage()));
                    exit = 1;
                }
            } finally {
                consumer = null;
                if (progress != null) {
                    progress.shutdownNow();
                }
                if (dltProducer != null) {
                    dltProducer.close(Duration.ofSeconds(30));
                }
                decoder.close();
            }
            double secs = (System.nanoTime() - start) / 1e9;
            err.printf(Locale.ROOT, "%.1f s, %.1f messages/s, %.1f samples/s%n", secs, messages.get() / secs, samples.get() / secs);
            out.println(finalLine());
            out.flush();
            err.flush();
            return exit;
        } finally {
            finished.countDown();
            BrokerCommand.removeHook(hook);
        }
    }

    private void commit(KafkaConsumer<byte[], byte[]> c) {
        if (processed.isEmpty()) {
            return;
        }
        // bounded: with the broker gone a commit must not hold the exit for the default 60 s
        Duration timeout = connectTimeout.compareTo(Duration.ofSeconds(30)) < 0 ? connectTimeout : Duration.ofSeconds(30);
        try {
            c.commitSync(processed, timeout);
        } catch (WakeupException e) {
            // a wakeup is one-shot: the retry goes through
            c.commitSync(processed, timeout);
        }
        processed.clear();
    }

    private String connectedTo;
    private String groupId;

    /**
     * Whether the consumer is really consuming: partitions assigned and fetch responses arriving (the
     * classic consumer's poll() just returns nothing while the broker is unreachable or the group rebalances).
     */
    private final class Health {
        private static final long FETCH_WINDOW = TimeUnit.SECONDS.toNanos(3); // fetch.max.wait.ms is 500 ms
        private static final long WARN_EVERY = TimeUnit.SECONDS.toNanos(10);
        private final KafkaConsumer<byte[], byte[]> c;
        private long lastCheck;
        private long lastHealthy;
        private long lastFetchSeen;
        private double fetches;
        private long lastWarn;
        private long delta;
        private boolean everAssigned;

        Health(KafkaConsumer<byte[], byte[]> c, long now) {
            this.c = c;
            this.lastCheck = now;
            this.lastHealthy = now;
            this.lastFetchSeen = Long.MIN_VALUE / 2;
            this.lastWarn = now - WARN_EVERY; // the first warning after 5 s
        }

        boolean update(long now, boolean gotRecords) {
            delta = now - lastCheck;
            lastCheck = now;
            double f = metric("consumer-fetch-manager-metrics", "fetch-total");
            if (f > fetches || gotRecords) {
                fetches = Math.max(f, fetches);
                lastFetchSeen = now;
            }
            boolean assigned = !c.assignment().isEmpty();
            everAssigned |= assigned;
            boolean healthy = gotRecords || (assigned && now - lastFetchSeen < FETCH_WINDOW);
            if (healthy) {
                lastHealthy = now;
            }
            return healthy;
        }

        long sinceLastCheck() {
            return delta;
        }

        long unhealthyFor(long now) {
            return now - lastHealthy;
        }

        boolean shouldWarn(long now) {
            if (unhealthyFor(now) >= TimeUnit.SECONDS.toNanos(5) && now - lastWarn >= WARN_EVERY) {
                lastWarn = now;
                return true;
            }
            return false;
        }

        boolean noConnection() {
            return metric("consumer-metrics", "connection-count") < 1;
        }

        /** Which of the three it is, in one line. */
        String problem(long now) {
            if (metric("consumer-metrics", "connection-count") < 1) {
                return "cannot connect to Kafka at " + connectedTo + ": no broker has answered";
            }
            if (c.assignment().isEmpty()) {
                return "connected to Kafka at " + connectedTo + ", but group " + groupId + " has been given no partition of "
                        + topic + (everAssigned ? " since its last rebalance" : "")
                        + " (does the topic exist? is the group waiting for a member that stopped?)";
            }
            return "partitions of " + topic + " are assigned, but no fetch from Kafka at " + connectedTo + " has succeeded";
        }

        private double metric(String group, String name) {
            for (var e : c.metrics().entrySet()) {
                if (e.getKey().name().equals(name) && e.getKey().group().equals(group)
                        && e.getValue().metricValue() instanceof Number n) {
                    return n.doubleValue();
                }
            }
            return 0;
        }
    }

    public String finalLine() {
        return "messages=" + messages.get() + " decoded=" + decoded.get() + " rejected=" + rejected.get()
                + " samples=" + samples.get() + " tombstones=" + tombstones.get()
                + (match.selector().isAll() ? "" : " unselected=" + unselected.get() + " match=" + match.selector());
    }

    private ScheduledExecutorService startProgress(PrintWriter err) {
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "promsnap-consume-progress");
            t.setDaemon(true);
            return t;
        });
        long t0 = System.nanoTime();
        long[] last = {0, 0};
        ex.scheduleAtFixedRate(() -> {
            long m = messages.get();
            long s = samples.get();
            err.printf(Locale.ROOT, "[%4ds] messages=%d (%d/s) decoded=%d rejected=%d samples=%d (%d/s)%n",
                    Math.round((System.nanoTime() - t0) / 1e9), m, m - last[0], decoded.get(), rejected.get(), s, s - last[1]);
            last[0] = m;
            last[1] = s;
        }, 1, 1, TimeUnit.SECONDS);
        return ex;
    }
}
