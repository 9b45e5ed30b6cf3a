package io.promsnap.loadgen.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.promsnap.broker.EmbeddedKafkaBroker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code promsnap broker}: Apache Kafka's KRaft server in this JVM, until Ctrl-C. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Starts an Apache Kafka broker (KRaft, combined broker+controller) bound to 127.0.0.1,",
            "formats its storage on first start, prints bootstrap.servers=127.0.0.1:PORT and runs until Ctrl-C.",
            "With --security sasl-ssl or sasl-plaintext the client listener demands SASL (PLAIN, SCRAM-SHA-256,",
            "SCRAM-SHA-512; over TLS with a freshly generated CA for sasl-ssl) and a ready client.properties for",
            "--command-config is written into the data directory; its path is printed."})
public final class BrokerCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "0", converter = io.promsnap.cli.options.Converters.Port.class,
            description = "client port, 0 to 65535; 0 picks a free one (default)")
    int port;

    @Option(names = "--data-dir", description = "keep the data here (reused on the next start); default: a temporary "
            + "directory deleted on exit")
    Path dataDir;

    @Option(names = "--security", defaultValue = "plaintext", converter = SecurityConverter.class,
            description = "plaintext, sasl-plaintext or sasl-ssl; default ${DEFAULT-VALUE}")
    EmbeddedKafkaBroker.Security security;

    @Option(names = "--sasl-mechanism", defaultValue = "PLAIN", paramLabel = "M", converter = MechanismConverter.class,
            description = "the mechanism written into client.properties: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (the "
                    + "broker accepts all three); default ${DEFAULT-VALUE}")
    String saslMechanism;

    @Spec
    CommandSpec spec;

    static final class SecurityConverter implements picocli.CommandLine.ITypeConverter<EmbeddedKafkaBroker.Security> {
        @Override
        public EmbeddedKafkaBroker.Security convert(String value) {
            for (EmbeddedKafkaBroker.Security s : EmbeddedKafkaBroker.Security.values()) {
                if (s.name().replace('_', '-').equalsIgnoreCase(value.strip().replace('_', '-'))) {
                    return s;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("'" + value
                    + "' is not accepted; expected plaintext, sasl-plaintext or sasl-ssl");
        }
    }

    static final class MechanismConverter implements picocli.CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String m = value.strip().toUpperCase(java.util.Locale.ROOT);
            if (!EmbeddedKafkaBroker.SASL_MECHANISMS.contains(m)) {
                throw new picocli.CommandLine.TypeConversionException("'" + value
                        + "' is not accepted; expected PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512");
            }
            return m;
        }
    }

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** Stops a running {@link #call()} (what Ctrl-C does); for tests and embedding. */
    public void requestStop() {
        stopRequested.countDown();
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (port != 0 && !free(port)) {
            // checked first: Kafka itself would log a long stack trace before saying so
            spec.commandLine().getErr().println("promsnap broker: port " + port + " on 127.0.0.1 is in use; choose "
                    + "another --port, or 0 for a free one");
            return 1;
        }
        EmbeddedKafkaBroker.Builder b = EmbeddedKafkaBroker.builder().port(port).security(security)
                .saslMechanism(saslMechanism);
        if (dataDir != null) {
            b.dataDir(dataDir);
        }
        EmbeddedKafkaBroker broker = b.build();
        Thread hook = new Thread(() -> {
            requestStop();
            try {
                stopped.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "promsnap-broker-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            broker.start();
            out.println("bootstrap.servers=" + broker.bootstrapServers());
            if (security != EmbeddedKafkaBroker.Security.PLAINTEXT) {
                // the path, never the contents: the file holds the password
                out.println("client properties (" + security + ", " + saslMechanism + ", user "
                        + EmbeddedKafkaBroker.SASL_USER + "): " + broker.clientConfigFile()
                        + "  (use with --command-config)");
            }
            out.println("data in " + broker.dataDir() + (dataDir == null ? " (temporary)" : "") + "; Ctrl-C to stop");
            out.flush();
            stopRequested.await();
            return 0;
        } finally {
            broker.close();
            stopped.countDown();
            removeHook(hook);
        }
    }

    private static boolean free(int port) {
        try (java.net.ServerSocket s = new java.net.ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting and the hook is running: nothing to remove
        }
    }
}
