package io.promsnap.loadgen.cli;

import static io.promsnap.loadgen.cli.KafkaTestSupport.byKey;
import static io.promsnap.loadgen.cli.KafkaTestSupport.decodeAll;
import static io.promsnap.broker.TopicRecords.readAll;
import static io.promsnap.loadgen.cli.KafkaTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.promsnap.DecoderConfig;
import io.promsnap.DecoderFactory;
import io.promsnap.DecoderRegistry;
import io.promsnap.PayloadDecoder;
import io.promsnap.Sample;
import io.promsnap.broker.EmbeddedKafkaBroker;
import io.promsnap.broker.EmbeddedKafkaExtension;
import io.promsnap.loadgen.testdecoder.VendorStyleDecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Generate into the embedded broker, consume back, decode: every sample exactly once and equal to what
 * was generated; the same with a broker restart in the middle of the run.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
@Timeout(120) // a hung client must fail the test, not the CI job
class EndToEndTest {
    /** The decoders the decoder-core issue asks for; checked once they are on the class path. */
    static final List<String> EXPECTED_DECODERS = List.of("aircompressor+dsl-json", "aircompressor+jackson",
            "aircompressor+scanner", "snappy-java+dsl-json", "snappy-java+jackson", "snappy-java+scanner");

    private static List<Sample> generate(EmbeddedKafkaBroker broker, String topic, Runnable midRun, String... extra) throws Exception {
        List<Sample> generated = Collections.synchronizedList(new ArrayList<>());
        GenerateCommand cmd = new GenerateCommand();
        cmd.tap = (s, v, ts) -> generated.add(new Sample(s.name(), s.labels(), v, ts));
        List<String> args = new ArrayList<>(List.of("--bootstrap-server", broker.bootstrapServers(), "--topic", topic,
                "--partitions", "3", "--series", "3000", "--batch-samples", "500", "--seed", "99", "--quiet",
                "--nan-share", "0.01", "--inf-share", "0.01", "--churn", "30s"));
        args.addAll(List.of(extra));
        AtomicReference<KafkaTestSupport.Run> result = new AtomicReference<>();
        Thread t = new Thread(() -> result.set(run(cmd, args.toArray(new String[0]))));
        t.start();
        if (midRun != null) {
            midRun.run();
        }
        t.join(120_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(result.get().exit()).as(result.get().out()).isZero();
        assertThat(result.get().out()).contains("samples sent in", " 0 errors.");
        return generated;
    }

    private static void assertEveryDecoderReadsExactly(List<Sample> generated,
                                                       List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, Sample> expected = byKey(generated);
        // the way the vendor's sample consumer reads: Snappy.uncompress + a JSON tree
        try (PayloadDecoder vendor = new VendorStyleDecoderFactory().create(DecoderConfig.defaults())) {
            List<Sample> decoded = decodeAll(vendor, records);
            assertThat(decoded).hasSameSizeAs(generated);
            assertThat(byKey(decoded)).isEqualTo(expected);
        }
        List<String> real = new ArrayList<>();
        for (DecoderFactory f : DecoderRegistry.getDefault().available()) {
            if (f.name().equals(VendorStyleDecoderFactory.NAME)) {
                continue;
            }
            real.add(f.name());
            try (PayloadDecoder d = f.create(DecoderConfig.defaults())) {
                List<Sample> decoded = decodeAll(d, records);
                assertThat(decoded).as(f.name()).hasSameSizeAs(generated);
                assertThat(byKey(decoded)).as(f.name()).isEqualTo(expected);
            }
        }
        if (!real.isEmpty()) {
            assertThat(real).containsExactlyInAnyOrderElementsOf(EXPECTED_DECODERS);
        }
    }

    @Test
    void everySampleArrivesExactlyOnceAndDecodesToWhatWasGenerated(EmbeddedKafkaBroker broker) throws Exception {
        List<Sample> generated = generate(broker, "e2e", null, "--samples", "20000");
        assertThat(generated).hasSize(20_000);
        List<ConsumerRecord<byte[], byte[]>> records = readAll(broker.bootstrapServers(), "e2e");
        assertThat(records).hasSize(40);
        assertThat(records).extracting(ConsumerRecord::partition).contains(0, 1, 2);
        assertEveryDecoderReadsExactly(generated, records);

        // the consume command's counts add up
        ConsumeCommand consume = new ConsumeCommand();
        KafkaTestSupport.Run r = run(consume, "--bootstrap-server", broker.bootstrapServers(), "--topic", "e2e",
                "--decoder", VendorStyleDecoderFactory.NAME, "--group", "e2e-check", "--idle-timeout", "2s", "--quiet");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("messages=40 decoded=40 rejected=0 samples=20000");
    }

    @Test
    void nothingIsLostWhenTheBrokerRestartsMidRun(EmbeddedKafkaBroker broker) throws Exception {
        List<Sample> generated = generate(broker, "e2e-restart", () -> {
            try {
                Thread.sleep(800);
                broker.stop();
                Thread.sleep(300);
                broker.start();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }, "--samples", "24000", "--rate", "12000");
        assertThat(generated).hasSize(24_000);
        List<ConsumerRecord<byte[], byte[]>> records = readAll(broker.bootstrapServers(), "e2e-restart");
        assertThat(records).hasSize(48);
        assertEveryDecoderReadsExactly(generated, records);
    }
}
