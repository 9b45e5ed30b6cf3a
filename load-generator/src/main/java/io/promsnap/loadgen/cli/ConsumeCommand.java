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
import java.util.Collection;
import java.util.OptionalLong;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.promsnap.ContainerFormat;
import io.promsnap.cli.options.ContainerOption;
import io.promsnap.cli.options.Converters;
import io.promsnap.cli.options.DecoderOption;
import io.promsnap.cli.options.MatchOption;
import io.promsnap.cli.options.Redaction;
import io.promsnap.loadgen.KafkaFailures;
import io.promsnap.DecoderConfig;
import io.promsnap.DecoderRegistry;
import io.promsnap.PayloadDecoder;
import io.promsnap.SampleVisitor;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
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
 * {@code promsnap consume}: decodes every message of a topic and accounts for each one, and measures it
 * the way Kafka's {@code ConsumerPerformance} does (same field names), plus decoding, end-to-end latency and
 * lag. {@code --threads N} runs N consumers of one group, each with its own decoder (decoders are not
 * thread-safe), on N threads of this process. Offsets are committed only after the records before them
 * were processed (decoded, skipped with a message, or dead-lettered and acknowledged), so a crash re-reads
 * rather than loses. Never sleeps on an exception.
 */
@Command(name = "consume", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Consumes a topic and decodes every message with a promsnap decoder, as an end-to-end benchmark:",
            "progress lines with rates and lag, then a summary in the style of Kafka's ConsumerPerformance (per thread and",
            "total), end-to-end latency percentiles and whether the consumer kept up, and a final",
            "line 'messages=R decoded=D rejected=X samples=S tombstones=T' where R = D + X + T.",
            "A tombstone (a record with a null value) is counted and skipped, as PromsnapDeserializer returns null for it."})
