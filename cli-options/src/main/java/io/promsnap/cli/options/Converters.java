package io.promsnap.cli.options;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Option value checks as picocli converters: a bad value is a usage error (exit 2) that picocli reports as
 * "Invalid value for option '--x': <our sentence>", so each message says what is accepted, never a Java
 * exception's text.
 */
public final class Converters {
    private Converters() {
    }

    static TypeConversionException bad(String value, String accepted) {
        return new TypeConversionException("'" + value + "' is not accepted; expected " + accepted);
    }

    static long integer(String value, long min, long max, String accepted) {
        long v;
        try {
            v = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw bad(value, accepted);
        }
        if (v < min || v > max) {
            throw bad(value, accepted);
        }
        return v;
    }

    static double decimal(String value, double min, double max, String accepted) {
        double v;
        try {
            v = Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw bad(value, accepted);
        }
        if (!Double.isFinite(v) || v < min || v > max) {
            throw bad(value, accepted);
        }
        return v;
    }

    /** 1 to 2147483647. */
    public static final class PositiveInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) integer(value, 1, Integer.MAX_VALUE, "a whole number from 1 to " + Integer.MAX_VALUE);
        }
    }

    /** 0 to 2147483647. */
    public static final class NonNegativeInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) integer(value, 0, Integer.MAX_VALUE, "a whole number from 0 to " + Integer.MAX_VALUE);
        }
    }

    /** 1 to 2^63-1. */
    public static final class PositiveLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return integer(value, 1, Long.MAX_VALUE, "a whole number of 1 or more");
        }
    }

    /** 0 to 2^63-1. */
    public static final class NonNegativeLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return integer(value, 0, Long.MAX_VALUE, "a whole number of 0 or more");
        }
    }

    /** A finite number of 0 or more. */
    public static final class NonNegativeDouble implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return decimal(value, 0, Double.MAX_VALUE, "a number of 0 or more");
        }
    }

    /** A share from 0 to 1. */
    public static final class Share implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return decimal(value, 0, 1, "a share from 0 to 1, e.g. 0.01");
        }
    }

    /** A percentage above 0 and below 100. */
    public static final class Percent implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double v = decimal(value, 0, 100, "a percentage above 0 and below 100");
            if (v == 0 || v == 100) {
                throw bad(value, "a percentage above 0 and below 100");
            }
            return v;
        }
    }

    /** A TCP port, 0 (pick a free one) to 65535. */
    public static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) integer(value, 0, 65535, "a port from 0 (any free port) to 65535");
        }
    }

    /** {@code key=value} with a non-empty key; returned as given. */
    public static final class KeyValue implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            int eq = value.indexOf('=');
            if (eq <= 0 || value.substring(0, eq).isBlank()) {
                throw bad(value, "KEY=VALUE, e.g. acks=all");
            }
            return value;
        }
    }

    /** Kafka's bootstrap.servers: {@code host:port[,host:port...]}, ports 1 to 65535. */
    public static final class BootstrapServers implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String accepted = "HOST:PORT[,HOST:PORT...] with ports from 1 to 65535, e.g. 127.0.0.1:9092";
            if (value.isBlank()) {
                throw bad(value, accepted);
            }
            for (String hp : value.split(",", -1)) {
                String s = hp.strip();
                int colon = s.lastIndexOf(':');
                if (colon <= 0 || colon == s.length() - 1) {
                    throw bad(value, accepted);
                }
                integer(s.substring(colon + 1), 1, 65535, accepted);
            }
            return value.strip();
        }
    }

    /** An existing, readable regular file. */
    public static final class ReadableFile implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path p = Path.of(value);
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                throw bad(value, "a readable file");
            }
            return p;
        }
    }

    /** An existing directory. */
    public static final class ExistingDirectory implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path p = Path.of(value);
            if (!Files.isDirectory(p)) {
                throw bad(value, "an existing directory");
            }
            return p;
        }
    }

    /** A java binary: an executable file. */
    public static final class JavaBinary implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            Path p = Path.of(value);
            if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
                throw bad(value, "the path of an executable java binary, e.g. /usr/lib/jvm/java-21/bin/java");
            }
            return value;
        }
    }

    /** A registered decoder's name. */
    public static final class DecoderName implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            java.util.List<String> names = io.promsnap.DecoderRegistry.getDefault().names();
            if (!names.contains(value.strip())) {
                throw bad(value, "a decoder name, one of " + String.join(", ", names));
            }
            return value.strip();
        }
    }

    /** {@code all}, or registered decoder names separated by commas. */
    public static final class DecoderNamesOrAll implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (value.strip().equals("all")) {
                return "all";
            }
            java.util.List<String> names = io.promsnap.DecoderRegistry.getDefault().names();
            for (String n : value.split(",", -1)) {
                if (!names.contains(n.strip())) {
                    throw bad(value, "all, or decoder names separated by commas, of " + String.join(", ", names));
                }
            }
            return value.strip();
        }
    }

    /** Lower-case, '-' for '_': how enum constants are spelled on the command line. */
    public static String spelling(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
