package io.promsnap.cli;

import io.promsnap.DecoderConfig;
import io.promsnap.DecoderRegistry;
import io.promsnap.PayloadDecoder;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;


/** Turns option strings into values with usage errors (exit 2) that name the option and what is allowed. */
final class Options {
    private Options() {
    }

    static PayloadDecoder decoder(CommandSpec spec, DecoderRegistry registry, String name, DecoderConfig config) {
        try {
            return registry.create(name, config);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--decoder: " + e.getMessage());
        }
    }
}
