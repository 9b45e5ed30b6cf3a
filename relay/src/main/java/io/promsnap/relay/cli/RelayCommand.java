package io.promsnap.relay.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.promsnap.ContainerFormat;
import io.promsnap.DecoderConfig;
import io.promsnap.cli.options.Converters;
import io.promsnap.cli.options.DecoderOption;
import io.promsnap.cli.options.MatchOption;
import io.promsnap.loadgen.cli.ClientOptions;
import io.promsnap.loadgen.cli.ConsumeCommand;
import io.promsnap.loadgen.cli.ConsumeCommand.OnError;
import io.promsnap.loadgen.cli.DurationConverter;
import io.promsnap.relay.Relay;
import io.promsnap.relay.RelayStats;
import io.promsnap.relay.Sink;
import io.promsnap.relay.format.SampleFormat;
import io.promsnap.relay.sink.KafkaSink;
import io.promsnap.relay.sink.RemoteWriteSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code promsnap relay}: the delivery topic decoded and forwarded, at least once, to Prometheus
 * remote-write or to a Kafka topic of one sample per message.
 */
@Command(name = "relay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Decodes the delivery topic and forwards every sample to a Prometheus remote-write endpoint",
            "(--to remote-write --url URL) or to a Kafka topic of one sample per message (--to kafka --output-topic T",
            "--format jsonl|victoriametrics|clickhouse). A message's offset is committed only after every sample from it",
            "was acknowledged. Ctrl-C/SIGTERM drains what is in flight, commits, and prints the summary.",
            "Exit codes: 0 done, 1 a fatal error (bad message or rejected samples with --on-error fail, Kafka",
            "unreachable, samples left unacknowledged), 2 usage."})
public final class RelayCommand implements Callable<Integer> {

    /** The sinks. */
    public enum To { REMOTE_WRITE, KAFKA }

    @Mixin
    ClientOptions client = new ClientOptions();

    @Option(names = "--topic", required = true, description = "the delivery topic to read")
    String topic;

    @Mixin
    DecoderOption decoderOption = new DecoderOption();

    @Mixin
    MatchOption match = new MatchOption();

    // not the ContainerOption mixin: its hidden old spelling --format is this command's output format
    @Option(names = "--container", paramLabel = "raw|framed|xerial|auto", defaultValue = "raw",
            converter = ContainerConverter.class,
            description = "Snappy container of the delivery messages: raw (the vendor's), framed, xerial or auto; "
                    + "default ${DEFAULT-VALUE}")
    ContainerFormat container;

    @Option(names = "--group", defaultValue = "promsnap-relay", description = "consumer group, default ${DEFAULT-VALUE}")
    String group;

    @Option(names = "--to", required = true, converter = ToConverter.class, paramLabel = "remote-write|kafka",
            description = "where the samples go")
    To to;

    @Option(names = "--url", paramLabel = "URL", converter = UrlConverter.class, description = "remote-write endpoint, e.g. http://prometheus:9090/api/v1/write")
    URI url;

    @Option(names = "--header", paramLabel = "K=V", converter = Converters.KeyValue.class,
            description = "extra HTTP header for remote-write (e.g. X-Scope-OrgID=tenant1); repeatable")
    List<String> header = new ArrayList<>();

    @Option(names = "--basic-auth-file", paramLabel = "FILE", converter = Converters.ReadableFile.class,
            description = "a file holding user:password (one line) for remote-write basic authentication; never printed")
    Path basicAuthFile;

