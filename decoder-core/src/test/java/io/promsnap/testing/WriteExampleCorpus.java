package io.promsnap.testing;

import io.promsnap.Sample;
import io.promsnap.testing.Payloads.Style;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the small example corpus bundled with the CLI ({@code promsnap demo}):
 * {@code java -cp <test classpath> io.promsnap.testing.WriteExampleCorpus cli/src/main/resources/io/promsnap/cli/example-corpus}.
 * Deterministic: the same files every run.
 */
public final class WriteExampleCorpus {
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        List<String> index = new ArrayList<>();
        String seed = "[ { \"__name__\": \"apiserver_admission_controller_admission_duration_seconds_bucket\","
                + " \"instance\": \"*****\", \"pod\": \"*****\", \"namespace\": \"default\", \"service\": \"kubernetes\","
                + " \"job\": \"apiserver\", \"endpoint\": \"http-metrics\", \"operation\": \"UPDATE\", \"type\": \"validate\","
                + " \"rejected\": \"false\", \"name\": \"*****\", \"le\": \"2.5\", \"value\": \"675.0\","
                + " \"timestamp\": \"1698732988354\" } ]";
        write(dir, index, "seed-example.raw.bin", Payloads.raw(seed));
        List<Sample> java = Payloads.realistic(1, 500);
        write(dir, index, "realistic-java-strings.raw.bin", Payloads.raw(Payloads.json(java, Style.SEED)));
        Style go = new Style(false, true, false, true, false, false, 2);
        write(dir, index, "realistic-go-numbers.framed.bin", Payloads.framed(Payloads.json(Payloads.realistic(2, 500), go)));
        Style hostile = new Style(true, true, true, true, true, true, 3);
        write(dir, index, "unicode-escapes.xerial.bin", Payloads.xerial(Payloads.json(Payloads.hostile(3, 100), hostile)));
        Files.writeString(dir.resolve("INDEX"), String.join("\n", index) + "\n");
    }

    private static void write(Path dir, List<String> index, String name, byte[] bytes) throws IOException {
        Files.write(dir.resolve(name), bytes);
        index.add(name);
    }
}
