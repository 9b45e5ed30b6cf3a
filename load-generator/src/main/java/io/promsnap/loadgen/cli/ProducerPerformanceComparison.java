package io.promsnap.loadgen.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.promsnap.loadgen.GenerateSummary;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * Runs Kafka's own {@code ProducerPerformance} (kafka-tools, the {@code kafka-producer-perf-test} tool)
 * in this JVM against the same broker right after a {@code generate} run, with as many records as the
 * run sent batches, each the size of the run's average compressed batch, {@code acks=all}, unthrottled,
 * and puts both results side by side. It shows how close the generator gets to what the producer can
 * push through this broker with no generation, encoding or compression at all.
 *
 * <p>{@code ProducerPerformance.main} prints its summary on {@code System.out} and calls {@code Exit.exit}
 * on bad arguments: the summary is captured (and passed through) while it runs, and the exit procedure is
 * replaced by one that throws, so the tool can never end this JVM.
 */
final class ProducerPerformanceComparison {
    // "%d%s records sent, %f records/sec (%.2f MB/sec), %.2f ms avg latency, %.2f ms max latency,
    //  %d ms 50th, %d ms 95th, %d ms 99th, %d ms 99.9th." (kafka-tools 4.x; %s is "" or " steady state")
    private static final Pattern TOTAL = Pattern.compile("^(\\d+) records sent, ([\\d.,]+) records/sec \\(([\\d.,]+) MB/sec\\), "
            + "([\\d.,]+) ms avg latency, ([\\d.,]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th, "
            + "(\\d+) ms 99.9th\\.", Pattern.MULTILINE);

    /** One row of the table; latencies in ms, MB = 2^20 bytes (the tool's unit). */
    record Row(String name, long records, double recordsPerSec, double mbPerSec, double avgMs, double p50Ms, double p95Ms,
               double p99Ms, double maxMs) {
    }

    /** Records sent before the measured runs, so that both find the broker and the client code compiled. */
    static final long WARM_UP_RECORDS = 400;
    /** Samples the generator's model and encoding run before the measured run (nothing is sent). */
    static final long WARM_UP_SAMPLES = 200_000;
    /** About the compressed size of a default 1000-sample batch. */
    static final int WARM_UP_RECORD_SIZE = 40_000;

    private ProducerPerformanceComparison() {
    }

