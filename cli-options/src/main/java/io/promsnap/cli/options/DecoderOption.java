package io.promsnap.cli.options;

import io.promsnap.DecoderFactory;
import io.promsnap.DecoderRegistry;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --decoder NAME} for the commands that use one decoder: checked against the registry while the
 * command line is parsed, so an unknown or unavailable decoder is a usage error before anything starts.
 */
public final class DecoderOption {
    /** Used when --decoder is not given and it can run here. */
    public static final String PREFERRED = "aircompressor+scanner";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    private String name;

    @Option(names = "--decoder", paramLabel = "NAME",
            description = "Decoder (see 'promsnap decoders'). Default: " + PREFERRED + " when it can run here, "
                    + "else the first that can.")
    void decoder(String v) {
        DecoderRegistry registry = DecoderRegistry.getDefault();
        if (v == null || !registry.names().contains(v.strip())) {
            throw new ParameterException(mixee.commandLine(), "Invalid value for option '--decoder': unknown decoder '" + v
                    + "'; expected one of " + String.join(", ", registry.names()));
        }
        DecoderFactory.Availability a = registry.get(v.strip()).availability();
        if (!a.available()) {
            throw new ParameterException(mixee.commandLine(), "Invalid value for option '--decoder': " + v
                    + " cannot run here: " + a.reason());
        }
        name = v.strip();
    }

    /** The decoder given, else the preferred one when available, else the first available. */
    public String name() {
        if (name != null) {
            return name;
        }
        DecoderRegistry registry = DecoderRegistry.getDefault();
        String first = null;
        for (DecoderFactory f : registry.available()) {
            if (f.name().equals(PREFERRED)) {
                return PREFERRED;
            }
            first = first == null ? f.name() : first;
        }
        if (first == null) {
            throw new IllegalStateException("no decoder can run here (registered: " + registry.names() + ")");
        }
        return first;
    }

    /** Whether --decoder was given. */
    public boolean given() {
        return name != null;
    }
}
