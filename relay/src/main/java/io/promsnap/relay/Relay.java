package io.promsnap.relay;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.promsnap.DecoderConfig;
import io.promsnap.DecoderRegistry;
import io.promsnap.PayloadDecoder;
import io.promsnap.loadgen.cli.ConsumeCommand.OnError;
import io.promsnap.loadgen.cli.DeadLetters;
import io.promsnap.relay.format.SampleFormat;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The relay loop: one consumer thread decodes messages into {@link RelaySample}s and hands them to a
 * {@link Sink}; a message's offset is committed only once every sample from it was delivered (or, by
 * {@code --on-error skip|dead-letter}, rejected and accounted for), and only after every message before
 * it on its partition. At most {@link Options#maxInFlight} samples (plus one message's) are held: beyond
 * that the partitions are paused and polling only keeps the group membership.
 */
public final class Relay {

    /** How to run; filled by the command line. */
    public static final class Options {
        public Properties consumerProperties = new Properties();
        /** For the dead-letter producer. */
        public Properties producerProperties = new Properties();
        public String topic;
        public String bootstrap;
        public String decoder;
        public DecoderConfig decoderConfig = DecoderConfig.defaults();
        /** Pairs: key, value. */
        public String[] addLabels = new String[0];
        public OnError onError = OnError.FAIL;
        public String deadLetterTopic;
        public int maxInFlight = 100_000;
        public Duration drainTimeout = Duration.ofSeconds(30);
        public Duration idleTimeout;
        public Duration connectTimeout = Duration.ofSeconds(60);
        public long maxMessages;
        public boolean quiet;
    }

    /** A message whose samples are on their way. */
    private static final class Pending {
        final long offset;
        final AtomicInteger remaining = new AtomicInteger();
        volatile boolean failed;

        Pending(long offset) {
            this.offset = offset;
        }
    }

    private final Options o;
    private final PrintWriter err;
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong decoded = new AtomicLong();
    private final AtomicLong rejectedMessages = new AtomicLong();
    private final AtomicLong deadLetteredMessages = new AtomicLong();
    private final AtomicLong tombstones = new AtomicLong();
    private final AtomicLong samplesIn = new AtomicLong();
    private final AtomicLong samplesUnselected = new AtomicLong();
    private final AtomicLong samplesSent = new AtomicLong();
    private final AtomicLong samplesRejected = new AtomicLong();
    private final AtomicLong samplesDeadLettered = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong committedMessages = new AtomicLong();
    private final AtomicReference<String> fatal = new AtomicReference<>();
    private final Map<TopicPartition, ArrayDeque<Pending>> pending = new HashMap<>();
    private final ArrayDeque<ConsumerRecord<byte[], byte[]>> backlog = new ArrayDeque<>();
    private volatile boolean stopRequested;
    private volatile boolean closing;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private KafkaProducer<byte[], byte[]> deadLetters;
    private Sink sink;
    private String dlt;

    public Relay(Options options, PrintWriter err) {
        this.o = options;
        this.err = err;
    }

    /** Stops a running {@link #run} (what Ctrl-C and SIGTERM do): in-flight samples are drained, then committed. */
    public void requestStop() {
        stopRequested = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /** The error that stopped the run, or null. */
    public String fatal() {
        return fatal.get();
    }

    /** Runs until stopped, idle, the message limit, or a fatal error. The sink comes from {@code sinks}. */
    public RelayStats run(java.util.function.Function<Sink.Delivery, Sink> sinks) {
        long start = System.nanoTime();
        dlt = o.deadLetterTopic != null ? o.deadLetterTopic : o.topic + ".dead-letter";
        Properties props = new Properties();
        props.putAll(o.consumerProperties);
        props.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, "promsnap-relay");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        String stoppedBecause = "stopped";
        try (PayloadDecoder decoder = DecoderRegistry.getDefault().create(o.decoder, o.decoderConfig)) {
            if (o.onError == OnError.DEAD_LETTER) {
                Properties pp = new Properties();
                pp.putAll(o.producerProperties);
                pp.put(ProducerConfig.ACKS_CONFIG, "all");
                pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
                deadLetters = new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer());
            }
            try {
                sink = sinks.apply(new SinkDelivery());
                try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())) {
                    consumer = c;
                    err.println("relaying " + o.topic + " from " + o.bootstrap + " as group "
                            + props.getProperty(ConsumerConfig.GROUP_ID_CONFIG) + " with decoder " + o.decoder + " to "
                            + sink.describe() + ", on error " + o.onError.name().toLowerCase(Locale.ROOT).replace('_', '-'));
                    err.flush();
                    try {
                        stoppedBecause = loop(c, decoder);
                    } catch (org.apache.kafka.common.KafkaException e) {
                        // not admitted (SASL, TLS, ACLs): one line naming the cause, as the other client commands
                        String line = io.promsnap.loadgen.KafkaFailures.describe(e, props);
                        if (line == null) {
                            throw e;
                        }
                        fatal.compareAndSet(null, line);
                        stoppedBecause = "refused by Kafka";
                    }
                    drain(c);
                } finally {
                    consumer = null;
                    closing = true;
                    sink.close();
                }
            } finally {
                // also when the sink or the consumer could not be created: the producer's threads would outlive the run
                if (deadLetters != null) {
                    deadLetters.close(Duration.ofSeconds(5));
                }
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        long sent = samplesSent.get();
        long rej = samplesRejected.get();
        long unacked = samplesIn.get() - sent - rej;
        return new RelayStats(messages.get(), decoded.get(), rejectedMessages.get(), deadLetteredMessages.get(),
                tombstones.get(), samplesIn.get(), samplesUnselected.get(), sent, rej, samplesDeadLettered.get(), unacked, sink.retries(),
                committedMessages.get(), secs, sink.describe(), fatal.get() != null ? fatal.get() : stoppedBecause,
                sink.lastRetryReason());
    }

    private String loop(KafkaConsumer<byte[], byte[]> c, PayloadDecoder decoder) {
        c.subscribe(List.of(o.topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                // the next owner starts at our committed offsets: send what we hold first, commit, then let go
                drainInFlight();
                commitReady(c);
                for (TopicPartition tp : partitions) {
                    pending.remove(tp);
                }
                backlog.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            }
        });
        long t0 = System.nanoTime();
        long lastProgress = t0;
        long lastCommit = t0;
        long idleSince = t0;
        long unassignedSince = t0;
        long[] last = {0, 0, 0}; // samples in, samples sent, retries at the last progress line
        boolean paused = false;
        try {
            while (!stopRequested && fatal.get() == null) {
                boolean full = inFlight.get() >= o.maxInFlight;
                if ((full || !backlog.isEmpty()) != paused) {
                    paused = !paused;
                    if (paused) {
                        c.pause(c.assignment());
                    } else {
                        c.resume(c.paused());
                    }
                } else if (paused) {
                    c.pause(c.assignment()); // partitions assigned since
                }
                ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(paused ? 20 : 200));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    backlog.add(r);
                }
                while (!backlog.isEmpty() && inFlight.get() < o.maxInFlight && fatal.get() == null) {
                    process(backlog.poll(), decoder);
                    if (o.maxMessages > 0 && messages.get() >= o.maxMessages) {
                        backlog.clear();
                        return "--max-messages reached";
                    }
                }
                long now = System.nanoTime();
                if (now - lastCommit >= 1_000_000_000L) {
                    commitReady(c);
                    lastCommit = now;
                }
                if (!o.quiet && now - lastProgress >= 1_000_000_000L) {
                    progress(c, now - t0, (now - lastProgress) / 1e9, last);
                    lastProgress = now;
                }
                boolean assigned = !c.assignment().isEmpty();
                if (assigned) {
                    unassignedSince = now;
                } else if (now - unassignedSince >= o.connectTimeout.toNanos()) {
                    fatal.compareAndSet(null, "no partition of " + o.topic + " was assigned for "
                            + o.connectTimeout.toSeconds() + " s (--connect-timeout): Kafka at " + o.bootstrap
                            + " did not answer, or the topic does not exist" + probe());
                    break;
                }
                if (!records.isEmpty() || !backlog.isEmpty() || inFlight.get() > 0 || !assigned) {
                    idleSince = now;
                } else if (o.idleTimeout != null && now - idleSince >= o.idleTimeout.toNanos()) {
                    return "idle for " + o.idleTimeout.toMillis() + " ms (--idle-timeout)";
                }
            }
        } catch (WakeupException stopping) {
            // Ctrl-C: drain and commit below
        }
        return stopRequested ? "stop requested (signal)" : "error";
    }

    private void process(ConsumerRecord<byte[], byte[]> r, PayloadDecoder decoder) {
        messages.incrementAndGet();
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        Pending p = new Pending(r.offset());
        pending.computeIfAbsent(tp, k -> new ArrayDeque<>()).add(p);
        if (r.value() == null) {
            tombstones.incrementAndGet();
            return;
        }
        List<RelaySample> out = new ArrayList<>();
        DeadLetters.Rejection why;
        try {
            decoder.decode(r.value(), v -> out.add(RelaySample.copy(v, o.addLabels, p)));
            decoded.incrementAndGet();
            p.remaining.set(out.size());
            samplesIn.addAndGet(out.size());
            samplesUnselected.addAndGet(decoder.lastReport().unselectedCount());
            inFlight.addAndGet(out.size());
            for (RelaySample s : out) {
                sink.accept(s);
            }
            return;
        } catch (RuntimeException e) {
            why = DeadLetters.Rejection.of(e, o.decoder);
        }
        String error = why.error();
        rejectedMessages.incrementAndGet();
        String where = DeadLetters.where(r);
        switch (o.onError) {
            case FAIL -> {
                p.failed = true;
                fatal.compareAndSet(null, where + ": " + error + " (--on-error fail: offsets are committed up to the message before)");
            }
            case SKIP -> err.println("skipped " + where + ": " + error);
            case DEAD_LETTER -> {
                p.remaining.set(1);
                ProducerRecord<byte[], byte[]> dl = DeadLetters.record(dlt, r, why, o.decoder);
                String msg = error;
                deadLetters.send(dl, (md, e) -> {
                    if (e == null) {
                        deadLetteredMessages.incrementAndGet();
                        err.println("dead-lettered " + where + " to " + dlt + ": " + msg);
                        p.remaining.decrementAndGet();
                    } else {
                        p.failed = true;
                        fatal.compareAndSet(null, where + ": could not dead-letter to " + dlt + ": " + e);
                    }
                });
            }
        }
    }

    /** The sink's answers: bookkeeping only, from the sink's threads. */
    private final class SinkDelivery implements Sink.Delivery {
        private final StringBuilder scratch = new StringBuilder();

        @Override
        public void delivered(RelaySample s) {
            if (closing) {
                return;
            }
            samplesSent.incrementAndGet();
            inFlight.decrementAndGet();
            ((Pending) s.origin()).remaining.decrementAndGet();
        }

        @Override
        public void rejected(List<RelaySample> samples, String error) {
            if (closing) {
                return;
            }
            samplesRejected.addAndGet(samples.size());
            inFlight.addAndGet(-samples.size());
            switch (o.onError) {
                case FAIL -> {
                    for (RelaySample s : samples) {
                        ((Pending) s.origin()).failed = true;
                    }
                    fatal.compareAndSet(null, "the sink rejected " + error + " (--on-error fail: their messages are not committed)");
                }
                case SKIP -> {
                    err.println("skipped " + samples.size() + " samples the sink rejected: " + error);
                    for (RelaySample s : samples) {
                        ((Pending) s.origin()).remaining.decrementAndGet();
                    }
                }
                case DEAD_LETTER -> {
                    err.println("dead-lettering " + samples.size() + " samples the sink rejected to " + dlt + ": " + error);
                    for (RelaySample s : samples) {
                        byte[] line;
                        synchronized (scratch) {
                            line = SampleFormat.JSONL.encode(scratch, s);
                        }
                        ProducerRecord<byte[], byte[]> dl = new ProducerRecord<>(dlt, null, null, line);
                        dl.headers().add(DeadLetters.ERROR, error.getBytes(StandardCharsets.UTF_8));
                        dl.headers().add(DeadLetters.CATEGORY, "SINK_REJECTED".getBytes(StandardCharsets.UTF_8));
                        deadLetters.send(dl, (md, e) -> {
                            if (e == null) {
                                samplesDeadLettered.incrementAndGet();
                                ((Pending) s.origin()).remaining.decrementAndGet();
                            } else {
                                ((Pending) s.origin()).failed = true;
                                fatal.compareAndSet(null, "could not dead-letter to " + dlt + ": " + e);
                            }
                        });
                    }
                }
            }
        }
    }

    /** Commits, per partition, up to the first message not yet fully answered. Consumer thread only. */
    private void commitReady(KafkaConsumer<byte[], byte[]> c) {
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        long count = 0;
        for (Map.Entry<TopicPartition, ArrayDeque<Pending>> e : pending.entrySet()) {
            ArrayDeque<Pending> q = e.getValue();
            Pending done = null;
            while (!q.isEmpty() && !q.peek().failed && q.peek().remaining.get() == 0) {
                done = q.poll();
                count++;
            }
            if (done != null) {
                commit.put(e.getKey(), new OffsetAndMetadata(done.offset + 1));
            }
        }
        if (commit.isEmpty()) {
            return;
        }
        if (DeadLetters.commitSync(c, commit, o.connectTimeout)) {
            stopRequested = true; // the wakeup was Ctrl-C's
        }
        committedMessages.addAndGet(count);
    }

    /** Waits (bounded by --drain-timeout) until the sink answered everything held. */
    private boolean drainInFlight() {
        long deadline = System.nanoTime() + o.drainTimeout.toNanos();
        sink.flush();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return inFlight.get() == 0;
    }

    private void drain(KafkaConsumer<byte[], byte[]> c) {
        backlog.clear();
        if (inFlight.get() > 0) {
            err.println("draining " + inFlight.get() + " in-flight samples (up to " + o.drainTimeout.toSeconds()
                    + " s, --drain-timeout)");
            err.flush();
        }
        if (!drainInFlight()) {
            err.println("WARNING " + inFlight.get() + " samples were not acknowledged within --drain-timeout; their "
                    + "messages are not committed and will be read again");
        }
        if (deadLetters != null) {
            deadLetters.flush();
        }
        try {
            commitReady(c);
        } catch (KafkaException e) {
            fatal.compareAndSet(null, "could not commit the offsets of the relayed messages to Kafka at " + o.bootstrap
                    + " (they will be read again): " + e.getMessage());
        }
    }

    /**
     * Why no broker answered (a closed port, TLS spoken to a plain listener, ...): what promsnap's own probe of
     * the bootstrap addresses finds, or nothing when they answer as configured. Always asked: the consumer's
     * connection-count metric counts a TLS channel still in its handshake, so it looked connected to a plain
     * listener that would never let it in.
     */
    private String probe() {
        Properties p = new Properties();
        p.putAll(o.consumerProperties);
        String finding = io.promsnap.loadgen.KafkaFailures.probe(p);
        return finding == null ? "" : "; " + finding;
    }

    private void progress(KafkaConsumer<byte[], byte[]> c, long elapsed, double secs, long[] last) {
        long lag = 0;
        Set<TopicPartition> assignment = c.assignment();
        for (TopicPartition tp : assignment) {
            var l = c.currentLag(tp);
            if (l.isPresent()) {
                lag += l.getAsLong();
            }
        }
        long in = samplesIn.get();
        long out = samplesSent.get();
        long retries = sink.retries();
        String why = sink.lastRetryReason();
        err.printf(Locale.ROOT, "[%4ds] in=%.0f samples/s out=%.0f samples/s lag=%d messages in_flight=%d samples "
                        + "retries=%d sent=%d rejected=%d committed=%d%s%n",
                Math.round(elapsed / 1e9), (in - last[0]) / secs, (out - last[1]) / secs, lag, inFlight.get(), retries,
                out, samplesRejected.get(), committedMessages.get(),
                retries > last[2] && why != null ? " retrying: " + why : "");
        err.flush();
        last[0] = in;
        last[1] = out;
        last[2] = retries;
    }

}
