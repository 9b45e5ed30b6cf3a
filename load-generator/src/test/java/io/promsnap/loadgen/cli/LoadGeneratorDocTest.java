package io.promsnap.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** docs/load-generator.md documents every option of generate, consume and capture (a new one without a line fails). */
class LoadGeneratorDocTest {

    @Test
    void everyOptionOfGenerateConsumeAndCaptureIsInTheDoc() throws Exception {
        Path doc = Path.of(System.getProperty("user.dir")).resolve("../docs/load-generator.md").normalize();
        String text = Files.readString(doc);
        List<String> missing = new ArrayList<>();
        for (Object command : new Object[] {new GenerateCommand(), new ConsumeCommand(), new CaptureCommand()}) {
            CommandLine cl = new CommandLine(command);
            for (OptionSpec o : cl.getCommandSpec().options()) {
                if (o.hidden() || o.usageHelp() || o.versionHelp()) {
                    continue;
                }
                String name = o.longestName();
                // as a table cell or in code: "`--rate" followed by a space, a backtick or a value
                if (!text.matches("(?s).*`" + java.util.regex.Pattern.quote(name) + "[ `].*")) {
                    missing.add(cl.getCommandName() + " " + name);
                }
            }
        }
        assertThat(missing).as("options missing from %s", doc).isEmpty();
    }
}
