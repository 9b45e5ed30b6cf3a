package io.promsnap.suite;

import io.promsnap.DecoderFactory;
import io.promsnap.DecoderRegistry;
import io.promsnap.PayloadDecoder;
import io.promsnap.Sample;
import io.promsnap.spi.StagedDecoderFactory;
import io.promsnap.testing.Payloads;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A decoder shared between threads, or called again from its own visitor, must say so instead of mixing
 * two payloads' views (which delivered wrong samples and blamed good input). Every staged decoder.
 */
class ConcurrentUseTest {
    static final List<Sample> SAMPLES = Payloads.realistic(7, 50);
    static final byte[] PAYLOAD = Payloads.raw(Payloads.json(SAMPLES, Payloads.Style.SEED));

    static Stream<String> decoders() {
        return DecoderRegistry.getDefault().available().stream()
                .filter(f -> f instanceof StagedDecoderFactory).map(DecoderFactory::name);
    }

    @ParameterizedTest
    @MethodSource("decoders")
    void secondThreadIsRefusedWhileTheFirstIsInside(String name) throws Exception {
        PayloadDecoder d = DecoderRegistry.getDefault().create(name, io.promsnap.DecoderConfig.defaults());
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Sample> got = new ArrayList<>();
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> d.decode(PAYLOAD, s -> {
            got.add(s.toSample());
            if (got.size() == 1) {
                inside.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }));
        assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> d.decode(PAYLOAD, s -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not thread-safe")
                .hasMessageContaining("create one per thread");
        assertThatThrownBy(() -> d.decode(ByteBuffer.allocateDirect(PAYLOAD.length).put(PAYLOAD).flip(), s -> { }))
                .isInstanceOf(IllegalStateException.class);
        release.countDown();
        // the first caller was not disturbed: every sample, right values
        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(SAMPLES.size());
        assertThat(got).isEqualTo(SAMPLES);
        // handing the decoder to another thread between calls is allowed
        List<Sample> again = new ArrayList<>();
        CompletableFuture.runAsync(() -> d.decode(PAYLOAD, s -> again.add(s.toSample()))).get(30, TimeUnit.SECONDS);
        assertThat(again).isEqualTo(SAMPLES);
    }

    @ParameterizedTest
    @MethodSource("decoders")
    void reentrantCallFromTheVisitorIsRefused(String name) {
        PayloadDecoder d = DecoderRegistry.getDefault().create(name, io.promsnap.DecoderConfig.defaults());
        AtomicReference<Throwable> inner = new AtomicReference<>();
        int n = d.decode(PAYLOAD, s -> {
            if (inner.get() == null) {
                try {
                    d.decode(PAYLOAD, x -> { });
                    inner.set(new AssertionError("nested decode was accepted"));
                } catch (IllegalStateException e) {
                    inner.set(e);
                }
            }
        });
        assertThat(inner.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("not re-entrant");
        assertThat(n).isEqualTo(SAMPLES.size());
        assertThat(d.decodeBatch(PAYLOAD).samples()).isEqualTo(SAMPLES); // and it still works afterwards
    }
}
