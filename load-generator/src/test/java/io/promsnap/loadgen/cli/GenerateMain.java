package io.promsnap.loadgen.cli;

import picocli.CommandLine;

/** {@code generate} as a process of its own, for the scale-out suite's independent generator processes. */
public final class GenerateMain {
    private GenerateMain() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new GenerateCommand()).execute(args));
    }
}