    /** Both rows and the ratios as a JSON object, for {@code generate --json}. */
    static String json(Row gen, Row perf, int recordSize, long warmUpRecords) {
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"recordSize\":").append(recordSize).append(',');
        sb.append("\"warmUpRecords\":").append(warmUpRecords).append(',');
        sb.append("\"generate\":");
        rowJson(sb, gen);
        sb.append(",\"producerPerformance\":");
        rowJson(sb, perf);
        sb.append(",\"recordsPerSecRatio\":").append(ratioJson(gen.recordsPerSec(), perf.recordsPerSec()));
        sb.append(",\"mbPerSecRatio\":").append(ratioJson(gen.mbPerSec(), perf.mbPerSec()));
        return sb.append('}').toString();
    }

    private static void rowJson(StringBuilder sb, Row r) {
        sb.append(String.format(Locale.ROOT, "{\"records\":%d,\"recordsPerSec\":%.3f,\"mbPerSec\":%.3f,\"avgMs\":%.3f,"
                + "\"p50Ms\":%.3f,\"p95Ms\":%.3f,\"p99Ms\":%.3f,\"maxMs\":%.3f}", r.records(), r.recordsPerSec(), r.mbPerSec(),
                r.avgMs(), r.p50Ms(), r.p95Ms(), r.p99Ms(), r.maxMs()));
    }

    private static String ratioJson(double a, double b) {
        return b > 0 ? String.format(Locale.ROOT, "%.4f", a / b) : "null";
    }

    /**
     * The arguments given to {@code ProducerPerformance}. Producer settings go in a properties file
     * ({@code --command-config}): its {@code --command-property} splits on every {@code =}, which a
     * {@code sasl.jaas.config} value does not survive.
     */
    static List<String> arguments(String bootstrap, String topic, long records, int recordSize, Path commandConfig) {
        return List.of("--bootstrap-server", bootstrap, "--topic", topic, "--num-records", Long.toString(records),
                "--record-size", Integer.toString(recordSize), "--throughput", "-1",
                "--command-config", commandConfig.toString());
    }

    /**
     * The producer settings, passwords included, as the properties file ProducerPerformance reads: in a
     * directory of its own that only this user can enter, the file itself owner-only (set explicitly, not
     * left to the JDK's or the umask's default), deleted by {@link #close()} and, should the JVM be stopped
     * first (Ctrl-C during the comparison), by the JVM at exit.
     */
    static final class PrivateConfig implements AutoCloseable {
        private static final FileAttribute<Set<PosixFilePermission>> DIR =
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
        private static final FileAttribute<Set<PosixFilePermission>> FILE =
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
        /** For tests: the last file written. */
        static volatile Path last;
        private final Path dir;
        private final Path file;

        private PrivateConfig(Path dir, Path file) {
            this.dir = dir;
            this.file = file;
        }

        Path path() {
            return file;
        }

        @Override
        public void close() throws IOException {
            try {
                Files.deleteIfExists(file);
            } finally {
                Files.deleteIfExists(dir);
            }
        }
    }

    /** Writes {@code props} (without bootstrap.servers, which is an argument) to a {@link PrivateConfig}. */
    static PrivateConfig writeConfig(Properties props) throws IOException {
        Properties p = new Properties();
        p.putAll(props);
        p.remove("bootstrap.servers");
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path dir = posix ? Files.createTempDirectory("promsnap-producer-perf", PrivateConfig.DIR)
                : Files.createTempDirectory("promsnap-producer-perf");
        dir.toFile().deleteOnExit(); // registered first, so deleted after the file
        Path f = dir.resolve("producer.properties");
        f.toFile().deleteOnExit();
        PrivateConfig config = new PrivateConfig(dir, f);
        try {
            if (posix) {
                Files.createFile(f, PrivateConfig.FILE);
            } else {
                Files.createFile(f);
            }
            try (Writer w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
                p.store(w, "promsnap generate --compare-producer-performance");
            }
        } catch (IOException | RuntimeException e) {
            config.close();
            throw e;
        }
        PrivateConfig.last = f;
        return config;
    }

    /**
     * Runs {@code ProducerPerformance} with {@link #arguments} and returns its total row; its own output
     * goes on to {@code echo}.
     */
    static Row run(List<String> args, PrintStream echo) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                captured.write(b);
                echo.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                captured.write(b, off, len);
                echo.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("ProducerPerformance wanted to exit with " + code
                    + (message == null ? "" : ": " + message) + "; arguments " + args);
        });
        try {
            System.setOut(tee);
            ProducerPerformance.main(args.toArray(String[]::new));
        } finally {
            System.setOut(original);
            Exit.resetExitProcedure();
            tee.flush();
        }
        return parse(captured.toString(StandardCharsets.UTF_8));
    }

    /** The first total line (not the steady-state one) of ProducerPerformance's output. */
    static Row parse(String output) {
        Matcher m = TOTAL.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("no summary line in ProducerPerformance's output:\n" + output);
        }
        return new Row("ProducerPerformance", Long.parseLong(m.group(1)), num(m.group(2)), num(m.group(3)), num(m.group(4)),
                num(m.group(6)), num(m.group(7)), num(m.group(8)), num(m.group(5)));
    }

    private static double num(String s) {
        // the tool formats with the default locale: accept a decimal comma
        return Double.parseDouble(s.replace(',', '.'));
    }

    /** The generate run as a row: a record is a batch, MB/s is compressed MB (2^20 bytes, as the tool's). */
    static Row generateRow(GenerateSummary s) {
        double secs = s.elapsedSeconds();
        return new Row("promsnap generate", s.batches(), secs > 0 ? s.batches() / secs : 0,
                secs > 0 ? s.compressedBytes() / (1024.0 * 1024.0) / secs : 0, s.latencyAvgMs(), s.latencyP50Ms(),
                s.latencyP95Ms(), s.latencyP99Ms(), s.latencyMaxMs());
    }

    /** Both rows and generate/ProducerPerformance ratios, as printed after the run. */
    static String table(Row gen, Row perf, int recordSize) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "same broker, same run: %d records of %d B (the average compressed batch), acks=all%n",
                perf.records(), recordSize));
        String fmt = "%-20s %9s %12s %9s %9s %9s %9s %9s %9s%n";
        sb.append(String.format(Locale.ROOT, fmt, "", "records", "records/s", "MB/s", "avg ms", "p50 ms", "p95 ms", "p99 ms", "max ms"));
        for (Row r : List.of(gen, perf)) {
            sb.append(String.format(Locale.ROOT, "%-20s %9d %12.1f %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f%n", r.name(), r.records(),
                    r.recordsPerSec(), r.mbPerSec(), r.avgMs(), r.p50Ms(), r.p95Ms(), r.p99Ms(), r.maxMs()));
        }
        sb.append(String.format(Locale.ROOT, "%-20s %9s %12s %9s %9s %9s %9s %9s %9s%n", "generate / perf", "",
                ratio(gen.recordsPerSec(), perf.recordsPerSec()), ratio(gen.mbPerSec(), perf.mbPerSec()),
                ratio(gen.avgMs(), perf.avgMs()), ratio(gen.p50Ms(), perf.p50Ms()), ratio(gen.p95Ms(), perf.p95Ms()),
                ratio(gen.p99Ms(), perf.p99Ms()), ratio(gen.maxMs(), perf.maxMs())));
        return sb.toString();
    }

    private static String ratio(double a, double b) {
        return b > 0 ? String.format(Locale.ROOT, "%.2f", a / b) : "-";
    }

    /** The producer settings the generator's own producer uses (see KafkaOutput), plus the user's. */
    static Properties producerProperties(Properties user, int maxBatchBytes) {
        Properties p = new Properties();
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("linger.ms", "5");
        p.put("max.request.size", Integer.toString(Math.max(1 << 20, maxBatchBytes + 4096)));
        p.putAll(user);
        p.put("acks", "all"); // what is compared is acks=all, whatever else was set
        return p;
    }
}
