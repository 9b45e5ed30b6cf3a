package io.promsnap.relay.cli;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

import io.promsnap.loadgen.cli.BrokerCommand;
import io.promsnap.loadgen.cli.ConsumeCommand;
import io.promsnap.loadgen.cli.GenerateCommand;
import picocli.CommandLine;

/**
 * broker / generate / consume / relay from the test class path, each in its own JVM, printing the process'
 * CPU time at the end: for the end-to-end figure in docs/benchmarks.md (samples per CPU second).
 */
public final class ToolMain {
    private ToolMain() {
    }

    public static void main(String[] args) {
        Object cmd = switch (args[0]) {
            case "broker" -> new BrokerCommand();
            case "generate" -> new GenerateCommand();
            case "consume" -> new ConsumeCommand();
            case "relay" -> new RelayCommand();
            default -> throw new IllegalArgumentException(args[0]);
        };
        int exit = new CommandLine(cmd).execute(Arrays.copyOfRange(args, 1, args.length));
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.err.printf(Locale.ROOT, "cpu_seconds=%.2f%n", os.getProcessCpuTime() / 1e9);
        System.exit(exit);
    }
}
