package io.promsnap.cli.options;

import java.util.Locale;

import io.promsnap.ContainerFormat;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --container raw|framed|xerial|auto}, any case, for every command. {@code --format} (decode's old
 * spelling) is kept as a hidden alias. Writers ({@code generate}) make it with {@code allowAuto = false}.
 */
public final class ContainerOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    private final ContainerFormat defaultValue;
    private final boolean allowAuto;
    private ContainerFormat value;

    public ContainerOption() {
        this(ContainerFormat.RAW, true);
    }

    public ContainerOption(ContainerFormat defaultValue, boolean allowAuto) {
        this.defaultValue = defaultValue;
        this.allowAuto = allowAuto;
    }

    @Option(names = "--container", paramLabel = "raw|framed|xerial|auto",
            description = "Snappy container: raw (Snappy.compress, the vendor's), framed (the framing format), xerial "
                    + "(snappy-java's stream) or auto (detect, when reading); any case. Default: raw.")
    void container(String v) {
        value = parse("--container", v);
    }

    @Option(names = "--format", hidden = true, description = "Old spelling of --container.")
    void format(String v) {
        value = parse("--format", v);
    }

    private ContainerFormat parse(String option, String v) {
        String accepted = allowAuto ? "raw, framed, xerial or auto" : "raw, framed or xerial";
        if (v != null) {
            try {
                ContainerFormat f = ContainerFormat.valueOf(v.strip().toUpperCase(Locale.ROOT));
                if (allowAuto || f != ContainerFormat.AUTO) {
                    return f;
                }
            } catch (IllegalArgumentException e) {
                // the message below
            }
        }
        throw new ParameterException(mixee.commandLine(), "Invalid value for option '" + option + "': '" + v
                + "' is not accepted; expected " + accepted);
    }

    /** The value given, or the default. */
    public ContainerFormat value() {
        return value != null ? value : defaultValue;
    }
}
