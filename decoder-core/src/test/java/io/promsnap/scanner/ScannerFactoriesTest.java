package io.promsnap.scanner;

import io.airlift.compress.snappy.SnappyCompressor;
import io.promsnap.DecodedBatch;
import io.promsnap.DecoderFactory;
import io.promsnap.DecoderRegistry;
import io.promsnap.ErrorCategory;
import io.promsnap.PayloadDecoder;
import io.promsnap.PromsnapException;
import io.promsnap.Sample;
import io.promsnap.decoders.AircompressorScannerDecoderFactory;
import io.promsnap.decoders.SnappyJavaScannerDecoderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ScannerFactoriesTest {

    static byte[] snappy(String json) {
        byte[] in = json.getBytes(StandardCharsets.UTF_8);
        SnappyCompressor c = new SnappyCompressor();
        byte[] out = new byte[c.maxCompressedLength(in.length)];
        int n = c.compress(in, 0, in.length, out, 0, out.length);
        return Arrays.copyOf(out, n);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aircompressor+scanner", "snappy-java+scanner"})
    void registeredAndDecodeEndToEnd(String name) {
        DecoderFactory f = DecoderRegistry.getDefault().get(name);
        assertThat(f.name()).isEqualTo(name);
        assertThat(f.pureJava()).isEqualTo(name.startsWith("aircompressor"));
        assertThat(f).isInstanceOf(name.startsWith("aircompressor") ? AircompressorScannerDecoderFactory.class
                : SnappyJavaScannerDecoderFactory.class);
        Assumptions.assumeTrue(f.availability().available(), f.availability().reason());
        try (PayloadDecoder d = f.create()) {
            assertThat(d.name()).isEqualTo(name);
            byte[] payload = snappy(ScannerJsonStageTest.SEED.replace("]", ",{\"__name__\":\"x\",\"value\":-1,\"timestamp\":2}]"));
            DecodedBatch batch = d.decodeBatch(payload);
            assertThat(batch.samples()).containsExactly(
                    new Sample("up", Map.of("job", "x"), 675.0, 1698732988354L),
                    new Sample("x", Map.of(), -1.0, 2L));
            // a direct buffer and a second payload through the same decoder
            ByteBuffer direct = ByteBuffer.allocateDirect(payload.length).put(payload).flip();
            assertThat(d.decodeBatch(direct).samples()).hasSize(2);
            PromsnapException e = catchThrowableOfType(PromsnapException.class,
                    () -> d.decodeBatch(snappy("[{\"__name__\":\"up\"")));
            assertThat(e.category()).isEqualTo(ErrorCategory.JSON_SYNTAX);
            assertThat(d.decodeBatch(payload).samples()).hasSize(2);
        }
    }
}
