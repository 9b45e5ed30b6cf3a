package io.promsnap.loadgen.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.promsnap.ContainerFormat;
import io.promsnap.broker.EmbeddedKafkaBroker;
import io.promsnap.cli.options.ContainerOption;
import io.promsnap.cli.options.Converters;
import io.promsnap.loadgen.BatchOutput;
import io.promsnap.loadgen.DirectoryOutput;
import io.promsnap.loadgen.GenerateSummary;
import io.promsnap.loadgen.KafkaOutput;
import io.promsnap.loadgen.LoadGenerator;
import io.promsnap.traffic.ModelConfig;
import io.promsnap.traffic.SampleSink;
import io.promsnap.traffic.encode.ValueSpelling;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code promsnap generate}: realistic delivery traffic into Kafka or a directory. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generates realistic Prometheus delivery traffic (Snappy-compressed JSON arrays of samples) "
            + "into a Kafka topic or a directory.",
            "Without --bootstrap-server and --output-dir it starts an embedded broker for the run."})
public final class GenerateCommand implements Callable<Integer> {

    // ---- traffic model ----
    @Option(names = "--series", defaultValue = "10000", converter = Converters.PositiveInt.class, description = "active series (cardinality), default ${DEFAULT-VALUE}")
    int series;

    @Option(names = "--labels-per-series", defaultValue = "0", converter = Converters.NonNegativeInt.class,
            description = "pad every series to at least this many labels (0 = natural label sets)")
    int labelsPerSeries;

    @Option(names = "--churn", paramLabel = "D", converter = DurationConverter.class,
            description = "replace every pod once per this period (new pod name, new series); default: no churn")
    Duration churn;

    @Option(names = "--scrape-interval", paramLabel = "D", defaultValue = "15s", converter = DurationConverter.class,
            description = "model time between scrapes, default ${DEFAULT-VALUE}")
    Duration scrapeInterval;

    @Option(names = "--nan-share", defaultValue = "0", converter = Converters.Share.class, description = "share of counter/gauge samples that are NaN (stale)")
    double nanShare;

    @Option(names = "--inf-share", defaultValue = "0", converter = Converters.Share.class, description = "share of gauge samples that are +Inf/-Inf")
    double infShare;

    @Option(names = "--counter-reset-share", defaultValue = "0.0005", converter = Converters.Share.class, description = "probability of a counter reset per scrape")
    double counterResetShare;

    @Option(names = "--value-spelling", defaultValue = "java", converter = SpellingConverter.class,
            description = "java (675.0, 1.5E9, Infinity) or go (675, 1.5e+09, +Inf), any case; default ${DEFAULT-VALUE}")
    ValueSpelling spelling;

    @Option(names = "--values-as", defaultValue = "string", converter = ValuesAsConverter.class,
            description = "string (\"675.0\", as the vendor's example) or number (675.0); default ${DEFAULT-VALUE}")
    String valuesAs;

    @Mixin
    ContainerOption container = new ContainerOption(ContainerFormat.RAW, false);

