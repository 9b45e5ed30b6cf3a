package io.promsnap.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import io.promsnap.ErrorCategory;
import io.promsnap.PromsnapException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class DeadLettersTest {
    @Test
    void badInputKeepsItsCategoryAndABugIsNamedAsOne() {
        PromsnapException bad = PromsnapException.syntax(7, 0, "unexpected byte");
        DeadLetters.Rejection r = DeadLetters.Rejection.of(bad, "snappy-java+scanner");
        assertThat(r.error()).isEqualTo(bad.getMessage());
        assertThat(r.category()).isEqualTo(ErrorCategory.JSON_SYNTAX.name());

        DeadLetters.Rejection bug = DeadLetters.Rejection.of(new IllegalStateException("boom"), "aircompressor+jackson");
        assertThat(bug.category()).isEqualTo("DECODER_BUG");
        assertThat(bug.error()).isEqualTo("decoder aircompressor+jackson failed unexpectedly: java.lang.IllegalStateException: boom");
    }

    @Test
    void theRecordCarriesTheRawMessageAndTheFourHeaders() {
        byte[] key = {1, 2};
        byte[] value = {(byte) 0xff, 0, 3};
        ConsumerRecord<byte[], byte[]> in = new ConsumerRecord<>("metrics", 2, 41L, key, value);
        ProducerRecord<byte[], byte[]> dl = DeadLetters.record("metrics.dead-letter", in,
                new DeadLetters.Rejection("why", "SNAPPY"), "snappy-java+scanner");
        assertThat(dl.topic()).isEqualTo("metrics.dead-letter");
        assertThat(dl.partition()).isNull();
        assertThat(dl.key()).isSameAs(key);
        assertThat(dl.value()).isSameAs(value);
        assertThat(header(dl, "promsnap.error")).isEqualTo("why");
        assertThat(header(dl, "promsnap.error.category")).isEqualTo("SNAPPY");
        assertThat(header(dl, "promsnap.source")).isEqualTo("metrics-2@41").isEqualTo(DeadLetters.where(in));
        assertThat(header(dl, "promsnap.decoder")).isEqualTo("snappy-java+scanner");
        assertThat(dl.headers().toArray()).hasSize(4);
    }

    private static String header(ProducerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
