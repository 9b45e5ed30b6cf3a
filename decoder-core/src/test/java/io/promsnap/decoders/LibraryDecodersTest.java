package io.promsnap.decoders;

import io.promsnap.DecoderFactory;
import io.promsnap.DecoderRegistry;
import io.promsnap.PayloadDecoder;
import io.promsnap.Sample;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xerial.snappy.Snappy;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The four library decoders through the registry, end to end on Snappy-compressed payloads. */
class LibraryDecodersTest {

    private static byte[] payload(int samples) throws Exception {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < samples; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"__name__\":\"container_cpu_usage_seconds_total\",\"instance\":\"10.0.")
                    .append(i % 250).append(".7:10250\",\"job\":\"kubelet\",\"namespace\":\"kube-system\",\"pod\":\"coredns-")
                    .append(i).append("\",\"container\":\"coredns\",\"cpu\":\"total\",\"value\":\"").append(i).append(".25\",")
                    .append("\"timestamp\":\"").append(1698732988354L + i).append("\"}");
        }
        return Snappy.compress(sb.append(']').toString().getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"snappy-java+jackson", "snappy-java+dsl-json", "aircompressor+jackson", "aircompressor+dsl-json"})
    void registeredAvailableAndDecoding(String name) throws Exception {
        DecoderFactory f = DecoderRegistry.getDefault().all().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not registered: " + DecoderRegistry.getDefault().names()));
        assertThat(f.pureJava()).isEqualTo(name.startsWith("aircompressor"));
        assertThat(f.availability().available()).as(f.availability().reason()).isTrue();
        PayloadDecoder d = f.create();
        assertThat(d.name()).isEqualTo(name);
        List<Sample> out = new ArrayList<>();
        byte[] p = payload(100);
        assertThat(d.decode(p, 0, p.length, s -> out.add(s.toSample()))).isEqualTo(100);
        assertThat(out).hasSize(100);
        assertThat(out.get(42).labels().get("pod")).isEqualTo("coredns-42");
        assertThat(out.get(42).value()).isEqualTo(42.25);
        assertThat(out.get(42).timestampMillis()).isEqualTo(1698732988354L + 42);
        assertThat(d.lastReport().samples()).isEqualTo(100);
    }

    /** Steady state: no allocation per sample (a few hundred bytes per payload for Jackson's parser). */
    @ParameterizedTest
    @ValueSource(strings = {"aircompressor+jackson", "aircompressor+dsl-json"})
    void noAllocationPerSampleInSteadyState(String name) throws Exception {
        PayloadDecoder d = DecoderRegistry.getDefault().all().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow().create();
        byte[] p = payload(1000);
        double[] sink = new double[1];
        for (int i = 0; i < 300; i++) {
            d.decode(p, 0, p.length, s -> sink[0] += s.value() + s.labelValue(s.labelCount() - 1).length());
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        int rounds = 50;
        for (int i = 0; i < rounds; i++) {
            d.decode(p, 0, p.length, s -> sink[0] += s.value() + s.labelValue(s.labelCount() - 1).length());
        }
        long perSample = (mx.getThreadAllocatedBytes(tid) - before) / (rounds * 1000L);
        assertThat(sink[0]).isPositive();
        assertThat(perSample).as("bytes allocated per sample by %s", name).isLessThan(4);
    }
}
