package io.promsnap.conformance;

import io.promsnap.ContainerFormat;
import io.promsnap.DecodeLimits;
import io.promsnap.PayloadDecoder;
import io.promsnap.conformance.corpus.Canonical;
import io.promsnap.conformance.corpus.ModelSample;
import io.promsnap.conformance.corpus.SnappyEncoder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cases at exactly a limit, too large to check in as golden files (their expected output is megabytes):
 * maxStringBytes counts UTF-8 bytes after unescaping, so a 1 MiB value written with escapes (2 MiB of JSON)
 * is accepted and one byte more is refused.
 */
class LimitBoundaryTest {
    static final int MAX = DecodeLimits.DEFAULT_MAX_STRING_BYTES;

    private static byte[] payload(String labelValueJson) {
        String json = "[{\"__name__\":\"up\",\"k\":\"" + labelValueJson + "\",\"value\":\"1\",\"timestamp\":\"5\"}]";
        return SnappyEncoder.compress(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void stringsOfExactlyMaxStringBytesAreAcceptedHoweverTheyAreWritten() {
        String plain = "v".repeat(MAX);
        String escapedQuotes = "\"".repeat(MAX);
        String threeByte = "节".repeat(MAX / 3) + "v".repeat(MAX % 3);
        String[][] cases = {{plain, plain}, {"\\\"".repeat(MAX), escapedQuotes},
            {"\\u8282".repeat(MAX / 3) + "v".repeat(MAX % 3), threeByte}};
        for (PayloadDecoder d : Verdicts.decoders(ContainerFormat.RAW)) {
            for (String[] c : cases) {
                String expected = "ok\n" + Canonical.lines(List.of(ModelSample.of("up", 1, 5, "k", c[1])));
                assertThat(Verdicts.verdict(d, payload(c[0]))).as(d.name()).isEqualTo(expected);
            }
        }
    }

    @Test
    void oneByteMoreIsALimitError() {
        for (PayloadDecoder d : Verdicts.decoders(ContainerFormat.RAW)) {
            assertThat(Verdicts.verdict(d, payload("\\\"".repeat(MAX + 1)))).as(d.name()).isEqualTo("error LIMIT");
            assertThat(Verdicts.verdict(d, payload("\\u8282".repeat(MAX / 3) + "vv"))).as(d.name()).isEqualTo("error LIMIT");
        }
    }
}
