package io.promsnap.cli;

import io.promsnap.testing.WriteExampleCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example corpus bundled with the CLI ({@code promsnap demo} step 1) is exactly what its generator,
 * decoder-core's {@code WriteExampleCorpus}, writes now. Regenerate it with the command in that class's comment.
 */
class ExampleCorpusUpToDateTest {
    @Test
    void bundledCorpusEqualsGeneratorOutput(@TempDir Path tmp) throws Exception {
        WriteExampleCorpus.main(new String[] {tmp.toString()});
        List<String> files;
        try (var s = Files.list(tmp)) {
            files = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(files).contains("INDEX", "seed-example.raw.bin").hasSizeGreaterThan(3);
        for (String f : files) {
            try (InputStream in = DemoCommand.class.getResourceAsStream(DemoCommand.CORPUS + f)) {
                assertThat(in).as("bundled %s (regenerate: see WriteExampleCorpus)", f).isNotNull();
                assertThat(in.readAllBytes()).as("bundled %s differs from the generator's output", f)
                        .isEqualTo(Files.readAllBytes(tmp.resolve(f)));
            }
        }
        // and nothing bundled that the generator no longer writes
        try (InputStream in = DemoCommand.class.getResourceAsStream(DemoCommand.CORPUS + "INDEX")) {
            List<String> index = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
            assertThat(index).containsExactlyInAnyOrderElementsOf(files.stream().filter(f -> !f.equals("INDEX")).toList());
        }
    }
}
