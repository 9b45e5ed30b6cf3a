package io.promsnap.connect;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/integrations.md shows the files this module's tests run; each {@code <!-- include: PATH -->}
 * (or {@code PATH#doc}: the lines between {@code // doc:begin} and {@code // doc:end}, de-indented)
 * must be followed by a fenced block equal to that file.
 */
class DocsTest {
    static final Path ROOT = Paths.get("").toAbsolutePath().getParent().getParent();
    static final String MODULE = "integrations/kafka-connect/";
    static final Pattern INCLUDE = Pattern.compile("<!-- include: (\\S+) -->\\n```\\w*\\n(.*?)```\\n", Pattern.DOTALL);

    @Test
    void everyBlockOfThisModuleEqualsTheFileTheTestsRun() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/integrations.md"), StandardCharsets.UTF_8);
        List<String> checked = new ArrayList<>();
        Matcher m = INCLUDE.matcher(doc);
        while (m.find()) {
            String target = m.group(1);
            if (!target.startsWith(MODULE)) {
                continue;
            }
            assertThat(m.group(2)).as(target).isEqualTo(content(target));
            checked.add(target);
        }
        assertThat(checked).as("includes of " + MODULE + " in docs/integrations.md").hasSizeGreaterThanOrEqualTo(2);
    }

    static String content(String target) throws IOException {
        int hash = target.indexOf('#');
        String file = Files.readString(ROOT.resolve(hash < 0 ? target : target.substring(0, hash)), StandardCharsets.UTF_8);
        if (hash < 0) {
            return file;
        }
        List<String> lines = file.lines().toList();
        int begin = -1;
        int end = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("// doc:begin")) {
                begin = i + 1;
            } else if (lines.get(i).strip().equals("// doc:end")) {
                end = i;
            }
        }
        assertThat(begin).as("doc:begin in " + target).isPositive();
        List<String> block = lines.subList(begin, end);
        int indent = block.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder out = new StringBuilder();
        for (String l : block) {
            out.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        }
        return out.toString();
    }
}
