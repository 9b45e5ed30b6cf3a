package io.promsnap.traffic;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One condition of a delivery task's filter, {@code label=regex}: the label's value must match the
 * regular expression as a whole ({@link Pattern#matches} semantics, as Prometheus anchors its regexes).
 * {@code __name__} is the metric name. A missing label has the value {@code ""}, as in Prometheus, so
 * {@code team=.*} also matches series without a {@code team} label. Several filters are ANDed.
 */
public final class LabelFilter {
    private final String label;
    private final Pattern pattern;

    public LabelFilter(String label, String regex) {
        this.label = Objects.requireNonNull(label, "label");
        this.pattern = Pattern.compile(Objects.requireNonNull(regex, "regex"));
    }

    /**
     * Parses {@code label=regex} (split at the first {@code =}).
     *
     * @throws IllegalArgumentException when there is no {@code =}, the label is empty or the regex is invalid
     */
    public static LabelFilter parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("filter must look like label=regex: '" + spec + "'");
        }
        try {
            return new LabelFilter(spec.substring(0, eq).strip(), spec.substring(eq + 1));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regex in filter '" + spec + "': " + e.getDescription(), e);
        }
    }

    public String label() {
        return label;
    }

    public String regex() {
        return pattern.pattern();
    }

    /** Whether a series with this name and these labels (parallel arrays) passes. */
    public boolean test(String name, String[] keys, String[] values) {
        String v = "";
        if (label.equals("__name__")) {
            v = name;
        } else {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i].equals(label)) {
                    v = values[i];
                    break;
                }
            }
        }
        return pattern.matcher(v).matches();
    }

    @Override
    public String toString() {
        return label + "=" + pattern.pattern();
    }
}
