package io.promsnap.loadgen;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import io.promsnap.ContainerFormat;
import io.promsnap.traffic.ModelConfig;
import io.promsnap.traffic.SampleSink;
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
    }

    public LoadGenerator(Options options, BatchOutput out) {
        this.o = Objects.requireNonNull(options, "options");
        this.out = Objects.requireNonNull(out, "out");
        if (o.rate < 0 || Double.isNaN(o.rate)) {
            throw new IllegalArgumentException("rate must be >= 0: " + o.rate);
        }
    }

    /** Asks a running {@link #run()} to stop soon; it still flushes and reports. */
    public void stop() {
        stopRequested = true;
    }

    // mutable state of the run loop (single thread)
    private Batcher batcher;
    private long currentIntended = -1;
    private long firstIntended;
    private long accepted;
    private boolean done;
    private long deadline;
    private long t0;

    /** Runs until the sample limit, the duration or {@link #stop()}; returns the summary. */
    public GenerateSummary run() {
        TrafficModel model = new TrafficModel(o.model);
        batcher = new Batcher(new JsonBatchWriter(o.spelling, o.quoted), new PayloadCompressor(o.container),
                o.batchSamples, o.batchBytes, this::send);
        double periodNs = o.rate > 0 ? 1e9 / o.rate : 0;
        long lingerNs = TimeUnit.MILLISECONDS.toNanos(Math.max(0, o.lingerMs));
        t0 = System.nanoTime();
        lastProgress = t0;
        deadline = o.duration == null ? Long.MAX_VALUE : t0 + o.duration.toNanos();
        ScheduledExecutorService progress = startProgress();
        progress.scheduleAtFixedRate(this::watchdog, 100, 100, TimeUnit.MILLISECONDS);
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
                if (lingerNs > 0 && batcher.pendingSamples() > 0 && intended > firstIntended + lingerNs) {
                    long due = firstIntended + lingerNs;
                    sleepUntil(due);
                    currentIntended = due;
                    batcher.flush();
                }
                sleepUntil(intended);
                if (stopRequested) {
                    done = true;
                    return;
                }
            }
            if (batcher.pendingSamples() == 0) {
                firstIntended = intended >= 0 ? intended : System.nanoTime();
            }
            currentIntended = intended;
            if (o.tap != null) {
                o.tap.accept(s, v, ts);
            }
            batcher.add(s, v, ts);
            accepted++;
            if (o.maxSamples > 0 && accepted >= o.maxSamples) {
                done = true;
            }
        };
        try {
            while (!done && !stopRequested) {
                model.step(sink);
                if (periodNs == 0) {
                    long now = System.nanoTime();
                    if (now >= deadline) {
                        done = true;
                    } else if (lingerNs > 0 && batcher.pendingSamples() > 0 && now - firstIntended > lingerNs) {
                        currentIntended = -1;
                        batcher.flush();
                    }
                }
                if (model.scrapesCompleted() >= 1 && model.samplesEmitted() == 0) {
                    throw new IllegalArgumentException("the filters " + o.model.filters() + " match no series");
                }
            }
            currentIntended = -1;
            if (!aborted) {
                batcher.flush();
            }
            if (!aborted) {
                out.flush();
            }
        } finally {
            if (progress != null) {
                progress.shutdownNow();
            }
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        Histogram h = drainLatency();
        double minWindow = minRate10s();
        double achieved = elapsed > 0 ? samplesSent.get() / elapsed : 0;
        boolean warn = o.rate > 0 && (achieved < o.rate * 0.95 || (minWindow >= 0 && minWindow < o.rate * 0.95));
        return new GenerateSummary(samplesSent.get(), batchesSent.get(), acked.get(), ackedSamples.get(), errors.get(), rawBytes.get(),
                compressedBytes.get(), elapsed, o.rate, minWindow, h.getTotalCount() == 0 ? 0 : h.getMean() / 1000.0,
                ms(h, 50), ms(h, 95), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1000.0, warn, out.describe(),
                o.model.seed(), firstError.get(), stoppedBecause.get());
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    private void send(Batch batch) {
        if (aborted) {
            return; // given up: the rest of the run is not attempted
        }
        long intended = currentIntended >= 0 ? currentIntended : System.nanoTime();
        if (outstanding() == 0) {
            lastProgress = System.nanoTime(); // the no-acknowledgement clock starts with the first outstanding batch
        }
        samplesSent.addAndGet(batch.samples());
        batchesSent.incrementAndGet();
        rawBytes.addAndGet(batch.jsonBytes());
        compressedBytes.addAndGet(batch.payload().length);
        int n = batch.samples();
        sending = true;
        try {
            out.send(batch, error -> {
                long now = System.nanoTime();
                long micros = Math.max(0, (now - intended) / 1000);
                latencyRecorder.recordValue(micros);
                lastProgress = now;
                if (error == null) {
                    acked.incrementAndGet();
                    ackedSamples.addAndGet(n);
                } else {
                    errors.incrementAndGet();
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
