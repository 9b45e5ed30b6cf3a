package io.promsnap.cli;

import io.promsnap.DecoderConfig;
import io.promsnap.DecoderRegistry;
import io.promsnap.PayloadDecoder;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.util.Locale;

/** Turns option strings into values with usage errors (exit 2) that name the option and what is allowed. */
final class Options {
    private Options() {
    }

    static <E extends Enum<E>> E enumValue(CommandSpec spec, Class<E> type, String option, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder allowed = new StringBuilder();
            for (E c : type.getEnumConstants()) {
                allowed.append(allowed.length() == 0 ? "" : ", ").append(c.name().toLowerCase(Locale.ROOT));
            }
            throw new CommandLine.ParameterException(spec.commandLine(),
                    option + " must be one of " + allowed + ", got '" + value + "'");
        }
    }

    static PayloadDecoder decoder(CommandSpec spec, DecoderRegistry registry, String name, DecoderConfig config) {
        try {
            return registry.create(name, config);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--decoder: " + e.getMessage());
        }
    }
}
