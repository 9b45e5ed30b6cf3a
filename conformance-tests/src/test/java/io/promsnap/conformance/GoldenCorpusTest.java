package io.promsnap.conformance;

import io.promsnap.DecoderFactory;
import io.promsnap.DecoderRegistry;
import io.promsnap.conformance.corpus.Corpus;
import io.promsnap.conformance.corpus.CorpusCase;
import io.promsnap.conformance.runner.ConformanceRunner;
import io.promsnap.conformance.runner.DecoderResult;
import io.promsnap.conformance.runner.Report;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every registered decoder decodes every golden case exactly as expected: the same canonical lines
 * (values compared through {@code Double.toString}, which round-trips, so bit for bit; every NaN prints as
 * NaN) or a PromsnapException of the expected category; from an array slice and from a direct buffer.
 */
class GoldenCorpusTest {
    private static final List<CorpusCase> CASES = Corpus.bundled();

    static Stream<String> decoders() {
        return DecoderRegistry.getDefault().all().stream().map(DecoderFactory::name);
    }

    @Test
    void decodersAreRegisteredAndLoadCleanly() {
        assertThat(DecoderRegistry.getDefault().names()).isNotEmpty();
        assertThat(DecoderRegistry.getDefault().loadErrors()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decoders")
    void decoderPassesEveryGoldenCase(String name) {
        DecoderFactory f = DecoderRegistry.getDefault().get(name);
        Assumptions.assumeTrue(f.availability().available(), () -> name + ": " + f.availability().reason());
        DecoderResult r = new ConformanceRunner(Duration.ofSeconds(20)).run(f, CASES);
        assertThat(r.results()).hasSize(CASES.size());
        assertThat(r.failures()).as("%s%n%s", Report.table(List.of(r), CASES.size()), Report.failures(List.of(r), 1000))
                .isEmpty();
    }
}
