package io.promsnap.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.promsnap.ContainerFormat;
import io.promsnap.traffic.ModelConfig;
import io.promsnap.traffic.Series;
import io.promsnap.traffic.encode.Batch;
import io.promsnap.traffic.encode.Batcher;
import io.promsnap.traffic.encode.JsonBatchWriter;
import io.promsnap.traffic.encode.PayloadCompressor;
import io.promsnap.traffic.encode.ValueSpelling;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The two-thread pipeline against outputs that answer late, fail, or stall. */
@Timeout(60)
class LoadGeneratorPipelineTest {

    private record Tapped(Series series, double value, long ts) {
    }

    /** Answers every batch later, from another thread, failing every {@code failEvery}-th (0 = none). */
    private static final class AsyncOutput implements BatchOutput {
        final List<Batch> sent = Collections.synchronizedList(new ArrayList<>());
        final ExecutorService acks = Executors.newSingleThreadExecutor();
        final int failEvery;
        final AtomicInteger n = new AtomicInteger();
        volatile long stallOnBatch = -1;
        volatile long stallMillis;

        AsyncOutput(int failEvery) {
            this.failEvery = failEvery;
        }

        @Override
        public void send(Batch batch, Completion completion) {
            int i = n.incrementAndGet();
            if (i == stallOnBatch) {
                try {
                    Thread.sleep(stallMillis); // a send that blocks, as a full producer buffer does
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            sent.add(batch);
            acks.execute(() -> completion.done(failEvery > 0 && i % failEvery == 0
                    ? new IllegalStateException("refused batch " + i) : null));
        }

        @Override
        public void flush() {
            try {
                acks.submit(() -> { }).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public String describe() {
            return "test output";
        }

        @Override
        public void close() {
            acks.shutdownNow();
        }
    }

    private static LoadGenerator.Options options(List<Tapped> tap) {
        LoadGenerator.Options o = new LoadGenerator.Options();
        o.model = ModelConfig.builder().series(3000).seed(5).build();
        o.batchSamples = 250;
        o.lingerMs = 0;
        o.maxSamples = 40_000;
        o.tap = (s, v, ts) -> tap.add(new Tapped(s, v, ts));
        return o;
    }

    /** With Snappy on its own thread (the default) and on the encoder's: the same batches, in the same order. */
    @ParameterizedTest(name = "compressStage={0}")
    @ValueSource(booleans = {true, false})
    void batchesAreThoseOfOneThreadInTheSameOrderAndTheCountsAddUp(boolean compressStage) {
        List<Tapped> tap = new ArrayList<>();
        LoadGenerator.Options o = options(tap);
        o.compressStage = compressStage;
        o.maxInFlightBytes = 64 << 10; // a small window: the encoder really waits for acknowledgements
        try (AsyncOutput out = new AsyncOutput(0)) {
            GenerateSummary s = new LoadGenerator(o, out).run();
            assertThat(s.succeeded()).as(s.toHuman()).isTrue();
            assertThat(s.samples()).isEqualTo(40_000).isEqualTo(s.acknowledgedSamples());
            assertThat(s.batches()).isEqualTo(160).isEqualTo(s.acknowledged());

            // the reference: one thread, one Batcher, fed what the model emitted in the order it emitted it
            List<Batch> reference = new ArrayList<>();
            Batcher b = new Batcher(new JsonBatchWriter(ValueSpelling.JAVA, true), new PayloadCompressor(ContainerFormat.RAW),
                    o.batchSamples, o.batchBytes, reference::add);
            tap.forEach(t -> b.add(t.series(), t.value(), t.ts()));
            b.flush();
            assertThat(out.sent).hasSameSizeAs(reference);
            for (int i = 0; i < reference.size(); i++) {
                assertThat(out.sent.get(i).payload()).as("batch %d", i).isEqualTo(reference.get(i).payload());
            }
        }
    }

    @ParameterizedTest(name = "compressStage={0}")
    @ValueSource(booleans = {true, false})
    void failedBatchesAreCountedAndTheSumsHold(boolean compressStage) {
        List<Tapped> tap = new ArrayList<>();
        LoadGenerator.Options o = options(tap);
        o.compressStage = compressStage;
        try (AsyncOutput out = new AsyncOutput(7)) {
            GenerateSummary s = new LoadGenerator(o, out).run();
            assertThat(s.succeeded()).isFalse();
            assertThat(s.errors()).isEqualTo(160 / 7);
            assertThat(s.acknowledged() + s.errors()).isEqualTo(s.batches()).isEqualTo(160);
            assertThat(s.acknowledgedSamples()).isEqualTo(s.samples() - (160 / 7) * 250L);
            assertThat(s.firstError()).contains("refused batch 7");
            assertThat(s.toJson()).contains("\"failedSamples\":" + (160 / 7) * 250);
            assertThat(s.toHuman()).contains("NOT ACKNOWLEDGED: " + (160 / 7) * 250 + " of 40000 samples");
        }
    }

    @ParameterizedTest(name = "compressStage={0}")
    @ValueSource(booleans = {true, false})
    void aStalledOutputShowsUpAsLatencyFromTheIntendedSendTime(boolean compressStage) {
        LoadGenerator.Options o = options(Collections.synchronizedList(new ArrayList<>()));
        o.compressStage = compressStage;
        o.tap = null;
        o.rate = 5000; // 20 batches/s of 250 samples
        o.maxSamples = 10_000;
        try (AsyncOutput out = new AsyncOutput(0)) {
            out.stallOnBatch = 5;
            out.stallMillis = 600;
            long t0 = System.nanoTime();
            GenerateSummary s = new LoadGenerator(o, out).run();
            double secs = (System.nanoTime() - t0) / 1e9;
            assertThat(s.succeeded()).isTrue();
            assertThat(s.samples()).isEqualTo(10_000);
            // the schedule holds: 2 s of samples, neither bursting ahead nor drifting far behind
            assertThat(secs).isBetween(1.9, 8.0);
            // the stalled batch and those due while it stalled waited, and that is measured: batch 5 waited
            // about 600 ms, batch 6 about 550 ms, ...: a sender that only timed its own sends would see ~0
            assertThat(s.latencyMaxMs()).as(s.toHuman()).isGreaterThanOrEqualTo(500);
            assertThat(s.latencyP95Ms()).as(s.toHuman()).isGreaterThanOrEqualTo(100);
        }
    }

    /** An output that never answers: the run gives up after --delivery-timeout, and the counts still add up. */
    @ParameterizedTest(name = "compressStage={0}")
    @ValueSource(booleans = {true, false})
    void anOutputThatNeverAnswersIsGivenUpInBoundedTime(boolean compressStage) {
        LoadGenerator.Options o = options(Collections.synchronizedList(new ArrayList<>()));
        o.tap = null;
        o.compressStage = compressStage;
        o.maxInFlightBytes = 64 << 10; // the window fills, so the sender is blocked when the deadline passes
        o.deliveryTimeout = java.time.Duration.ofSeconds(1);
        BatchOutput silent = new BatchOutput() {
            @Override
            public void send(Batch batch, Completion completion) {
                // never answers
            }

            @Override
            public void flush() {
            }

            @Override
            public String describe() {
                return "a silent output";
            }

            @Override
            public void close() {
            }
        };
        long t0 = System.nanoTime();
        GenerateSummary s = new LoadGenerator(o, silent).run();
        double secs = (System.nanoTime() - t0) / 1e9;
        assertThat(secs).as(s.toHuman()).isLessThan(20);
        assertThat(s.succeeded()).isFalse();
        assertThat(s.acknowledged()).isZero();
        assertThat(s.errors()).as("every batch handed over ends as failed").isEqualTo(s.batches()).isPositive();
        assertThat(s.acknowledgedSamples()).isZero();
        assertThat(s.stoppedBecause()).contains("no acknowledgement from a silent output");
    }
}
