package io.promsnap.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * docs/integrations.md shows the notebook cells that the tests run: its Spark section's Java block is
 * {@link NotebookCell}'s tagged lines and its SQL block is {@code notebook.sql}, character for character.
 */
class DocsTest {
    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path DOC = MODULE.resolve("../../docs/integrations.md").normalize();
    static final Path CELL = MODULE.resolve("src/test/java/io/promsnap/spark/NotebookCell.java");

    static String notebookSql() throws IOException {
        try (InputStream in = DocsTest.class.getResourceAsStream("notebook.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The statements of a SQL script: split at a {@code ;} that ends a line. */
    static List<String> sqlStatements(String script) {
        List<String> out = new ArrayList<>();
        for (String s : script.split(";[ \\t]*(\\r?\\n|$)")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    /** The lines between {@code // tag::NAME[]} and {@code // end::NAME[]}, with their common indent removed. */
    static String tagged(String source, String name) {
        Matcher m = Pattern.compile("(?s)\\n[ \\t]*// tag::" + Pattern.quote(name) + "\\[]\\n(.*?\\n)[ \\t]*// end::"
                + Pattern.quote(name) + "\\[]").matcher(source);
        assertThat(m.find()).as("tag %s", name).isTrue();
        // without the final line break: stripIndent counts the empty last line as indented by 0
        String body = m.group(1);
        return body.substring(0, body.length() - 1).stripIndent() + "\n";
    }

    /** The fenced blocks of one language in the section that starts with {@code heading}. */
    static List<String> blocks(String markdown, String heading, String language) {
        int start = markdown.indexOf("\n" + heading + "\n");
        assertThat(start).as("section %s in %s", heading, DOC).isNotNegative();
        int end = markdown.indexOf("\n## ", start + heading.length() + 1);
        String section = markdown.substring(start, end < 0 ? markdown.length() : end);
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?s)\\n```" + language + "\\n(.*?\\n)```").matcher(section);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void theSparkSectionShowsTheJavaCellTheTestsRun() throws IOException {
        String cell = Files.readString(CELL);
        String expected = tagged(cell, "imports") + "\n" + tagged(cell, "cell");
        assertThat(blocks(Files.readString(DOC), "## Spark", "java")).first().isEqualTo(expected);
    }

    @Test
    void theSparkSectionShowsTheSqlCellTheTestsRun() throws IOException {
        assertThat(blocks(Files.readString(DOC), "## Spark", "sql")).containsExactly(notebookSql());
        assertThat(sqlStatements(notebookSql())).hasSize(4);
    }
}