    @Option(names = "--max-samples-per-send", paramLabel = "N", defaultValue = "2000", converter = Converters.PositiveInt.class,
            description = "samples per remote-write request at most; default ${DEFAULT-VALUE} (Prometheus' own)")
    int maxSamplesPerSend;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4", converter = Converters.PositiveInt.class,
            description = "remote-write shards, each sending one request at a time; a series always uses the same one; "
                    + "default ${DEFAULT-VALUE}")
    int concurrency;

    @Option(names = "--batch-send-deadline", paramLabel = "D", defaultValue = "200ms", converter = DurationConverter.class,
            description = "send a shard's request when its oldest sample waited this long; default ${DEFAULT-VALUE}")
    Duration sendDeadline;

    @Option(names = "--max-backoff", paramLabel = "D", defaultValue = "5s", converter = DurationConverter.class,
            description = "longest wait between retries of a request (from 50ms, doubling, with jitter); default ${DEFAULT-VALUE}")
    Duration maxBackoff;

    @Option(names = "--output-topic", paramLabel = "T", description = "for --to kafka")
    String outputTopic;

    @Option(names = "--format", paramLabel = "jsonl|victoriametrics|clickhouse", defaultValue = "jsonl",
            converter = FormatConverter.class, description = "message format for --to kafka; default ${DEFAULT-VALUE}")
    SampleFormat format;

    @Option(names = "--producer-property", paramLabel = "KEY=VALUE", converter = Converters.KeyValue.class,
            description = "producer property override for --to kafka and the dead-letter topic; repeatable")
    List<String> producerProperties = new ArrayList<>();

    @Option(names = "--consumer-property", paramLabel = "KEY=VALUE", converter = Converters.KeyValue.class,
            description = "consumer property override; repeatable")
    List<String> consumerProperties = new ArrayList<>();

    @Option(names = "--add-label", paramLabel = "K=V", converter = Converters.KeyValue.class,
            description = "label added to every sample that lacks it; repeatable")
    List<String> addLabel = new ArrayList<>();

    @Option(names = "--on-error", defaultValue = "fail", converter = ConsumeCommand.OnErrorConverter.class,
            description = "a message that cannot be decoded, or samples the sink rejects (4xx, a failed produce): fail "
                    + "(stop, exit 1, not committed), skip (report and go on) or dead-letter (to --dead-letter-topic: the "
                    + "raw message, or the rejected samples as JSON Lines, with promsnap.error headers); default ${DEFAULT-VALUE}")
    OnError onError;

    @Option(names = "--dead-letter-topic", paramLabel = "T", description = "default <topic>.dead-letter")
    String deadLetterTopic;

    @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "100000", converter = Converters.PositiveInt.class,
            description = "samples held (decoded, not yet acknowledged) before fetching pauses; default ${DEFAULT-VALUE}")
    int maxInFlight;

    @Option(names = "--drain-timeout", paramLabel = "D", defaultValue = "30s", converter = DurationConverter.class,
            description = "on stop, how long to wait for in-flight samples; default ${DEFAULT-VALUE}")
    Duration drainTimeout;

    @Option(names = "--idle-timeout", paramLabel = "D", converter = DurationConverter.class,
            description = "stop when nothing arrived and nothing is in flight for this long (default: run until Ctrl-C)")
    Duration idleTimeout;

    @Option(names = "--connect-timeout", paramLabel = "D", defaultValue = "60s", converter = DurationConverter.class,
            description = "exit 1 when no partition gets assigned for this long; default ${DEFAULT-VALUE}")
    Duration connectTimeout;

    @Option(names = "--max-messages", paramLabel = "N", defaultValue = "0", converter = Converters.NonNegativeLong.class,
            description = "stop after N messages (0 = no limit)")
    long maxMessages;

    @Option(names = "--json", paramLabel = "FILE", description = "write the summary as JSON")
    Path json;

    @Option(names = "--quiet", description = "no progress lines")
    boolean quiet;

    @Spec
    CommandSpec spec;

    private volatile Relay relay;

    /** Stops a running {@link #call()} (what Ctrl-C does). */
    public void requestStop() {
        Relay r = relay;
        if (r != null) {
            r.requestStop();
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        client.requireBootstrap(spec);
        if (to == To.REMOTE_WRITE && url == null) {
            throw new ParameterException(spec.commandLine(), "--to remote-write needs --url URL");
        }
        if (to == To.KAFKA && outputTopic == null) {
            throw new ParameterException(spec.commandLine(), "--to kafka needs --output-topic T");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String kv : header) {
            int eq = kv.indexOf('=');
            headers.put(kv.substring(0, eq).strip(), kv.substring(eq + 1));
        }
        String refused = RemoteWriteSink.refusedHeader(headers);
        if (refused != null) {
            // found now, not by the first send: a header the HTTP client refuses would stop the shard at every send
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--header': " + refused);
        }
        String basicAuth = null;
        if (basicAuthFile != null) {
            basicAuth = Files.readString(basicAuthFile, StandardCharsets.UTF_8).strip();
            if (!basicAuth.contains(":")) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--basic-auth-file': "
                        + basicAuthFile + " must hold user:password on one line");
            }
            // the password, and the header that carries it, are masked wherever an error text might echo them
            io.promsnap.cli.options.Redaction.registerValues(java.util.List.of(basicAuth,
                    basicAuth.substring(basicAuth.indexOf(':') + 1), RemoteWriteSink.basicAuthorization(basicAuth)));
        }
        // header values are often tokens (Authorization, X-Api-Key): masked as well
        io.promsnap.cli.options.Redaction.registerValues(headers.values());
        String[] added = new String[2 * addLabel.size()];
        for (int i = 0; i < addLabel.size(); i++) {
            String kv = addLabel.get(i);
            int eq = kv.indexOf('=');
            added[2 * i] = kv.substring(0, eq).strip();
            added[2 * i + 1] = kv.substring(eq + 1);
        }

        Relay.Options o = new Relay.Options();
        o.consumerProperties = client.properties(consumerProperties);
        o.consumerProperties.putIfAbsent("group.id", group);
        o.producerProperties = client.properties(producerProperties);
        o.topic = topic;
        o.bootstrap = client.bootstrapServer();
        o.decoder = decoderOption.name();
        o.decoderConfig = DecoderConfig.defaults().withContainerFormat(container).withSelector(match.selector());
        o.addLabels = added;
        o.onError = onError;
        o.deadLetterTopic = deadLetterTopic;
        o.maxInFlight = maxInFlight;
        o.drainTimeout = drainTimeout;
        o.idleTimeout = idleTimeout;
        o.connectTimeout = connectTimeout;
        o.maxMessages = maxMessages;
        o.quiet = quiet;

        String auth = basicAuth;
        java.util.function.Function<Sink.Delivery, Sink> sinks = d -> to == To.KAFKA
                ? new KafkaSink(o.producerProperties, outputTopic, format, d)
                : new RemoteWriteSink(url, headers, auth, concurrency, maxSamplesPerSend, sendDeadline,
                        Duration.ofMillis(50), maxBackoff, Duration.ofSeconds(30), d);

        Relay r = new Relay(o, err);
        relay = r;
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            r.requestStop();
            try {
                // the drain, the final commit and the summary happen on the relay's thread: wait for them
                finished.await(drainTimeout.toSeconds() + 35, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "promsnap-relay-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            RelayStats stats = r.run(sinks);
            err.printf(Locale.ROOT, "%.1f s, %.1f samples/s in, %.1f samples/s sent; stopped: %s%n", stats.seconds(),
                    stats.samplesIn() / Math.max(stats.seconds(), 1e-9), stats.samplesSent() / Math.max(stats.seconds(), 1e-9),
                    stats.stoppedBecause());
            if (json != null) {
                Files.writeString(json, stats.json(), StandardCharsets.UTF_8);
            }
            out.println(stats.line());
            out.flush();
            err.flush();
            if (r.fatal() != null) {
                err.println("ERROR " + io.promsnap.cli.options.Redaction.redact(r.fatal()));
                err.flush();
                return 1;
            }
            return stats.samplesUnacknowledged() == 0 ? 0 : 1;
        } finally {
            relay = null;
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
    }

    static final class ToConverter implements ITypeConverter<To> {
        @Override
        public To convert(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "remote-write" -> To.REMOTE_WRITE;
                case "kafka" -> To.KAFKA;
                default -> throw new TypeConversionException("'" + value + "' is not accepted; expected remote-write or kafka");
            };
        }
    }

    static final class UrlConverter implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            try {
                URI u = new URI(value.strip());
                if (u.getScheme() != null && List.of("http", "https").contains(u.getScheme().toLowerCase(Locale.ROOT))
                        && u.getHost() != null) {
                    return u;
                }
            } catch (java.net.URISyntaxException e) {
                // the sentence below
            }
            throw new TypeConversionException("'" + value + "' is not accepted; expected an http or https URL such as "
                    + "http://prometheus:9090/api/v1/write");
        }
    }

    static final class ContainerConverter implements ITypeConverter<ContainerFormat> {
        @Override
        public ContainerFormat convert(String value) {
            try {
                return ContainerFormat.valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not accepted; expected raw, framed, xerial or auto");
            }
        }
    }

    static final class FormatConverter implements ITypeConverter<SampleFormat> {
        @Override
        public SampleFormat convert(String value) {
            for (SampleFormat f : SampleFormat.values()) {
                if (f.spelling().equalsIgnoreCase(value.strip())) {
                    return f;
                }
            }
            throw new TypeConversionException("'" + value + "' is not accepted; expected jsonl, victoriametrics or clickhouse");
        }
    }
}
