package io.promsnap.conformance;

import io.promsnap.conformance.corpus.Corpus;
import io.promsnap.conformance.corpus.CorpusCase;
import io.promsnap.conformance.corpus.CorpusGenerator;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The checked-in corpus is exactly what the generator produces now (regenerate with the README's command). */
class CorpusUpToDateTest {
    private static final String HOW = "the checked-in corpus differs from CorpusGenerator's output; regenerate it "
            + "(conformance-tests/README.md, 'Regenerating the corpus') and review the diff";

    @Test
    void checkedInCorpusEqualsGeneratorOutput(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        List<CorpusCase> generated = CorpusGenerator.generate();
        Corpus.write(tmp, generated, CorpusGenerator.HEADER);
        List<String> files;
        try (var s = Files.list(tmp)) {
            files = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        for (String f : files) {
            byte[] want = Files.readAllBytes(tmp.resolve(f));
            byte[] have;
            try (InputStream in = getClass().getResourceAsStream(Corpus.BUNDLED + f)) {
                assertThat(in).as("%s: %s is missing", HOW, f).isNotNull();
                have = in.readAllBytes();
            }
            assertThat(have).as("%s: %s", HOW, f).isEqualTo(want);
        }
        // no stale files: the bundled INDEX lists exactly the generated cases
        String index;
        try (InputStream in = getClass().getResourceAsStream(Corpus.BUNDLED + Corpus.INDEX)) {
            index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(index).isEqualTo(Files.readString(tmp.resolve(Corpus.INDEX)));
        assertThat(Corpus.bundled()).hasSameSizeAs(generated);
    }

    @Test
    void generatorIsDeterministic() {
        List<CorpusCase> a = CorpusGenerator.generate();
        List<CorpusCase> b = CorpusGenerator.generate();
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).payload()).as(a.get(i).name()).isEqualTo(a.get(i).payload());
        }
    }

    @Test
    void corpusCoversEveryCategoryAndContainer() {
        List<CorpusCase> all = Corpus.bundled();
        for (String e : List.of("OUTPUT", "COMPRESSION", "JSON_SYNTAX", "SCHEMA", "LIMIT")) {
            assertThat(all).as(e).filteredOn(c -> c.expectation().equals(e)).hasSizeGreaterThanOrEqualTo(3);
        }
        for (io.promsnap.ContainerFormat f : io.promsnap.ContainerFormat.values()) {
            assertThat(all).as(f.name()).filteredOn(c -> c.format() == f && !c.expectsError()).isNotEmpty();
        }
        assertThat(all).filteredOn(c -> c.policy() == io.promsnap.ErrorPolicy.SKIP).hasSizeGreaterThanOrEqualTo(5);
    }
}
