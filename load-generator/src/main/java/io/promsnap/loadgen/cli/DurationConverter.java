package io.promsnap.loadgen.cli;

import java.time.Duration;
import java.util.Locale;

import picocli.CommandLine;

/** Reads {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, a bare number of seconds, or ISO-8601 {@code PT10S}. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /** As a user would write it: 500ms, 10s, 1.5s. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms < 1000 ? ms + "ms" : ms / 1000.0 + "s";
    }

    public static Duration parse(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        try {
            Duration d = parseAny(value, v);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("not positive");
            }
            return d;
        } catch (RuntimeException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not accepted; expected a positive duration "
                    + "such as 500ms, 10s, 2m, 1h or PT10S");
        }
    }

    private static Duration parseAny(String value, String v) {
        if (v.startsWith("pt") || v.startsWith("p")) {
            return Duration.parse(value.strip().toUpperCase(Locale.ROOT));
        }
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
        }
        if (v.endsWith("m")) {
            return Duration.ofSeconds(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60));
        }
        if (v.endsWith("h")) {
            return Duration.ofSeconds(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 3600));
        }
        return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
    }
}
