package io.promsnap.relay.cli;

import picocli.CommandLine;

/** The relay as its own process, for the test that kills it with SIGKILL. */
public final class RelayMain {
    private RelayMain() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new RelayCommand()).execute(args));
    }
}
