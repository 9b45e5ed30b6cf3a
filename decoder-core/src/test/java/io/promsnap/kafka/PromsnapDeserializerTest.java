package io.promsnap.kafka;

import io.promsnap.ContainerFormat;
import io.promsnap.DecodedBatch;
import io.promsnap.DecoderConfig;
import io.promsnap.ErrorCategory;
import io.promsnap.ErrorPolicy;
import io.promsnap.PromsnapException;
import io.promsnap.Sample;
import io.promsnap.testing.Payloads;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromsnapDeserializerTest {

    @Test
    void decodesWithTheConfiguredDecoderAndPolicy() {
        List<Sample> model = Payloads.realistic(1, 100);
        byte[] framed = Payloads.framed(Payloads.json(model, Payloads.Style.SEED));
        try (PromsnapDeserializer d = new PromsnapDeserializer()) {
            d.configure(Map.of(PromsnapDeserializer.DECODER, "snappy-java+jackson", PromsnapDeserializer.FORMAT, "auto",
                    PromsnapDeserializer.ERROR_POLICY, "skip"), false);
            assertThat(d.decoder().name()).isEqualTo("snappy-java+jackson");
            assertThat(d.decoder().config().errorPolicy()).isEqualTo(ErrorPolicy.SKIP);
            assertThat(d.deserialize("t", framed).samples()).isEqualTo(model);
            assertThat(d.deserialize("t", null, ByteBuffer.wrap(framed)).samples()).isEqualTo(model);
            assertThat(d.deserialize("t", (byte[]) null)).isNull();
            DecodedBatch b = d.deserialize("t", Payloads.raw("[{\"__name__\":\"m\",\"value\":\"x\",\"timestamp\":\"1\"}]"));
            assertThat(b.samples()).isEmpty();
            assertThat(b.skipped()).hasSize(1);
        }
    }

    @Test
    void badInputIsASerializationExceptionCarryingTheCause() {
        try (PromsnapDeserializer d = new PromsnapDeserializer()) {
            d.configure(Map.of(PromsnapDeserializer.MAX_DECOMPRESSED_BYTES, "100"), false);
            assertThat(d.decoder().name()).isEqualTo(PromsnapDeserializer.DEFAULT_DECODER);
            assertThatThrownBy(() -> d.deserialize("metrics", Payloads.raw("[" + " ".repeat(200) + "]")))
                    .isInstanceOf(SerializationException.class).hasMessageContaining("metrics")
                    .cause().isInstanceOf(PromsnapException.class)
                    .satisfies(c -> assertThat(((PromsnapException) c).category()).isEqualTo(ErrorCategory.LIMIT));
        }
    }

    @Test
    void promsnapMatchSelectsSamples() {
        byte[] payload = Payloads.raw("[{\"__name__\":\"up\",\"value\":\"1\",\"timestamp\":\"1\"},"
                + "{\"__name__\":\"down\",\"value\":\"2\",\"timestamp\":\"2\"}]");
        try (PromsnapDeserializer d = new PromsnapDeserializer()) {
            d.configure(Map.of(PromsnapDeserializer.MATCH, "{__name__=~\"u.*\"}"), false);
            assertThat(d.deserialize("t", payload).samples()).extracting(Sample::name).containsExactly("up");
        }
        assertThat(PromsnapDeserializer.configFrom(Map.of(PromsnapDeserializer.MATCH, "__name__=down")).selector())
                .isEqualTo(io.promsnap.Selector.parseDeliveryFilter("__name__=down"));
        assertThatThrownBy(() -> PromsnapDeserializer.configFrom(Map.of(PromsnapDeserializer.MATCH, "{job}")))
                .hasMessageContaining("promsnap.match").hasMessageContaining("column 5");
    }

    @Test
    void configurationErrorsNameTheProperty() {
        assertThatThrownBy(() -> PromsnapDeserializer.configFrom(Map.of(PromsnapDeserializer.FORMAT, "zip")))
                .hasMessageContaining("promsnap.format").hasMessageContaining("framed");
        assertThatThrownBy(() -> PromsnapDeserializer.configFrom(Map.of(PromsnapDeserializer.MAX_LABELS, "many")))
                .hasMessageContaining("promsnap.max.labels.per.sample");
        DecoderConfig c = PromsnapDeserializer.configFrom(Map.of(PromsnapDeserializer.MAX_LABELS, 7,
                PromsnapDeserializer.FORMAT, "XERIAL"));
        assertThat(c.limits().maxLabelsPerSample()).isEqualTo(7);
        assertThat(c.containerFormat()).isEqualTo(ContainerFormat.XERIAL);
        assertThatThrownBy(() -> new PromsnapDeserializer().configure(Map.of(PromsnapDeserializer.DECODER, "nope"), false))
                .hasMessageContaining("unknown decoder");
    }
}