    static final class SpellingConverter implements picocli.CommandLine.ITypeConverter<ValueSpelling> {
        @Override
        public ValueSpelling convert(String value) {
            for (ValueSpelling v : ValueSpelling.values()) {
                if (v.name().equalsIgnoreCase(value.strip())) {
                    return v;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not accepted; expected java or go");
        }
    }

    static final class ValuesAsConverter implements picocli.CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            if (!v.equals("string") && !v.equals("number")) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not accepted; expected string or number");
            }
            return v;
        }
    }

    static final class StartTimeConverter implements picocli.CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                startMillis(value);
                return value;
            } catch (RuntimeException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not accepted; expected fixed, now, "
                        + "epoch milliseconds or an ISO-8601 instant such as 2023-10-31T06:16:28Z");
            }
        }
    }

    static final class FilterConverter implements picocli.CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            int eq = value.indexOf('=');
            if (eq <= 0) {
                throw new picocli.CommandLine.TypeConversionException("'" + value
                        + "' is not accepted; expected LABEL=REGEX, e.g. job=api.*");
            }
            try {
                java.util.regex.Pattern.compile(value.substring(eq + 1));
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not accepted; expected LABEL=REGEX "
                        + "with a valid regular expression (" + e.getDescription() + " near index " + e.getIndex() + ")");
            }
            return value;
        }
    }

    /** {@code I/N}: this generator's number and how many there are. */
    record Instance(int index, int count) {
    }

    /** {@code I/N}, 1 ≤ I ≤ N ≤ 256. */
    static final class InstanceConverter implements picocli.CommandLine.ITypeConverter<Instance> {
        @Override
        public Instance convert(String value) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*(\\d{1,3})\\s*/\\s*(\\d{1,3})\\s*").matcher(value);
            if (m.matches()) {
                int i = Integer.parseInt(m.group(1));
                int n = Integer.parseInt(m.group(2));
                if (i >= 1 && i <= n && n <= 256) {
                    return new Instance(i, n);
                }
            }
            throw new picocli.CommandLine.TypeConversionException("'" + value
                    + "' is not accepted; expected I/N with 1 <= I <= N <= 256, e.g. 2/3");
        }
    }

    @Option(names = "--instance", paramLabel = "I/N", defaultValue = "1/1", converter = InstanceConverter.class,
            description = "this generator is instance I of N independent ones (scale-out, one process per machine or core): "
                    + "its own seed stream and address range, so the N runs never share a series; every other flag is "
                    + "per instance (N instances at --rate R send N*R). Default ${DEFAULT-VALUE}")
    Instance instance = new Instance(1, 1);

    @Option(names = "--seed", defaultValue = "1", description = "random seed; same seed, same bytes (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--start-time", defaultValue = "fixed", converter = StartTimeConverter.class,
            description = "model time of the first scrape: 'fixed' (" + ModelConfig.DEFAULT_START_MILLIS
                    + ", reproducible), 'now', epoch milliseconds or ISO-8601")
    String startTime;

    // ---- delivery task ----
    @Option(names = "--filter", paramLabel = "LABEL=REGEX", converter = FilterConverter.class,
            description = "deliver only series whose label fully matches; repeatable, ANDed; __name__ is the metric name")
    List<String> filters = new ArrayList<>();

    @Option(names = "--label", paramLabel = "KEY=VALUE", converter = Converters.KeyValue.class, description = "add this label to every sample; repeatable")
    List<String> labels = new ArrayList<>();

    @Option(names = "--batch-samples", defaultValue = "1000", converter = Converters.PositiveInt.class, description = "samples per message, default ${DEFAULT-VALUE}")
    int batchSamples;

    @Option(names = "--batch-bytes", defaultValue = "1048576", converter = Converters.PositiveInt.class,
            description = "max uncompressed JSON bytes per message, default ${DEFAULT-VALUE}")
    int batchBytes;

    @Option(names = "--linger-ms", defaultValue = "1000", converter = Converters.NonNegativeLong.class,
            description = "send a partial batch after this long (on the rate schedule), default ${DEFAULT-VALUE}")
    long lingerMs;

    // ---- output ----
    @Mixin
    ClientOptions client = new ClientOptions();

    @Option(names = "--topic", defaultValue = "prometheus", description = "default ${DEFAULT-VALUE}")
    String topic;

    @Option(names = "--partitions", defaultValue = "3", converter = Converters.PositiveInt.class, description = "partitions when the topic is created, default ${DEFAULT-VALUE}")
    int partitions;

    @Option(names = "--producer-property", paramLabel = "KEY=VALUE", converter = Converters.KeyValue.class, description = "producer property override; repeatable")
    List<String> producerProperties = new ArrayList<>();

    @Option(names = "--output-dir", paramLabel = "DIR", description = "write one file per batch here instead of Kafka")
    Path outputDir;

    // ---- run ----
    @Option(names = "--rate", paramLabel = "SAMPLES_PER_SEC", defaultValue = "0", converter = Converters.NonNegativeDouble.class, description = "target samples/s (0 = as fast as possible)")
    double rate;

    @ArgGroup(exclusive = true)
    Stop stop = new Stop();

    static final class Stop {
        @Option(names = "--duration", paramLabel = "D", converter = DurationConverter.class, description = "run this long")
        Duration duration;

        @Option(names = "--samples", paramLabel = "N", converter = Converters.NonNegativeLong.class, description = "send this many samples (default 100000; 0 = until Ctrl-C)")
        Long samples;
    }

    @Option(names = "--delivery-timeout", paramLabel = "D", defaultValue = "120s", converter = DurationConverter.class,
            description = "stop with exit 1 when Kafka acknowledges nothing for this long, or a batch fails after "
                    + "the producer's retries; default ${DEFAULT-VALUE}")
    Duration deliveryTimeout;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the summary as JSON")
    Path json;

    @Option(names = "--quiet", description = "no progress lines")
    boolean quiet;

    @Option(names = "--compare-producer-performance",
            description = "after the run, run Kafka's ProducerPerformance on the same broker (topic <topic>-producer-perf, "
                    + "as many records as batches sent, each the average compressed batch size, acks=all, unthrottled) "
                    + "and print both results side by side (and into --json); both sides are warmed up first")
    boolean compareProducerPerformance;

    @Spec
    CommandSpec spec;

    /** For tests: sees every sample sent. */
    SampleSink tap;
    private volatile LoadGenerator running;

    ModelConfig modelConfig() {
        ModelConfig.Builder b = ModelConfig.builder().series(series).labelsPerSeries(labelsPerSeries)
                .churnSeconds(churn == null ? 0 : (int) Math.max(1, churn.toSeconds()))
                .scrapeIntervalMillis((int) scrapeInterval.toMillis()).nanShare(nanShare).infShare(infShare)
                .counterResetShare(counterResetShare).seed(seed).startMillis(startMillis(startTime))
                .instance(instance.index(), instance.count());
        filters.forEach(b::filter);
        labels.forEach(b::extraLabel);
        return b.build();
    }

    /**
     * With {@code --start-time now}, how model time relates to the clock: a scrape of all series is sent every
     * series / rate seconds of wall time but advances model time by the scrape interval, so sample timestamps
     * follow the clock only at rate = series / interval (what a real Prometheus does). consume's sample age
     * depends on it; its record latency does not.
     */
    String modelTimeNote() {
        double interval = scrapeInterval.toMillis() / 1000.0;
        double realTimeRate = series / interval;
        if (rate <= 0) {
            return String.format(Locale.ROOT, "--start-time now: without --rate, model time runs ahead of the clock as fast "
                    + "as samples are made; for sample timestamps that follow the clock use --rate %.1f (series / scrape "
                    + "interval)", realTimeRate);
        }
        double factor = rate / realTimeRate;
        if (Math.abs(factor - 1) < 0.01 && filters.isEmpty()) {
            return String.format(Locale.ROOT, "--start-time now: model time follows the clock (%d series every %s)",
                    series, DurationConverter.format(scrapeInterval));
        }
        return String.format(Locale.ROOT, "--start-time now: model time runs %.2fx %s than the clock (a scrape of %d "
                        + "series every %.2f s of wall time, each %s of model time)%s; for sample timestamps that "
                        + "follow the clock use --rate %.1f (series / scrape interval)",
                factor >= 1 ? factor : 1 / factor, factor >= 1 ? "faster" : "slower", series, series / rate,
                DurationConverter.format(scrapeInterval), filters.isEmpty() ? "" : " (less with --filter)", realTimeRate);
    }

    static long startMillis(String s) {
        if (s.equalsIgnoreCase("fixed")) {
            return ModelConfig.DEFAULT_START_MILLIS;
        }
        if (s.equalsIgnoreCase("now")) {
            return System.currentTimeMillis();
        }
        if (s.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(s);
        }
        return Instant.parse(s).toEpochMilli();
    }

    private volatile GenerateSummary lastSummary;

    /** The summary of the last finished {@link #call()}, or {@code null} (for callers such as the demo). */
    public GenerateSummary lastSummary() {
        return lastSummary;
    }

    /** Stops a running {@link #call()} (what Ctrl-C does). */
    public void requestStop() {
        LoadGenerator g = running;
        if (g != null) {
            g.stop();
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintStream err = System.err;
        // every check before anything starts (an embedded broker, a topic, a file)
        if (outputDir != null && client.bootstrapServer != null) {
            throw new ParameterException(spec.commandLine(), "--output-dir and --bootstrap-server are exclusive: give one");
        }
        if (outputDir != null && compareProducerPerformance) {
            throw new ParameterException(spec.commandLine(), "--compare-producer-performance needs Kafka, not --output-dir");
        }
        if (batchBytes < 2) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--batch-bytes': '" + batchBytes
                    + "' is not accepted; expected a whole number from 2 to " + Integer.MAX_VALUE);
        }
        LoadGenerator.Options o = new LoadGenerator.Options();
        try {
            o.model = modelConfig();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (startTime.equalsIgnoreCase("now") && !quiet) {
            spec.commandLine().getErr().println(modelTimeNote());
            spec.commandLine().getErr().flush();
        }
        o.spelling = spelling;
        o.quoted = valuesAs.equals("string");
        o.container = container.value();
        o.batchSamples = batchSamples;
        o.batchBytes = batchBytes;
        o.lingerMs = lingerMs;
        o.rate = rate;
        o.duration = stop.duration;
        o.maxSamples = stop.samples != null ? stop.samples : stop.duration != null ? 0 : 100_000;
        o.tap = tap;
        o.progress = quiet ? null : err;
        o.deliveryTimeout = deliveryTimeout;

        EmbeddedKafkaBroker embedded = null;
        BatchOutput output;
        java.util.Properties producerProps = null;
        String bootstrapUsed = null;
        if (outputDir != null) {
            output = new DirectoryOutput(outputDir);
        } else {
            String bootstrap = client.bootstrapServer;
            if (bootstrap == null) {
                embedded = EmbeddedKafkaBroker.builder().build().start();
                bootstrap = embedded.bootstrapServers();
                err.println("started an embedded broker for this run: bootstrap.servers=" + bootstrap
                        + " (its data is deleted at exit)");
            }
            var props = client.properties(producerProperties);
            props.put("bootstrap.servers", bootstrap);
            producerProps = props;
            bootstrapUsed = bootstrap;
            try {
                output = new KafkaOutput(props, topic, partitions, batchBytes, deliveryTimeout);
            } catch (RuntimeException e) {
                // unreachable, not admitted, wrong TLS: one line naming the cause, not a stack of client exceptions
                String line = io.promsnap.loadgen.KafkaFailures.describe(e, props);
                if (embedded != null) {
                    embedded.close();
                }
                if (line == null) {
                    throw e;
                }
                err.println("ERROR " + line);
                err.flush();
                return 1;
            }
        }
        CountDownLatch finished = new CountDownLatch(1);
        LoadGenerator generator = new LoadGenerator(o, output);
        running = generator;
        Thread hook = new Thread(() -> {
            generator.stop();
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "promsnap-generate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        GenerateSummary summary;
        try {
            if (compareProducerPerformance) {
                warmUp(bootstrapUsed, producerProps, o, out);
            }
            summary = generator.run();
            lastSummary = summary;
            out.print(summary.toHuman());
            if (instance.count() > 1) {
                out.printf(Locale.ROOT, "instance %d/%d: seed stream %d, addresses 10.%d.*, 172.%d.*, 192.168.%d.*%n",
                        instance.index(), instance.count(), o.model.effectiveSeed(), instance.index() - 1, instance.index() - 1, instance.index() - 1);
            }
            out.flush();
            if (summary.rateWarning()) {
                err.printf(Locale.ROOT, "WARNING: the achieved rate (%.1f samples/s%s) is more than 5%% below the target "
                                + "%.1f: this machine or the broker cannot keep up%n", summary.samplesPerSecond(),
                        summary.minRate10s() >= 0 ? String.format(Locale.ROOT, ", lowest 10 s window %.1f",
                                summary.minRate10s()) : "", rate);
            }
            if (json != null) {
                String j = summary.toJson();
                // the instance, so that the summaries of a scale-out can be told apart and added up
                j = j.substring(0, j.length() - 1) + ",\"instance\":" + instance.index() + ",\"instances\":" + instance.count() + "}";
                Files.writeString(json, j + System.lineSeparator(), StandardCharsets.UTF_8);
            }
            if (compareProducerPerformance && summary.succeeded()) {
                comparison = compare(summary, bootstrapUsed, producerProps, out);
                if (json != null) { // both rows in the JSON too
                    Files.writeString(json, summary.toJson(comparisonJson) + System.lineSeparator(), StandardCharsets.UTF_8);
                }
            }
        } finally {
            try {
                output.close();
            } finally {
                if (embedded != null) {
                    embedded.close();
                }
                finished.countDown();
                BrokerCommand.removeHook(hook);
                running = null;
            }
        }
        return summary.succeeded() ? 0 : 1;
    }

    /** The table of the last {@code --compare-producer-performance} run, or {@code null} (for tests). */
    volatile String comparison;
    private String comparisonJson;
    private long warmUpRecords;

    /**
     * Before the measured runs, both sides are warmed up as a benchmark's warm-up does: ProducerPerformance
     * sends a few hundred records to its topic (the broker's and the producer client's code), and the
     * generator runs its model, JSON and compression on a model of its own, sending nothing. Otherwise the
     * generate run, which goes first, pays for compiling (JIT) all that code on a 2-core machine and
     * ProducerPerformance, which comes second, profits from it.
     */
    private void warmUp(String bootstrap, java.util.Properties props, LoadGenerator.Options o, PrintWriter out)
            throws Exception {
        out.printf(Locale.ROOT, "warm-up (not measured): the model, JSON and compression for %d samples, sending nothing%n",
                ProducerPerformanceComparison.WARM_UP_SAMPLES);
        out.flush();
        LoadGenerator.warmUp(o, ProducerPerformanceComparison.WARM_UP_SAMPLES);
        String perfTopic = topic + "-producer-perf";
        KafkaOutput.ensureTopic(props, perfTopic, partitions);
        warmUpRecords = ProducerPerformanceComparison.WARM_UP_RECORDS;
        try (ProducerPerformanceComparison.PrivateConfig config = ProducerPerformanceComparison.writeConfig(
                ProducerPerformanceComparison.producerProperties(props, batchBytes))) {
            out.printf(Locale.ROOT, "warm-up (not measured): Kafka ProducerPerformance, %d records of %d B to %s%n",
                    warmUpRecords, ProducerPerformanceComparison.WARM_UP_RECORD_SIZE, perfTopic);
            out.flush();
            ProducerPerformanceComparison.run(ProducerPerformanceComparison.arguments(bootstrap, perfTopic, warmUpRecords,
                    ProducerPerformanceComparison.WARM_UP_RECORD_SIZE, config.path()),
                    new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        }
    }

    private String compare(GenerateSummary summary, String bootstrap, java.util.Properties props, PrintWriter out)
            throws Exception {
        if (summary.batches() == 0) {
            throw new IllegalStateException("nothing was sent, so there is nothing to compare with");
        }
        int recordSize = (int) Math.max(1, Math.round((double) summary.compressedBytes() / summary.batches()));
        String perfTopic = topic + "-producer-perf";
        KafkaOutput.ensureTopic(props, perfTopic, partitions);
        ProducerPerformanceComparison.Row perf;
        try (ProducerPerformanceComparison.PrivateConfig privateConfig = ProducerPerformanceComparison.writeConfig(
                ProducerPerformanceComparison.producerProperties(props, batchBytes))) {
            Path config = privateConfig.path();
            out.printf(Locale.ROOT, "%nKafka ProducerPerformance on the same broker, topic %s:%n", perfTopic);
            out.flush();
            java.io.PrintStream echo = quiet ? new java.io.PrintStream(java.io.OutputStream.nullOutputStream())
                    : System.err;
            perf = ProducerPerformanceComparison.run(ProducerPerformanceComparison.arguments(bootstrap, perfTopic,
                    summary.batches(), recordSize, config), echo);
        }
        ProducerPerformanceComparison.Row gen = ProducerPerformanceComparison.generateRow(summary);
        String table = ProducerPerformanceComparison.table(gen, perf, recordSize);
        comparisonJson = ProducerPerformanceComparison.json(gen, perf, recordSize, warmUpRecords);
        out.print(table);
        out.flush();
        return table;
    }
}