public final class ConsumeCommand implements Callable<Integer> {
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

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", converter = Converters.PositiveInt.class,
            description = "consumers of the group in this process, one thread and one decoder each; default ${DEFAULT-VALUE}")
    int threads;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the summary as JSON (for CI)")
    Path json;

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


    // totals over every thread (each thread also keeps its own, for the per-thread rows)
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong decoded = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    /** Valid samples that --match did not select (validated, not delivered). */
    private final AtomicLong unselected = new AtomicLong();
    private final AtomicLong tombstones = new AtomicLong();
    /** The client configuration, for naming why no broker answers (a TCP+TLS probe). */
    private Properties clientProps;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong jsonBytes = new AtomicLong();
    /** Messages handed to a thread for processing, for --max-messages across threads. */
    private final AtomicLong claimed = new AtomicLong();
    private volatile boolean stopRequested;
    private final List<Worker> workers = new ArrayList<>();
    private volatile ConsumeSummary lastSummary;

    /** Stops a running {@link #call()} (what Ctrl-C does). */
    public void requestStop() {
        stopRequested = true;
        synchronized (workers) {
            for (Worker w : workers) {
                KafkaConsumer<byte[], byte[]> c = w.consumer;
                if (c != null) {
                    c.wakeup();
                }
            }
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

    /** The summary of the last finished {@link #call()}, or {@code null}. */
    public ConsumeSummary lastSummary() {
        return lastSummary;
    }

    /** For tests: each thread's samples (called with the thread's number from 1; views valid during the call only). */
    java.util.function.IntFunction<SampleVisitor> tap;

    private String name;
    private String dlt;
    private KafkaProducer<byte[], byte[]> dltProducer;
    private PrintWriter err;
    private String connectedTo;
    private String groupId;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        client.requireBootstrap(spec);
        DecoderRegistry registry = DecoderRegistry.getDefault();
        name = decoderOption.name();
        DecoderConfig decoderConfig = DecoderConfig.defaults().withContainerFormat(container.value())
                .withSelector(match.selector());
        dlt = deadLetterTopic != null ? deadLetterTopic : topic + ".dead-letter";

        Properties props = client.properties(consumerProperties);
        props.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        String clientId = props.getProperty(ConsumerConfig.CLIENT_ID_CONFIG);
        clientProps = props;
        connectedTo = client.bootstrapServer;
        groupId = props.getProperty(ConsumerConfig.GROUP_ID_CONFIG);
        // every decoder before anything connects: a bad --decoder fails here, not on a thread
        List<PayloadDecoder> decoders = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                decoders.add(registry.create(name, decoderConfig));
            }
        } catch (RuntimeException e) {
            decoders.forEach(PayloadDecoder::close);
            throw e;
        }
        if (onError == OnError.DEAD_LETTER) {
            Properties pp = client.properties(List.of());
            pp.put(ProducerConfig.ACKS_CONFIG, "all");
            pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            // shared by the threads: KafkaProducer is thread-safe
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
        // final commits and the summary lines are out: otherwise the JVM exits in between
        try {
            long startNanos = System.nanoTime();
            long startMillis = System.currentTimeMillis();
            err.println("consuming " + topic + " from " + client.bootstrapServer + " as group " + groupId + " with decoder "
                    + name + (threads > 1 ? " on " + threads + " threads" : "") + ", on error " + onError);
            CountDownLatch done = new CountDownLatch(threads);
            synchronized (workers) {
                for (int i = 0; i < threads; i++) {
                    Properties wp = new Properties();
                    wp.putAll(props);
                    if (clientId != null && threads > 1) {
                        wp.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-" + (i + 1));
                    }
                    workers.add(new Worker(i + 1, wp, decoders.get(i), done, startNanos));
                }
            }
            if (stopRequested) {
                decoders.forEach(PayloadDecoder::close);
                return 0;
            }
            for (Worker w : workers) {
                w.thread.start();
            }
            int exit = monitor(done, startNanos);
            done.await();
            long endNanos = System.nanoTime();
            if (dltProducer != null) {
                dltProducer.close(Duration.ofSeconds(30));
                dltProducer = null;
            }
            for (Worker w : workers) {
                if (w.exit != 0) {
                    exit = 1;
                }
            }
            ConsumeSummary summary = summarise(startNanos, startMillis, endNanos, exit);
            lastSummary = summary;
            out.print(summary.toHuman());
            out.println(finalLine());
            out.flush();
            err.flush();
            if (json != null) {
                java.nio.file.Files.writeString(json, summary.toJson() + System.lineSeparator(), StandardCharsets.UTF_8);
            }
            return exit;
        } finally {
            if (dltProducer != null) {
                // stopped before the threads started, or a failure on the way: no thread sends any more
                dltProducer.close(Duration.ofSeconds(5));
                dltProducer = null;
            }
            finished.countDown();
            BrokerCommand.removeHook(hook);
        }
    }

    /**
     * Watches the threads from the calling thread: progress and lag once a second, --idle-timeout (no message
     * anywhere while the group is healthy) and --connect-timeout (no thread healthy). Returns 1 when it gave up.
     */
    private int monitor(CountDownLatch done, long start) throws InterruptedException {
        long last = start;
        long lastMessages = 0;
        long idle = 0;
        long lastHealthy = start;
        long lastWarn = start - TimeUnit.SECONDS.toNanos(10); // the first warning after 5 s
        long nextTick = start + TimeUnit.SECONDS.toNanos(1);
        long[] tick = {0, 0, 0};
        while (!done.await(100, TimeUnit.MILLISECONDS)) {
            long now = System.nanoTime();
            long m = messages.get();
            boolean healthy = m != lastMessages;
            for (Worker w : workers) {
                healthy |= w.busy || w.healthy;
            }
            if (m != lastMessages) {
                idle = 0;
                lastMessages = m;
            } else if (healthy) {
                // idle time counts only while partitions are assigned and fetches come back: an unreachable
                // broker or a pending rebalance is not "no more messages"
                idle += now - last;
            }
            last = now;
            if (healthy) {
                lastHealthy = now;
            }
            if (now >= nextTick) {
                nextTick += TimeUnit.SECONDS.toNanos(1);
                long lag = totalLag();
                lagHistory.add(new long[] {now - start, m, lag, lag < 0 ? -1 : totalSeen()});
                if (!quiet) {
                    long s = samples.get();
                    long b = bytes.get();
                    err.printf(Locale.ROOT, "[%4ds] messages=%d (%d/s) decoded=%d rejected=%d samples=%d (%d/s) "
                                    + "%.1f MB (%.2f MB/s) lag=%s%n",
                            Math.round((now - start) / 1e9), m, m - tick[0], decoded.get(), rejected.get(), s, s - tick[1],
                            b / ConsumeSummary.MB, (b - tick[2]) / ConsumeSummary.MB, lag < 0 ? "?" : Long.toString(lag));
                    err.flush();
                }
                tick[0] = m;
                tick[1] = samples.get();
                tick[2] = bytes.get();
            }
            if (stopRequested) {
                continue;
            }
            if (idleTimeout != null && idle >= idleTimeout.toNanos()) {
                requestStop();
                continue;
            }
            if (!healthy) {
                String problem = problem();
                long unhealthy = now - lastHealthy;
                if (unhealthy >= connectTimeout.toNanos()) {
                    String line = problem + " for " + DurationConverter.format(connectTimeout) + " (--connect-timeout); giving up";
                    // why no broker answers: a closed port, TLS spoken to a plain listener, ... Always asked, as the
                    // relay does: whatever the consumer's metrics said a moment ago may be a handshake in flight
                    String finding = KafkaFailures.probe(clientProps);
                    line = finding == null ? line : line + "; " + finding;
                    err.println("ERROR " + Redaction.redact(line));
                    requestStop();
                    return 1;
                }
                if (unhealthy >= TimeUnit.SECONDS.toNanos(5) && now - lastWarn >= TimeUnit.SECONDS.toNanos(10)) {
                    lastWarn = now;
                    err.println("WARNING " + problem + " for " + Math.round(unhealthy / 1e9) + " s; giving up after "
                            + DurationConverter.format(connectTimeout));
                }
            }
        }
        return 0;
    }

    private final List<long[]> lagHistory = java.util.Collections.synchronizedList(new ArrayList<>());

    /** The group's lag over the partitions its threads hold, or -1 while unknown (no partition yet, or not yet fetched). */
    private long totalLag() {
        long lag = 0;
        boolean anyAssigned = false;
        for (Worker w : workers) {
            long l = w.lag;
            if (l < 0) {
                return -1;
            }
            lag += l;
            anyAssigned |= w.holdsPartitions;
        }
        return anyAssigned ? lag : -1;
    }

    /**
     * Messages in the topic as the threads last saw it: each thread's own count plus its lag, both taken at
     * the same moment on its thread (the shared count moves on while a lag is being measured).
     */
    private long totalSeen() {
        long seen = 0;
        for (Worker w : workers) {
            seen += w.seen;
        }
        return seen;
    }

    /** The group's lag now, or -1 while unknown (before the group has formed and fetched): tests wait for it. */
    long currentLag() {
        synchronized (workers) {
            return workers.isEmpty() ? -1 : totalLag();
        }
    }

    /** Why no thread is consuming: the first thread's reason (they share the group and the broker). */
    private String problem() {
        for (Worker w : workers) {
            String p = w.problem;
            if (p != null) {
                return p;
            }
        }
        return "connecting to Kafka at " + connectedTo;
    }

    private ConsumeSummary summarise(long start, long startMillis, long end, int exit) {
        long lastMessage = start;
        for (Worker w : workers) {
            lastMessage = Math.max(lastMessage, w.lastMessageNanos);
        }
        // the trailing --idle-timeout wait is not work: the rates are over the time up to the last message
        long elapsedNanos = messages.get() > 0 ? lastMessage - start : end - start;
        Histogram latency = new Histogram(3);
        Histogram age = new Histogram(3);
        long ahead = 0;
        List<ConsumeSummary.ThreadRow> rows = new ArrayList<>();
        for (Worker w : workers) {
            latency.add(w.recordLatency);
            age.add(w.sampleAge);
            ahead += w.ahead;
            long rebalance = w.rebalanceMillis(start + elapsedNanos);
            rows.add(new ConsumeSummary.ThreadRow(w.index, w.messages, w.bytes, w.jsonBytes, w.samples, w.decoded,
                    w.rejected, w.tombstones, Math.min(rebalance, elapsedNanos / 1_000_000)));
        }
        return new ConsumeSummary(topic, groupId, name, threads, startMillis, startMillis + (end - start) / 1_000_000,
                elapsedNanos / 1e9, (end - start - elapsedNanos) / 1e9, rows, messages.get(), bytes.get(), jsonBytes.get(),
                samples.get(), decoded.get(), rejected.get(), tombstones.get(), unselected.get(), latency, age, ahead,
                new ArrayList<>(lagHistory), exit);
    }

    /** One consumer of the group, on its own thread, with its own decoder. */
    private final class Worker implements ConsumerRebalanceListener {
        final int index;
        final Thread thread;
        final Properties props;
        final PayloadDecoder decoder;
        final CountDownLatch done;
        final Map<TopicPartition, OffsetAndMetadata> processed = new HashMap<>();
        final Histogram recordLatency = new Histogram(3);
        final Histogram sampleAge = new Histogram(3);
        volatile KafkaConsumer<byte[], byte[]> consumer;
        volatile boolean busy;
        volatile boolean healthy;
        volatile String problem;
        /** Lag over the partitions this thread holds; -1 while one of them has no known position or end. */
        volatile long lag;
        volatile boolean holdsPartitions;
        /** This thread's messages plus its lag, at the moment the lag was measured. */
        volatile long seen;
        volatile long lastMessageNanos;
        // written by this thread, read after it ended
        long messages;
        long bytes;
        long jsonBytes;
        long samples;
        long decoded;
        long rejected;
        long tombstones;
        long ahead;
        int exit;
        // rebalance time, as ConsumerPerformance measures it: from losing the last partition (or starting)
        // to being assigned some again
        private long joinStart;
        private long rebalanceNanos;
        private int assigned;
        private long nowMillis;
        private final SampleVisitor timing;
        private SampleVisitor visitor;

        Worker(int index, Properties props, PayloadDecoder decoder, CountDownLatch done, long start) {
            this.index = index;
            this.props = props;
            this.decoder = decoder;
            this.done = done;
            this.joinStart = start;
            this.thread = new Thread(this::run, "promsnap-consume-" + index);
            this.timing = s -> {
                long a = nowMillis - s.timestampMillis();
                if (a >= 0) {
                    sampleAge.recordValue(a);
                } else {
                    ahead++; // a timestamp in the future (clock skew or model time ahead of the clock)
                }
            };
        }

        long rebalanceMillis(long end) {
            long r = rebalanceNanos;
            if (assigned == 0) {
                r += Math.max(0, end - joinStart);
            }
            return r / 1_000_000;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (assigned == 0 && !partitions.isEmpty()) {
                rebalanceNanos += System.nanoTime() - joinStart;
            }
            assigned += partitions.size();
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // whatever was processed is committed before another member may read it
            try {
                commit(consumer);
            } catch (org.apache.kafka.common.KafkaException e) {
                err.println("WARNING thread " + index + " could not commit before a rebalance (those messages may be "
                        + "read again): " + Redaction.redact(e.getMessage()));
            } finally {
                // never commit them later: another member owns them now, and an old offset would move its back
                processed.keySet().removeAll(partitions);
            }
            assigned = Math.max(0, assigned - partitions.size());
            if (assigned == 0) {
                joinStart = System.nanoTime();
            }
        }

        private void run() {
            try {
                runConsumer();
            } catch (org.apache.kafka.common.KafkaException e) {
                // not admitted (SASL, TLS, ACLs): one line naming the cause
                String line = KafkaFailures.describe(e, props);
                err.println("ERROR " + (line != null ? line : "thread " + index + " failed: " + Redaction.redact(String.valueOf(e))));
                exit = 1;
                requestStop();
            } catch (RuntimeException e) {
                err.println("ERROR thread " + index + " failed: " + Redaction.redact(String.valueOf(e)));
                exit = 1;
                requestStop();
            } finally {
                decoder.close();
                done.countDown();
            }
        }

        private void runConsumer() {
            SampleVisitor t = tap != null ? tap.apply(index) : null;
            visitor = t == null ? timing : s -> {
                timing.onSample(s);
                t.onSample(s);
            };
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer = c;
                if (stopRequested) {
                    return;
                }
                c.subscribe(List.of(topic), this);
                Health health = new Health(c, System.nanoTime());
                long nextLag = 0;
                try {
                    while (!stopRequested) {
                        // before the poll, when every record returned so far is processed and counted: the
                        // position the lag is measured from then matches this thread's count
                        if (System.nanoTime() >= nextLag) {
                            long l = lag(c);
                            seen = messages + Math.max(0, l);
                            lag = l;
                            nextLag = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                        }
                        ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(200));
                        long now = System.nanoTime();
                        boolean ok = health.update(now, !records.isEmpty());
                        problem = ok ? null : health.problem();
                        healthy = ok;
                        if (records.isEmpty()) {
                            continue;
                        }
                        busy = true;
                        try {
                            if (!process(records)) {
                                break;
                            }
                        } finally {
                            busy = false;
                        }
                        commit(c);
                    }
                } catch (WakeupException stopping) {
                    // Ctrl-C or another thread's stop: fall through to the final commit
                }
                try {
                    commit(c);
                } catch (org.apache.kafka.common.KafkaException e) {
                    err.println("ERROR could not commit the offsets of the processed messages to Kafka at " + connectedTo
                            + " (they will be read again): " + Redaction.redact(e.getMessage()));
                    exit = 1;
                }
            } finally {
                consumer = null;
            }
        }

        private long lag(KafkaConsumer<byte[], byte[]> c) {
            long sum = 0;
            java.util.Set<TopicPartition> assignment = c.assignment();
            holdsPartitions = !assignment.isEmpty();
            for (TopicPartition tp : assignment) {
                OptionalLong l = c.currentLag(tp);
                if (l.isEmpty()) {
                    return -1; // not fetched yet: an unknown lag must not read as 0 (it would look like growth later)
                }
                sum += l.getAsLong();
            }
            return sum;
        }

        /** Processes one poll's records; false when this thread (or the whole run) must stop. */
        private boolean process(ConsumerRecords<byte[], byte[]> records) {
            for (ConsumerRecord<byte[], byte[]> r : records) {
                if (stopRequested) {
                    return false;
                }
                if (maxMessages > 0 && claimed.incrementAndGet() > maxMessages) {
                    requestStop();
                    return false;
                }
                DeadLetters.Rejection why = null;
                long size = (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
                try {
                    if (r.value() == null) {
                        // a tombstone (compaction's delete marker) carries no samples; the Deserializer
                        // returns null for it too, so both skip it the same way
                        tombstones++;
                        ConsumeCommand.this.tombstones.incrementAndGet();
                    } else {
                        nowMillis = System.currentTimeMillis();
                        int n = decoder.decode(r.value(), visitor);
                        long latency = nowMillis - r.timestamp();
                        if (latency >= 0 && n > 0) {
                            recordLatency.recordValueWithCount(latency, n); // per sample, as the age below
                        }
                        long json = decoder.lastReport().jsonBytes();
                        samples += n;
                        jsonBytes += json;
                        decoded++;
                        ConsumeCommand.this.samples.addAndGet(n);
                        ConsumeCommand.this.jsonBytes.addAndGet(json);
                        ConsumeCommand.this.decoded.incrementAndGet();
                        ConsumeCommand.this.unselected.addAndGet(decoder.lastReport().unselectedCount());
                    }
                } catch (RuntimeException e) {
                    why = DeadLetters.Rejection.of(e, name);
                }
                messages++;
                bytes += size;
                ConsumeCommand.this.bytes.addAndGet(size);
                ConsumeCommand.this.messages.incrementAndGet();
                lastMessageNanos = System.nanoTime();
                if (why != null) {
                    String error = why.error();
                    rejected++;
                    ConsumeCommand.this.rejected.incrementAndGet();
                    String where = DeadLetters.where(r);
                    if (onError == OnError.FAIL) {
                        err.println("ERROR " + where + ": " + error);
                        err.println("stopping (--on-error fail); offsets are committed up to the message before");
                        exit = 1;
                        requestStop();
                        return false;
                    }
                    if (onError == OnError.DEAD_LETTER) {
                        ProducerRecord<byte[], byte[]> dl = DeadLetters.record(dlt, r, why, name);
                        try {
                            // acknowledged before the offset moves past the message
                            dltProducer.send(dl).get(60, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            err.println("ERROR " + where + ": could not dead-letter to " + dlt + ": " + Redaction.redact(String.valueOf(e)));
                            exit = 1;
                            requestStop();
                            return false;
                        }
                        err.println("dead-lettered " + where + " to " + dlt + ": " + error);
                    } else {
                        err.println("skipped " + where + ": " + error);
                    }
                }
                processed.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                if (maxMessages > 0 && claimed.get() >= maxMessages) {
                    requestStop(); // the last one: the final commit covers it
                    return false;
                }
            }
            return true;
        }

        private void commit(KafkaConsumer<byte[], byte[]> c) {
            if (processed.isEmpty() || c == null) {
                return;
            }
            DeadLetters.commitSync(c, processed, connectTimeout);
            processed.clear();
        }
    }

    /**
     * Whether a consumer is really consuming: partitions assigned and fetch responses arriving (the
     * classic consumer's poll() just returns nothing while the broker is unreachable or the group rebalances).
     */
    private final class Health {
        private static final long FETCH_WINDOW = TimeUnit.SECONDS.toNanos(3); // fetch.max.wait.ms is 500 ms
        private final KafkaConsumer<byte[], byte[]> c;
        private long lastFetchSeen;
        private double fetches;
        private boolean everAssigned;

        Health(KafkaConsumer<byte[], byte[]> c, long now) {
            this.c = c;
            this.lastFetchSeen = Long.MIN_VALUE / 2;
        }

        boolean update(long now, boolean gotRecords) {
            double f = metric("consumer-fetch-manager-metrics", "fetch-total");
            if (f > fetches || gotRecords) {
                fetches = Math.max(f, fetches);
                lastFetchSeen = now;
            }
            boolean assigned = !c.assignment().isEmpty();
            everAssigned |= assigned;
            return gotRecords || (assigned && now - lastFetchSeen < FETCH_WINDOW);
        }

        /** Which of the three it is, in one line. */
        String problem() {
            // connection-count also counts a TLS channel still in its handshake (with a plain listener that never
            // ends): a broker has answered only once a response has come back
            if (metric("consumer-metrics", "connection-count") < 1 || metric("consumer-metrics", "incoming-byte-total") <= 0) {
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
}
