package io.promsnap.cli;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No document shows a {@code ./promsnap} command that does not run. Every such line inside a fenced code
 * block of README.md, docs/ and the module READMEs is checked: a concrete command is parsed by the real
 * command line (unknown options, bad values and missing required options fail), and then either run
 * for real where it is cheap and needs nothing outside the repository, or its {@code --help} is run where it
 * needs a cluster, a server, captured data or minutes of benchmarking. A synopsis line ({@code [--flag X]},
 * {@code a|b}, {@code ...}) cannot be parsed as given, so each option it names must exist on its command.
 */
class DocumentedCommandsTest {
    /** Subcommands run for real when shown without placeholders: fast and self-contained. */
    private static final Set<String> RUN_FOR_REAL = Set.of("decoders", "--help", "-h", "--version", "-V", "help");

    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])(--?[A-Za-z][\\w-]*)");

    /** A shown command; {@code created}: directories the same document makes earlier (--output-dir D). */
    record Shown(Path file, int line, String text, Set<String> created) {
        @Override
        public String toString() {
            return root().relativize(file) + ":" + line + ": " + text;
        }
    }

    static Path root() {
        // surefire runs in cli/; the documents live one level up
        Path here = Paths.get("").toAbsolutePath();
        return Files.exists(here.resolve("README.md")) && Files.exists(here.resolve("docs")) ? here : here.getParent();
    }

    static List<Path> documents() throws IOException {
        Path root = root();
        List<Path> docs = new ArrayList<>();
        docs.add(root.resolve("README.md"));
        try (Stream<Path> s = Files.walk(root.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        try (Stream<Path> s = Files.walk(root, 3)) {
            s.filter(p -> p.getFileName().toString().equals("README.md"))
                    .filter(p -> !p.equals(root.resolve("README.md")))
                    .filter(p -> !root.relativize(p).toString().contains("target"))
                    .sorted().forEach(docs::add);
        }
        return docs;
    }

    /** Lines in fenced code blocks that start with {@code ./promsnap} (continuations joined, comments cut). */
    static List<Shown> shownCommands() throws IOException {
        List<Shown> shown = new ArrayList<>();
        for (Path doc : documents()) {
            List<String> lines = Files.readAllLines(doc);
            Set<String> created = new HashSet<>();
            boolean fenced = false;
            for (int i = 0; i < lines.size(); i++) {
                String t = lines.get(i).trim();
                if (t.startsWith("```")) {
                    fenced = !fenced;
                    continue;
                }
                if (!fenced) {
                    continue;
                }
                int start = t.indexOf("./promsnap");
                if (start < 0 || !(start == 0 || t.startsWith("$ ./promsnap"))) {
                    continue;
                }
                int first = i;
                StringBuilder cmd = new StringBuilder(stripComment(t.substring(start)));
                while (cmd.toString().endsWith("\\") && i + 1 < lines.size()) {
                    cmd.setLength(cmd.length() - 1);
                    cmd.append(' ').append(stripComment(lines.get(++i).trim()));
                }
                // a pipeline or redirection: only the promsnap part is checked
                String c = cmd.toString().split("\\s(\\||>|>>|&&|;)\\s")[0].trim();
                // run in the background ('… &'): the command is what comes before
                c = c.endsWith(" &") ? c.substring(0, c.length() - 2).trim() : c;
                shown.add(new Shown(doc, first + 1, c, Set.copyOf(created)));
                // what this command writes, a later one of the same document may read (capture, then recommend)
                Matcher m = OUTPUT_DIR.matcher(c);
                while (m.find()) {
                    created.add(m.group(1));
                }
            }
        }
        return shown;
    }

    private static String stripComment(String s) {
        boolean single = false, dbl = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\'' && !dbl) {
                single = !single;
            } else if (ch == '"' && !single) {
                dbl = !dbl;
            } else if (ch == '#' && !single && !dbl && i > 0 && Character.isWhitespace(s.charAt(i - 1))) {
                return s.substring(0, i).trim();
            }
        }
        return s.trim();
    }

    /** Splits like a POSIX shell does for the simple words docs use: quotes grouped, no expansion. */
    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean single = false, dbl = false, any = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\'' && !dbl) {
                single = !single;
                any = true;
            } else if (ch == '"' && !single) {
                dbl = !dbl;
                any = true;
            } else if (Character.isWhitespace(ch) && !single && !dbl) {
                if (any) {
                    out.add(w.toString());
                    w.setLength(0);
                    any = false;
                }
            } else {
                w.append(ch);
                any = true;
            }
        }
        if (any) {
            out.add(w.toString());
        }
        return out;
    }

    static boolean isSynopsis(String c) {
        return c.contains("[") || c.contains("|") || c.contains("...") || c.contains("…") || c.contains("<");
    }

    @Test
    void theDocumentsShowCommands() throws IOException {
        // a parser that silently finds nothing would make every check below vacuous
        List<Shown> shown = shownCommands();
        assertThat(shown).hasSizeGreaterThan(20);
        assertThat(shown).anyMatch(s -> s.text().equals("./promsnap demo"));
    }

    @Test
    void aWrongOptionInADocumentIsCaught() {
        assertThat(problem("./promsnap decode --no-such-flag x.bin")).contains("no-such-flag");
        assertThat(problem("./promsnap bench [--decoder NAME] [--colour auto]")).contains("--colour");
        assertThat(problem("./promsnap bench --decoder no-such-decoder")).contains("'no-such-decoder' is not accepted");
        assertThat(problem("./promsnap decoders extra")).isNotNull();
        // a directory is only taken on trust when the document made it earlier
        assertThat(problem("./promsnap bench --quick --corpus captured")).contains("captured");
        assertThat(problem("./promsnap bench --quick --corpus captured", Set.of("captured"))).isNull();
        assertThat(problem("./promsnap consume --bootstrap-server h:1 --topic t --decoder aircompressor+scanner")).isNull();
    }

    @TestFactory
    Stream<DynamicTest> everyShownCommandRuns() throws IOException {
        return shownCommands().stream().map(s -> DynamicTest.dynamicTest(s.toString(), () -> {
            String p = problem(s.text(), s.created());
            assertThat(p).as(s.toString()).isNull();
        }));
    }

    /** Null when the shown command is fine, else what is wrong with it. */
    static String problem(String shown) {
        return problem(shown, Set.of());
    }

    /** As {@link #problem(String)}, with directories that earlier commands of the document create. */
    static String problem(String shown, Set<String> created) {
        List<String> w = words(shown);
        List<String> args = w.subList(1, w.size());
        if (isSynopsis(shown)) {
            return synopsisProblem(Main.commandLine(), args);
        }
        List<String> tried = new ArrayList<>(args);
        Set<String> dropped = new HashSet<>();
        for (boolean parsed = false; !parsed; ) {
            try {
                Main.commandLine().parseArgs(tried.toArray(String[]::new));
                parsed = true;
            } catch (CommandLine.MissingParameterException e) {
                // missing only because a placeholder was dropped below: the shown line had it
                parsed = e.getMissing().stream().allMatch(m -> m instanceof CommandLine.Model.OptionSpec o
                        && dropped.contains(o.longestName()));
                if (!parsed) {
                    return "does not parse: " + e.getMessage();
                }
            } catch (CommandLine.ParameterException e) {
                // a value standing for the reader's own data (DIR, H:P, /data/captured) cannot be checked
                // here; the option itself can: drop it with its value and parse the rest again
                if (!(e.getArgSpec() instanceof CommandLine.Model.OptionSpec o) || !dropPlaceholder(tried, o, created)) {
                    return "does not parse: " + e.getMessage();
                }
                dropped.add(o.longestName());
            }
        }
        CommandLine cmd = Main.commandLine();
        List<String> chain = new ArrayList<>();
        for (String a : args) {
            CommandLine sub = cmd.getSubcommands().get(a);
            if (sub == null) {
                break;
            }
            chain.add(a);
            cmd = sub;
        }
        boolean help = args.stream().anyMatch(a -> Set.of("--help", "-h", "--version", "-V").contains(a));
        List<String> run = new ArrayList<>();
        if (help || args.isEmpty() || RUN_FOR_REAL.contains(cmd.getCommandName())) {
            run.addAll(args);
        } else {
            // needs a cluster, a server, the user's data or minutes of JMH: its help must work
            run.addAll(chain);
            run.add("--help");
        }
        CliTest.Result r = CliTest.run(run.toArray(String[]::new));
        int expected = args.isEmpty() ? 2 : 0; // bare ./promsnap asks for a command
        return r.exit() == expected ? null : "'promsnap " + String.join(" ", run) + "' exited " + r.exit() + ": " + r.err();
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("[A-Z][A-Z0-9_]*(:[A-Z][A-Z0-9_]*)?");
    private static final Pattern OUTPUT_DIR = Pattern.compile("--(?:output-dir|data-dir)[ =](\\S+)");

    /** Removes option {@code o} and its value when that value is a placeholder or a path that is not here. */
    static boolean dropPlaceholder(List<String> args, CommandLine.Model.OptionSpec o, Set<String> created) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            for (String name : o.names()) {
                String value = a.startsWith(name + "=") ? a.substring(name.length() + 1)
                        : a.equals(name) && i + 1 < args.size() ? args.get(i + 1) : null;
                if (value == null) {
                    continue;
                }
                boolean placeholder = PLACEHOLDER.matcher(value).matches()
                        || value.contains("$") // a shell variable or substitution: $BOOTSTRAP, consume-$(hostname).json
                        || created.contains(value)
                        || (value.contains("/") || value.contains(".")) && !Files.exists(root().resolve(value));
                if (!placeholder) {
                    return false;
                }
                args.remove(i);
                if (!a.contains("=")) {
                    args.remove(i);
                }
                return true;
            }
        }
        return false;
    }

    private static String synopsisProblem(CommandLine top, List<String> args) {
        CommandLine cmd = top;
        for (String a : args) {
            CommandLine sub = cmd.getSubcommands().get(a);
            if (sub == null) {
                break;
            }
            cmd = sub;
        }
        List<String> unknown = new ArrayList<>();
        for (String a : args) {
            Matcher m = OPTION.matcher(a);
            while (m.find()) {
                String opt = m.group(1);
                if (cmd.getCommandSpec().findOption(opt) == null) {
                    unknown.add(opt);
                }
            }
        }
        return unknown.isEmpty() ? null : "'" + cmd.getCommandName() + "' has no option " + unknown;
    }

}
