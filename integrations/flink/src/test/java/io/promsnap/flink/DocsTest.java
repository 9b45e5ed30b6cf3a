package io.promsnap.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * docs/integrations.md shows the Flink job and SQL exactly as the tests run them: each block that follows
 * an {@code <!-- file: PATH -->} marker must equal that file.
 */
class DocsTest {
    static final Path ROOT = Path.of("../..");
    static final Path DOC = ROOT.resolve("docs/integrations.md");
    static final String EXAMPLE_DIR = "/io/promsnap/flink/example/";

    /** A SQL file from the documented examples. Flink's executeSql takes one statement without the ';'. */
    static String resource(String name) throws IOException {
        try (InputStream in = DocsTest.class.getResourceAsStream(EXAMPLE_DIR + name)) {
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            return sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql;
        }
    }

    /** The documented DDL pointed at the test's broker instead of localhost:9092. */
    static String ddl(String bootstrap) throws IOException {
        String ddl = resource("prometheus_samples.sql");
        assertThat(ddl).contains("'localhost:9092'");
        return ddl.replace("'localhost:9092'", "'" + bootstrap + "'");
    }

    @Test
    void everyIncludedBlockEqualsItsFile() throws IOException {
        String doc = Files.readString(DOC);
        Matcher m = Pattern.compile("<!-- file: (\\S+) -->\\n```\\w*\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        int blocks = 0;
        while (m.find()) {
            Path file = ROOT.resolve(m.group(1));
            assertThat(m.group(2)).as(m.group(1) + " in " + DOC).isEqualTo(Files.readString(file));
            blocks++;
        }
        assertThat(doc).contains("<!-- file: integrations/flink/src/test/java/io/promsnap/flink/example/PrometheusSamplesJob.java -->",
                "<!-- file: integrations/flink/src/test/resources/io/promsnap/flink/example/prometheus_samples.sql -->",
                "<!-- file: integrations/flink/src/test/resources/io/promsnap/flink/example/samples_per_name.sql -->");
        assertThat(blocks).isGreaterThanOrEqualTo(3);
    }
}
