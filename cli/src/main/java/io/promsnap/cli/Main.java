package io.promsnap.cli;

import io.promsnap.cli.options.Redaction;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code promsnap}: the toolkit's one command line. Exit codes: 0 ok, 1 bad input or failed check, 2 usage. */
@Command(name = "promsnap", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Decode, generate, benchmark and check Snappy-compressed Prometheus JSON batches from Kafka.",
        subcommands = {DemoCommand.class, DecodersCommand.class, DecodeCommand.class,
            io.promsnap.loadgen.cli.BrokerCommand.class, io.promsnap.loadgen.cli.GenerateCommand.class,
            io.promsnap.loadgen.cli.ConsumeCommand.class, io.promsnap.loadgen.cli.CaptureCommand.class,
            io.promsnap.relay.cli.RelayCommand.class,
            io.promsnap.bench.cli.BenchCommand.class, io.promsnap.bench.cli.RecommendCommand.class,
            io.promsnap.bench.cli.GateCommand.class, io.promsnap.conformance.runner.ConformanceCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // the last guard against a secret of a loaded client configuration reaching the terminal, whoever
        // prints it (a library's log line, an exception's text): see Redaction
        System.setOut(Redaction.wrap(System.out));
        System.setErr(Redaction.wrap(System.err));
        int exit = run(args);
        System.out.flush();
        System.err.flush();
        System.exit(exit);
    }

    /** Runs a command line and returns the exit code (for tests). */
    public static int run(String... args) {
        CommandLine cl = commandLine();
        return cl.execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // a failure while running: our sentence, not a Java class name (the stack trace on request)
            String message = Redaction.redact(ex.getMessage() != null && !ex.getMessage().isBlank() ? ex.getMessage() : ex.toString());
            commandLine.getErr().println(prefix(commandLine) + message);
            if (Boolean.getBoolean("promsnap.verbose")) {
                ex.printStackTrace(commandLine.getErr());
            } else {
                commandLine.getErr().println("(run with JAVA_OPTS=-Dpromsnap.verbose=true for the stack trace)");
            }
            return 1;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            // a usage error: exit 2 and one sentence naming the option, not the whole usage text
            CommandLine c = ex.getCommandLine();
            c.getErr().println(prefix(c) + Redaction.redact(ex.getMessage()));
            c.getErr().println("See 'promsnap " + (c.getCommandSpec().parent() == null ? "" : c.getCommandName() + " ")
                    + "--help' for the options.");
            c.getErr().flush();
            return 2;
        });
        return cl;
    }

    private static String prefix(CommandLine c) {
        return c.getCommandSpec().parent() == null ? "promsnap: " : "promsnap " + c.getCommandName() + ": ";
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command; try 'promsnap demo' or --help");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"promsnap " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
        }
    }
}
