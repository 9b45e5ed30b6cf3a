package io.promsnap.cli.options;

import io.promsnap.Selector;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --match SELECTOR}, repeatable and ANDed, for every command that decodes: a PromQL selector
 * ({@code 'node_cpu_seconds_total'}, {@code '{__name__=~"node_.*",job="api"}'}) or a delivery task's filter
 * condition ({@code 'regionId=cn-hangzhou'}, {@code '__name__=up|node_load1'}: label=regex, anchored). A bad
 * selector is a usage error (exit 2) naming the option, what is wrong and where.
 */
public final class MatchOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    private Selector selector = Selector.all();

    // a List<String> setter: picocli calls it with every value so far, so the flag repeats
    @Option(names = "--match", paramLabel = "SELECTOR",
            description = "Decode only matching samples (others are validated and counted, not delivered): a PromQL "
                    + "selector such as 'up' or '{__name__=~\"node_.*\",job=\"api\"}', or a delivery-task filter line "
                    + "label=regex. Repeat to AND several.")
    void match(java.util.List<String> values) {
        Selector s = Selector.all();
        for (String v : values) {
            s = s.and(parse(v));
        }
        selector = s;
    }

    private Selector parse(String v) {
        try {
            return Selector.parseMatch(v);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), "Invalid value for option '--match': " + e.getMessage());
        }
    }

    /** Every {@code --match} ANDed; {@link Selector#all()} without one. */
    public Selector selector() {
        return selector;
    }
}
