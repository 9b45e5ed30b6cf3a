package io.promsnap.loadgen;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import io.promsnap.ContainerFormat;
import io.promsnap.traffic.ModelConfig;
import io.promsnap.traffic.SampleSink;
import io.promsnap.traffic.Series;
import io.promsnap.traffic.TrafficModel;
import io.promsnap.traffic.encode.Batch;
import io.promsnap.traffic.encode.Batcher;
import io.promsnap.traffic.encode.JsonBatchWriter;
import io.promsnap.traffic.encode.PayloadCompressor;
import io.promsnap.traffic.encode.ValueSpelling;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Drives the traffic model into an output at a given rate: encodes samples into batches, sends them,
 * and measures. Rate limiting schedules sample {@code i} at {@code start + i / rate} (no drift: a slow
 * moment is caught up, not forgotten), and each batch's latency is measured from its intended send time
 * (when its last sample was due, or when linger expired), so back-pressure shows up as latency.
 *
 * <p>Linger is measured on that schedule, not on the wall clock, so with a rate the batch boundaries
 * (hence the bytes) depend only on the options and the seed. Without a rate batches are cut by size
 * only. One run per instance; {@link #stop()} may be called from another thread.
 *
 * <p>Two threads share the work, as a pipeline: the calling thread runs the model (and the rate
 * schedule, and the tap) and hands samples over in chunks through a small bounded queue; an encoder
 * thread cuts them into batches, writes the JSON, compresses it and sends it. Sends are asynchronous
 * (the output calls back on acknowledgement) and bounded by an in-flight window of
 * {@link Options#maxInFlightBytes}, so the model, the encoding and the broker's work overlap instead of
 * taking turns. The encoder applies exactly the batching rules of a single thread, so the batches (and
 * the bytes) are the same; it sends in order from one thread, so per-partition order is the producer's
 * (idempotent, hence ordered). Every batch handed to the output ends as acknowledged or failed in the
 * summary: one still unanswered when the run gives up is counted as failed.
 */
public final class LoadGenerator {
    private final Options o;
    private final BatchOutput out;
    private volatile boolean stopRequested;

    private final AtomicLong samplesSent = new AtomicLong();
    private final AtomicLong batchesSent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong ackedSamples = new AtomicLong();
    private final AtomicReference<String> stoppedBecause = new AtomicReference<>();
    /** When a batch last completed, or the output went from idle to busy (nanoTime). */
    private volatile long lastProgress;
    /** A send() call is in progress (it may block on metadata or buffer space). */
    private volatile boolean sending;
    private volatile boolean aborted;
    private volatile long abortedAt;
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong rawBytes = new AtomicLong();
    private final AtomicLong compressedBytes = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final Recorder latencyRecorder = new Recorder(3);
    private final Histogram latencyTotal = new Histogram(3);
    private Histogram latencyInterval;
    private final List<Long> perSecondSamples = new ArrayList<>();

    /** Run options. Defaults: 1000 samples or 1 MiB per batch, linger 1 s, no rate limit, 100,000 samples. */
    public static final class Options {
        public ModelConfig model = ModelConfig.defaults();
        public ValueSpelling spelling = ValueSpelling.JAVA;
        public boolean quoted = true;
        public ContainerFormat container = ContainerFormat.RAW;
        public int batchSamples = 1000;
        public int batchBytes = 1 << 20;
        public long lingerMs = 1000;
        /** Samples per second; 0 = as fast as possible. */
        public double rate;
        /** Stop after this many samples; 0 = no limit. */
        public long maxSamples = 100_000;
        /** Stop after this long; null = no limit. */
        public Duration duration;
        /** Sees every sample that is sent, in order (tests, debugging); may be null. */
        public SampleSink tap;
        /** Progress lines every second; null = quiet. */
        public PrintStream progress;
        /**
         * Stop the run (and give up on what is pending) when the output has acknowledged nothing for this
         * long while batches were outstanding, or when a batch failed; null = never.
         */
        public Duration deliveryTimeout;
        /** After {@link #duration}, how long pending batches may still take before they are given up. */
        public Duration drainTimeout = Duration.ofSeconds(5);
        /**
         * Compressed bytes sent but not yet acknowledged, at most (a batch larger than this goes alone). Half
         * the Kafka producer's default {@code buffer.memory}, so the producer itself never blocks a send.
         */
        public int maxInFlightBytes = 16 << 20;
        /**
         * Snappy on a thread of its own, after the JSON (batches stay in order): about a third of the
         * encoder's time moves to another core. Measured (docs/benchmarks.md): 1.25× the encoder's capacity
         * where a core is free, but slower end to end on 2 cores shared with a broker, so the default is on
         * from 4 cores. {@code -Dpromsnap.generate.compressStage=true|false} decides (A/B runs of one build).
         */
        public boolean compressStage = Boolean.parseBoolean(System.getProperty("promsnap.generate.compressStage",
                Boolean.toString(Runtime.getRuntime().availableProcessors() >= 4)));
    }

    public LoadGenerator(Options options, BatchOutput out) {
        this.o = Objects.requireNonNull(options, "options");
        this.out = Objects.requireNonNull(out, "out");
        if (o.rate < 0 || Double.isNaN(o.rate)) {
            throw new IllegalArgumentException("rate must be >= 0: " + o.rate);
        }
    }

    /**
     * Runs the model, the JSON and the compression for {@code samples} samples of these options (their
     * own model instance, unthrottled, nothing sent, no tap, no progress) so that a measurement that
     * follows finds the code compiled, as a benchmark's warm-up does.
     */
    public static void warmUp(Options options, long samples) {
        Options w = new Options();
        w.model = options.model;
        w.spelling = options.spelling;
        w.quoted = options.quoted;
        w.container = options.container;
        w.batchSamples = options.batchSamples;
        w.batchBytes = options.batchBytes;
        w.lingerMs = options.lingerMs;
        w.maxSamples = Math.max(1, samples);
        new LoadGenerator(w, new BatchOutput() {
            @Override
            public void send(Batch batch, Completion completion) {
                completion.done(null);
            }

            @Override
            public void flush() {
            }

            @Override
            public String describe() {
                return "nowhere (warm-up)";
            }

            @Override
            public void close() {
            }
        }).run();
    }

    /** Asks a running {@link #run()} to stop soon; it still flushes and reports. */
    public void stop() {
        stopRequested = true;
    }

    /** Samples handed from the model thread to the encoder thread, in emission order. */
    private static final class Chunk {
        final Series[] series;
        final double[] values;
        final long[] timestamps;
        /** Intended send time (nanoTime) of each sample; -1 without a rate. */
        final long[] intended;
        int size;
        /** With a rate: when the sample after these is due (the model thread sleeps until then); else MIN_VALUE. */
        long nextIntended = Long.MIN_VALUE;

        Chunk(int capacity) {
            series = new Series[capacity];
            values = new double[capacity];
            timestamps = new long[capacity];
            intended = new long[capacity];
        }

        boolean full() {
            return size == series.length;
        }
    }

    private static final int CHUNK_SAMPLES = 512;
    /** Chunks queued to the encoder: a little slack for the model's bursts, bounded memory. */
    private static final int CHUNKS_QUEUED = 8;
    private static final Chunk END = new Chunk(0);

    // model thread (the caller of run())
    private long accepted;
    private boolean done;
    private long deadline;
    private long t0;
    private Chunk chunk;
    private final BlockingQueue<Chunk> toEncoder = new ArrayBlockingQueue<>(CHUNKS_QUEUED + 1);
    private final BlockingQueue<Chunk> freeChunks = new ArrayBlockingQueue<>(CHUNKS_QUEUED + 2);

    // encoder thread
    private Batcher batcher;
    /** Encoder → compression stage: raw JSON batches in order, with their intended send times. */
    private record Raw(Batch json, long intended) {
    }

    private static final Raw END_RAW = new Raw(null, -1);
    private static final int RAW_QUEUED = 4;
    private final BlockingQueue<Raw> toCompressor = new ArrayBlockingQueue<>(RAW_QUEUED + 1);
    private PayloadCompressor compressor;
    private long currentIntended = -1;
    private long firstIntended;
    private final AtomicReference<Throwable> encoderFailure = new AtomicReference<>();

    private final Semaphore window = new Semaphore(Integer.MAX_VALUE);
    private int windowPermits;
    /** Guards the completion counters so that a summary sees acknowledged + failed + outstanding = sent. */
    private final Object counts = new Object();

    /** Runs until the sample limit, the duration or {@link #stop()}; returns the summary. */
    public GenerateSummary run() {
        TrafficModel model = new TrafficModel(o.model);
        compressor = new PayloadCompressor(o.container);
        boolean stage = o.compressStage;
        batcher = new Batcher(new JsonBatchWriter(o.spelling, o.quoted), stage ? null : compressor,
                o.batchSamples, o.batchBytes, stage ? this::handToCompressor : b -> send(b, intendedNow()));
        windowPermits = Math.max(1, o.maxInFlightBytes);
        window.drainPermits();
        window.release(windowPermits);
        double periodNs = o.rate > 0 ? 1e9 / o.rate : 0;
        long lingerNs = TimeUnit.MILLISECONDS.toNanos(Math.max(0, o.lingerMs));
        for (int i = 0; i < CHUNKS_QUEUED + 1; i++) {
            freeChunks.add(new Chunk(CHUNK_SAMPLES));
        }
        chunk = freeChunks.poll();
        t0 = System.nanoTime();
        lastProgress = t0;
        deadline = o.duration == null ? Long.MAX_VALUE : t0 + o.duration.toNanos();
        ScheduledExecutorService progress = startProgress();
        progress.scheduleAtFixedRate(this::watchdog, 100, 100, TimeUnit.MILLISECONDS);
        Thread compressing = null;
        if (stage) {
            compressing = new Thread(this::compressLoop, "promsnap-compress");
            compressing.setDaemon(true);
            compressing.start();
        }
        Thread encoder = new Thread(() -> {
            try {
                encode(periodNs > 0, lingerNs);
            } finally {
                if (stage) {
                    endCompression();
                }
            }
        }, "promsnap-encode");
        encoder.setDaemon(true);
        encoder.start();
        Thread compressThread = compressing;
        SampleSink sink = (s, v, ts) -> {
            if (done) {
                return; // the rest of a histogram that did not fit the sample limit
            }
            long intended = -1;
            if (periodNs > 0) {
                intended = t0 + (long) (accepted * periodNs);
                if (intended >= deadline) {
                    done = true;
                    return;
                }
                if (intended - System.nanoTime() > 0) {
                    // ahead of the schedule: the encoder gets every sample by its intended time, and learns
                    // when the next one is due (which is what ends a lingering batch)
                    chunk.nextIntended = intended;
                    handOff(true);
                    sleepUntil(intended);
                }
                if (stopRequested) {
                    done = true;
                    return;
                }
            }
            if (o.tap != null) {
                o.tap.accept(s, v, ts);
            }
            Chunk c = chunk;
            int i = c.size++;
            c.series[i] = s;
            c.values[i] = v;
            c.timestamps[i] = ts;
            c.intended[i] = intended;
            if (c.full()) {
                handOff(false);
            }
            accepted++;
            if (o.maxSamples > 0 && accepted >= o.maxSamples) {
                done = true;
            }
        };
        try {
            try {
                while (!done && !stopRequested && encoderFailure.get() == null) {
                    model.step(sink);
                    if (periodNs == 0 && System.nanoTime() >= deadline) {
                        done = true;
                    }
                    if (model.scrapesCompleted() >= 1 && model.samplesEmitted() == 0) {
                        throw new IllegalArgumentException("the filters " + o.model.filters() + " match no series");
                    }
                }
                handOff(false);
            } finally {
                enqueue(END);
                joinEncoder(encoder);
                if (compressThread != null) {
                    joinEncoder(compressThread);
                }
            }
            Throwable failure = encoderFailure.get();
            if (failure instanceof RuntimeException re) {
                throw re;
            } else if (failure instanceof Error er) {
                throw er;
            }
            if (!aborted) {
                out.flush();
            }
            awaitCompletions();
        } finally {
            if (progress != null) {
                progress.shutdownNow();
            }
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        Histogram h = drainLatency();
        double minWindow = minRate10s();
        long sent;
        long batches;
        long ackedBatches;
        long ackedSampleCount;
        long failed;
        synchronized (counts) {
            sent = samplesSent.get();
            batches = batchesSent.get();
            ackedBatches = acked.get();
            ackedSampleCount = ackedSamples.get();
            failed = errors.get();
        }
        long unanswered = batches - ackedBatches - failed;
        if (unanswered > 0) {
            // given up without an answer (a deadline passed): failed, so that acknowledged + failed = sent
            failed += unanswered;
            firstError.compareAndSet(null, unanswered + " batches given up without an acknowledgement");
        }
        double achieved = elapsed > 0 ? sent / elapsed : 0;
        boolean warn = o.rate > 0 && (achieved < o.rate * 0.95 || (minWindow >= 0 && minWindow < o.rate * 0.95));
        return new GenerateSummary(sent, batches, ackedBatches, ackedSampleCount, failed, rawBytes.get(),
                compressedBytes.get(), elapsed, o.rate, minWindow, h.getTotalCount() == 0 ? 0 : h.getMean() / 1000.0,
                ms(h, 50), ms(h, 95), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1000.0, warn, out.describe(),
                o.model.seed(), firstError.get(), stoppedBecause.get());
    }

    /** Model thread: passes the current chunk to the encoder if it holds anything or {@code always}. */
    private void handOff(boolean always) {
        if (chunk.size == 0 && !always) {
            return;
        }
        if (!enqueue(chunk)) {
            chunk.size = 0; // given up: the encoder is gone or the run was aborted; nothing more is sent
            chunk.nextIntended = Long.MIN_VALUE;
            return;
        }
        Chunk next = null;
        while (next == null && !aborted && encoderFailure.get() == null) {
            try {
                next = freeChunks.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        chunk = next != null ? next : new Chunk(CHUNK_SAMPLES);
        chunk.size = 0;
        chunk.nextIntended = Long.MIN_VALUE;
    }

    /** Model thread: blocks while the encoder is behind (back-pressure), but not past an abort. */
    private boolean enqueue(Chunk c) {
        try {
            while (!aborted && encoderFailure.get() == null) {
                if (toEncoder.offer(c, 100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (c == END) {
            toEncoder.clear(); // make room: the encoder has to learn that the run is over
            toEncoder.offer(END);
        }
        return false;
    }

    private void joinEncoder(Thread encoder) {
        try {
            // the encoder notices an abort within its poll/acquire slices; a wedged one is not waited for forever
            while (encoder.isAlive()) {
                encoder.join(100);
                if (aborted && encoder.isAlive() && System.nanoTime() - abortedAt > TimeUnit.SECONDS.toNanos(10)) {
                    encoderFailure.compareAndSet(null, new IllegalStateException("the encoder did not stop after the abort"));
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Encoder thread: the single-threaded batching rules, applied to the chunks in order. With a rate, a
     * batch lingers until the first sample due after {@code firstIntended + linger}: it is cut before that
     * sample, or at the linger's expiry when the model thread has said (with the chunk it handed over
     * before sleeping) that the next sample is due later, which is what a single thread did by sleeping
     * until the linger expired. Without a rate, linger is wall-clock time.
     */
    private void encode(boolean rated, long lingerNs) {
        long knownNext = Long.MIN_VALUE;
        try {
            while (true) {
                Chunk c;
                long due = Long.MAX_VALUE;
                if (lingerNs > 0 && batcher.pendingSamples() > 0 && (!rated || knownNext > firstIntended + lingerNs)) {
                    due = firstIntended + lingerNs;
                }
                if (due != Long.MAX_VALUE) {
                    long wait = due - System.nanoTime();
                    if (wait <= 0) {
                        currentIntended = rated ? due : -1;
                        batcher.flush();
                        continue;
                    }
                    c = toEncoder.poll(Math.min(wait, 100_000_000L), TimeUnit.NANOSECONDS);
                    if (c == null) {
                        continue;
                    }
                } else {
                    c = toEncoder.take();
                }
                if (c == END) {
                    currentIntended = -1;
                    if (!aborted) {
                        batcher.flush();
                    }
                    return;
                }
                for (int i = 0; i < c.size && !aborted; i++) {
                    long intended = c.intended[i];
                    if (rated && lingerNs > 0 && batcher.pendingSamples() > 0 && intended > firstIntended + lingerNs) {
                        currentIntended = firstIntended + lingerNs;
                        batcher.flush();
                    }
                    if (batcher.pendingSamples() == 0) {
                        firstIntended = intended >= 0 ? intended : System.nanoTime();
                    }
                    currentIntended = intended;
                    batcher.add(c.series[i], c.values[i], c.timestamps[i]);
                }
                knownNext = c.nextIntended;
                java.util.Arrays.fill(c.series, 0, c.size, null);
                c.size = 0;
                c.nextIntended = Long.MIN_VALUE;
                freeChunks.offer(c);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            encoderFailure.compareAndSet(null, t);
            stopRequested = true;
        }
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Encoder thread: when the batch being cut was meant to be sent (unrated: now). */
    private long intendedNow() {
        return currentIntended >= 0 ? currentIntended : System.nanoTime();
    }

    /** Encoder thread: a batch's JSON to the compression stage. */
    private void handToCompressor(Batch json) {
        offerToCompressor(new Raw(json, intendedNow()));
    }

    /** Encoder thread, last: the compression stage learns that no batch follows (also after an abort or a failure). */
    private void endCompression() {
        if (!offerToCompressor(END_RAW)) {
            toCompressor.clear(); // given up: what is queued is not sent, and END must fit
            toCompressor.offer(END_RAW);
        }
    }

    /** Waits while the compression stage is behind, but not past an abort or a failure; whether {@code r} went in. */
    private boolean offerToCompressor(Raw r) {
        try {
            while (!aborted && encoderFailure.get() == null) {
                if (toCompressor.offer(r, 100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Compression thread: Snappy on each batch, then the send, in the encoder's order. */
    private void compressLoop() {
        try {
            while (true) {
                Raw r = toCompressor.take();
                if (r == END_RAW) {
                    return;
                }
                if (aborted) {
                    continue; // given up: drain until END
                }
                Batch json = r.json();
                send(new Batch(compressor.compress(json.payload(), 0, json.jsonBytes()), json.samples(), json.jsonBytes()),
                        r.intended());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            encoderFailure.compareAndSet(null, t);
            stopRequested = true;
        }
    }

    /** Encoder thread (or the compression stage): one finished batch to the output, within the in-flight window. */
    private void send(Batch batch, long intended) {
        if (aborted) {
            return; // given up: the rest of the run is not attempted
        }
        int permits = Math.min(batch.payload().length, windowPermits);
        sending = true;
        try {
            // waiting for room counts as latency (intended was fixed before): no coordinated omission
            if (!acquire(permits)) {
                return;
            }
            if (outstanding() == 0) {
                lastProgress = System.nanoTime(); // the no-acknowledgement clock starts with the first outstanding batch
            }
            int n = batch.samples();
            synchronized (counts) {
                samplesSent.addAndGet(n);
                batchesSent.incrementAndGet();
            }
            rawBytes.addAndGet(batch.jsonBytes());
            compressedBytes.addAndGet(batch.payload().length);
            AtomicBoolean completed = new AtomicBoolean();
            out.send(batch, error -> {
                if (!completed.compareAndSet(false, true)) {
                    return; // an output that answers twice must not count a batch twice
                }
                window.release(permits);
                long now = System.nanoTime();
                long micros = Math.max(0, (now - intended) / 1000);
                latencyRecorder.recordValue(micros);
                lastProgress = now;
                if (error == null) {
                    synchronized (counts) {
                        acked.incrementAndGet();
                        ackedSamples.addAndGet(n);
                    }
                } else {
                    synchronized (counts) {
                        errors.incrementAndGet();
                    }
                    firstError.compareAndSet(null, error.toString());
                    // the producer has retried up to its delivery timeout already: the run stops here
                    if (o.deliveryTimeout != null) {
                        stopBecause("a batch failed: " + error.getMessage(), false);
                    }
                }
            });
        } finally {
            sending = false;
        }
    }

    private boolean acquire(int permits) {
        try {
            while (!aborted) {
                if (window.tryAcquire(permits, 100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** After an abort, the output fails what it still holds: give its callbacks a moment to arrive. */
    private void awaitCompletions() {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (aborted && outstanding() > 0 && System.nanoTime() < until) {
            LockSupport.parkNanos(10_000_000L);
        }
    }

    private long outstanding() {
        return batchesSent.get() - acked.get() - errors.get();
    }

    /** Every 100 ms: deadlines are deadlines, whatever the output is blocked on. */
    private void watchdog() {
        long now = System.nanoTime();
        boolean busy = sending || outstanding() > 0;
        if (o.deliveryTimeout != null && busy && now - lastProgress >= o.deliveryTimeout.toNanos()) {
            stopBecause("no acknowledgement from " + out.describe() + " for " + o.deliveryTimeout.toMillis() / 1000.0
                    + " s (--delivery-timeout)", true);
        } else if (deadline != Long.MAX_VALUE && busy && now - deadline >= o.drainTimeout.toNanos()) {
            stopBecause("--duration ended " + o.drainTimeout.toMillis() / 1000.0 + " s ago with " + outstanding()
                    + " batches still unacknowledged by " + out.describe(), true);
        }
    }

    private void stopBecause(String reason, boolean abort) {
        if (stoppedBecause.compareAndSet(null, reason)) {
            stopRequested = true;
        }
        if (abort && !aborted) {
            abortedAt = System.nanoTime();
            aborted = true;
            out.abort();
        }
    }

    private void sleepUntil(long nanoTime) {
        while (!stopRequested) {
            long wait = nanoTime - System.nanoTime();
            if (wait <= 0) {
                return;
            }
            // park in slices so that stop() is noticed even at very low rates
            LockSupport.parkNanos(Math.min(wait, 100_000_000L));
        }
    }

    private synchronized Histogram drainLatency() {
        latencyInterval = latencyRecorder.getIntervalHistogram(latencyInterval);
        latencyTotal.add(latencyInterval);
        return latencyTotal;
    }

    /** From the per-second counts of the progress thread (the partial last second is left out). */
    private synchronized double minRate10s() {
        List<Long> c = perSecondSamples;
        if (c.size() <= 10) {
            return -1;
        }
        long min = Long.MAX_VALUE;
        for (int i = 10; i < c.size(); i++) {
            min = Math.min(min, c.get(i) - c.get(i - 10));
        }
        return min / 10.0;
    }

    private ScheduledExecutorService startProgress() {
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "promsnap-progress");
            t.setDaemon(true);
            return t;
        });
        long[] last = {0};
        ex.scheduleAtFixedRate(() -> {
            long n = samplesSent.get();
            Histogram interval;
            synchronized (this) {
                perSecondSamples.add(n);
                latencyInterval = latencyRecorder.getIntervalHistogram(latencyInterval);
                latencyTotal.add(latencyInterval);
                interval = latencyInterval;
            }
            if (o.progress != null) {
                long secs = Math.round((System.nanoTime() - t0) / 1e9);
                o.progress.printf(Locale.ROOT, "[%4ds] samples=%d (%d/s) batches=%d raw=%.1f MB compressed=%.1f MB "
                                + "p99=%.2f ms errors=%d%n", secs, n, n - last[0], batchesSent.get(), rawBytes.get() / 1e6,
                        compressedBytes.get() / 1e6, interval.getValueAtPercentile(99) / 1000.0, errors.get());
            }
            last[0] = n;
        }, 1, 1, TimeUnit.SECONDS);
        return ex;
    }
}
